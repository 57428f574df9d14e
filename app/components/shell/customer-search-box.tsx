import { useFetcher, useNavigate } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { countryName, KIND_LABELS, MATCH_LABELS } from "~/components/crm/crm-labels";
import type { CustomerSearchResult } from "~/routes/customers.search";

const DEBOUNCE_MS = 150;

/** True when a key press belongs to something the person is typing into. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
}

/**
 * The customer search box in the shell: search as you type (debounced), hits in a
 * listbox (ARIA combobox pattern). ↑/↓ move, Enter opens the highlighted customer
 * (or all results when none is highlighted), Escape closes; "/" focuses it from anywhere.
 */
export function CustomerSearchBox() {
  const fetcher = useFetcher<CustomerSearchResult>();
  const navigate = useNavigate();
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  // Set once "/" works (after hydration), so tests and tools can wait for it.
  const [ready, setReady] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const id = useId();
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;

  const trimmed = query.trim();
  const result = fetcher.data && fetcher.data.q === trimmed ? fetcher.data : null;
  const items = result?.items ?? [];
  // Waiting for the debounce or the server: the shown hits belong to an older query.
  const searching = trimmed !== "" && (fetcher.state !== "idle" || !result);

  // "/" focuses the box from anywhere, except while typing into another field.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (isTypingTarget(event.target)) return;
      event.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
    };
    document.addEventListener("keydown", onKey);
    setReady(true);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  // Closes when focus or a click goes elsewhere.
  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, []);

  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (value: string) => {
    setQuery(value);
    setActive(-1);
    setOpen(value.trim() !== "");
    clearTimeout(timer.current);
    const q = value.trim();
    if (!q) return;
    timer.current = setTimeout(() => fetcher.load(`/customers/search?q=${encodeURIComponent(q)}`), DEBOUNCE_MS);
  };

  const finish = (to: string) => {
    clearTimeout(timer.current);
    setOpen(false);
    setActive(-1);
    setQuery("");
    inputRef.current?.blur();
    navigate(to);
  };
  const openCustomer = (customerId: string) => finish(`/customers/${customerId}`);
  const allResults = () => finish(`/customers?q=${encodeURIComponent(trimmed)}`);

  // Options: the hits, then "all results".
  const optionCount = items.length + (trimmed ? 1 : 0);
  const optionId = (index: number) => `${id}-option-${index}`;

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open) setOpen(trimmed !== "");
      setActive((i) => (optionCount === 0 ? -1 : (i + 1) % optionCount));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((i) => (optionCount === 0 ? -1 : i <= 0 ? optionCount - 1 : i - 1));
    } else if (event.key === "Enter") {
      if (!trimmed) return;
      event.preventDefault();
      if (open && active >= 0 && active < items.length) openCustomer(items[active]!.id);
      else allResults();
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        setOpen(false);
        setActive(-1);
      } else if (query) {
        setQuery("");
      }
    } else if (event.key === "Home" || event.key === "End") {
      setActive(-1);
    }
  };

  const expanded = open && trimmed !== "";

  return (
    <div ref={rootRef} className="relative w-full max-w-xl" data-ready={ready || undefined} data-testid="customer-search">
      <label htmlFor={`${id}-input`} className="sr-only">
        Search customers
      </label>
      <div className="relative">
        <svg aria-hidden="true" viewBox="0 0 20 20" className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 fill-slate-400">
          <path d="M8.5 3a5.5 5.5 0 0 1 4.38 8.83l3.65 3.64a.75.75 0 1 1-1.06 1.06l-3.64-3.65A5.5 5.5 0 1 1 8.5 3Zm0 1.5a4 4 0 1 0 0 8 4 4 0 0 0 0-8Z" />
        </svg>
        <input
          ref={inputRef}
          id={`${id}-input`}
          type="search"
          role="combobox"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          aria-describedby={hintId}
          autoComplete="off"
          spellCheck={false}
          placeholder="Search customers by name, email, phone…"
          value={query}
          onChange={(e) => search(e.target.value)}
          onFocus={() => setOpen(trimmed !== "")}
          onKeyDown={onKeyDown}
          className="block w-full rounded-md border-0 py-2 pl-9 pr-3 text-sm sm:pr-10 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 [&::-webkit-search-cancel-button]:hidden"
        />
        <kbd
          aria-hidden="true"
          className="pointer-events-none absolute right-2.5 top-1/2 hidden -translate-y-1/2 rounded border border-slate-300 bg-slate-50 px-1.5 font-sans text-xs text-slate-500 sm:block"
        >
          /
        </kbd>
        <span id={hintId} className="sr-only">
          Type to search. Use the arrow keys to pick a customer and Enter to open; Enter without a pick shows all results. Press slash to come back here from anywhere.
        </span>
      </div>
      <div
        className={`absolute left-0 right-0 top-full z-30 mt-1 min-w-[min(24rem,calc(100vw-2rem))] overflow-hidden rounded-md bg-white shadow-lg ring-1 ring-slate-200 ${expanded ? "" : "hidden"}`}
      >
        <p role="status" aria-live="polite" className="border-b border-slate-100 px-3 py-1.5 text-xs text-slate-500" data-testid="customer-search-status">
          {!expanded
            ? ""
            : result?.error
              ? result.error
              : searching && items.length === 0
                ? "Searching…"
                : result && items.length === 0
                  ? `No customers match “${trimmed}”.`
                  : `${items.length}${result?.more ? "+" : ""} customer${items.length === 1 ? "" : "s"}${searching ? " · updating…" : ""}`}
        </p>
        <ul id={listId} role="listbox" aria-label="Customers found" className="max-h-[min(28rem,70vh)] overflow-y-auto py-1">
          {items.map((hit, index) => (
            <li
              key={hit.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              onPointerDown={(e) => e.preventDefault()}
              onClick={() => openCustomer(hit.id)}
              onPointerMove={() => setActive(index)}
              className={`cursor-pointer px-3 py-2 ${index === active ? "bg-indigo-50" : ""}`}
            >
              <div className="flex items-baseline gap-2">
                <span className={`max-w-[60%] shrink-0 truncate text-sm font-medium ${index === active ? "text-indigo-800" : "text-slate-900"}`}>{hit.name}</span>
                <span className="shrink-0 rounded bg-slate-100 px-1.5 text-[11px] font-medium text-slate-600">{KIND_LABELS[hit.kind]}</span>
                {hit.country ? <span className="min-w-0 shrink-[4] truncate text-xs text-slate-500">{countryName(hit.country)}</span> : null}
                <span className="ml-auto shrink-0 text-[11px] text-slate-500">matched {MATCH_LABELS[hit.match]}</span>
              </div>
              <div className="truncate text-xs text-slate-600">
                <span className={hit.match === "email" ? "font-semibold text-slate-800" : ""}>{hit.email ?? "no email"}</span>
                <span aria-hidden="true"> · </span>
                <span className={hit.match === "phone" ? "font-semibold text-slate-800" : ""}>{hit.phone ?? "no phone"}</span>
              </div>
            </li>
          ))}
          {trimmed ? (
            <li
              id={optionId(items.length)}
              role="option"
              aria-selected={active === items.length}
              onPointerDown={(e) => e.preventDefault()}
              onClick={allResults}
              onPointerMove={() => setActive(items.length)}
              className={`cursor-pointer border-t border-slate-100 px-3 py-2 text-sm text-indigo-700 ${active === items.length ? "bg-indigo-50" : ""}`}
            >
              See all results for “{trimmed}” <span className="text-xs text-slate-500">(Enter)</span>
            </li>
          ) : null}
        </ul>
      </div>
    </div>
  );
}
