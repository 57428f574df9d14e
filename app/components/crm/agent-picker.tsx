import { useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { CONTROL, FieldShell } from "~/components/ui/field";
import type { AgentLookupResult } from "~/routes/agents.lookup";

const DEBOUNCE_MS = 150;

export interface PickedAgent {
  id: string;
  name: string;
}

/**
 * Picks the agent who owns a case: type part of a colleague's name, choose from
 * the list (ARIA combobox: ↑/↓ move, Enter picks, Escape closes), or pick
 * "Unassigned". The chosen id goes with the form as `name`.
 */
export function AgentPicker({
  label,
  name,
  initial,
  errors,
}: {
  label: string;
  name: string;
  initial: PickedAgent | null;
  errors?: string[];
}) {
  const fetcher = useFetcher<AgentLookupResult>();
  const [picked, setPicked] = useState<PickedAgent | null>(initial);
  const [query, setQuery] = useState(initial?.name ?? "");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const rootRef = useRef<HTMLDivElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const listId = `${useId()}-list`;

  // Typing over the chosen name searches; the chosen name itself lists everyone.
  const typed = picked && query === picked.name ? "" : query.trim();
  const result = fetcher.data && fetcher.data.q === typed ? fetcher.data : null;
  const options: (PickedAgent & { teamName?: string | null })[] = [{ id: "", name: "Unassigned" }, ...(result?.items ?? [])];

  const load = (q: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => fetcher.load(`/agents/lookup?q=${encodeURIComponent(q)}`), DEBOUNCE_MS);
  };
  useEffect(() => () => clearTimeout(timer.current), []);

  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, []);

  const choose = (option: PickedAgent) => {
    const next = option.id ? option : null;
    setPicked(next);
    setQuery(next?.name ?? "");
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        load(typed);
      }
      setActive((i) => Math.min(i + 1, options.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === "Enter" && open) {
      event.preventDefault();
      const option = options[active];
      if (option) choose(option);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setOpen(false);
      setQuery(picked?.name ?? "");
    }
  };

  const loading = open && (fetcher.state !== "idle" || !result);
  return (
    <FieldShell label={label} errors={errors}>
      {(aria) => (
        <div className="relative" ref={rootRef}>
          <input type="hidden" name={name} value={picked?.id ?? ""} />
          <input
            {...aria}
            role="combobox"
            aria-expanded={open}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
            autoComplete="off"
            placeholder="Unassigned — type a name"
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setOpen(true);
              setActive(-1);
              load(event.target.value.trim());
            }}
            onFocus={() => {
              setOpen(true);
              load(typed);
            }}
            onBlur={(event) => {
              if (rootRef.current?.contains(event.relatedTarget as Node)) return;
              // Leaving without choosing keeps the last choice.
              setQuery(picked?.name ?? "");
              setOpen(false);
            }}
            onKeyDown={onKeyDown}
            className={CONTROL}
          />
          {open ? (
            <ul
              id={listId}
              role="listbox"
              aria-label={`${label}: choices`}
              className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200"
            >
              {options.map((option, i) => (
                <li
                  key={option.id || "none"}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  onPointerDown={(event) => event.preventDefault()}
                  onClick={() => choose(option)}
                  className={`flex cursor-pointer justify-between gap-2 px-3 py-1.5 ${i === active ? "bg-indigo-50 text-indigo-900" : "text-slate-800"} ${option.id ? "" : "italic text-slate-500"}`}
                >
                  <span>{option.name}</span>
                  {option.teamName ? <span className="text-xs text-slate-500">{option.teamName}</span> : null}
                </li>
              ))}
              {loading ? <li className="px-3 py-1.5 text-slate-500">Looking…</li> : null}
              {!loading && result && result.items.length === 0 ? <li className="px-3 py-1.5 text-slate-500">No agent named “{typed}”.</li> : null}
            </ul>
          ) : null}
        </div>
      )}
    </FieldShell>
  );
}
