import { Form } from "@remix-run/react";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { CONTROL_COMPACT, FormError, TimeInput, useRevealFirstError } from "~/components/ui/field";
import { availabilityLabel, findAvailabilityOverlap, isOvernight, SAME_START_AND_END, WEEKDAYS, weekdayName } from "~/lib/shift-format";
import type { MyActionFailure } from "./my-offer-back-dialog";

export interface AvailabilitySlot {
  weekday: number;
  start: string;
  end: string;
}

const CONTROL = `block w-full ${CONTROL_COMPACT}`;

/**
 * The weekly hours the agent can work, edited as rows and saved all at once
 * (the server replaces the whole week). Mount it with a new `key` after a save
 * to start again from what was stored.
 */
export function MyAvailability({
  slots,
  zone,
  failure,
  busy,
}: {
  slots: AvailabilitySlot[];
  zone: string;
  failure: MyActionFailure | null;
  busy: boolean;
}) {
  const nextKey = useRef(slots.length);
  const [rows, setRows] = useState(() => slots.map((s, i) => ({ ...s, key: i })));
  const [dirty, setDirty] = useState(false);
  // Text in a From/To box that is not a 24-hour time, by box ("3-end"); said under its row.
  const [timeProblems, setTimeProblems] = useState<Record<string, string | null>>({});
  const rowProblems = problemsByRow(rows);
  const problemOf = (key: number) => timeProblems[`${key}-start`] ?? timeProblems[`${key}-end`] ?? rowProblems.get(key)?.message ?? null;
  const change = (key: number, patch: Partial<AvailabilitySlot>) => {
    setRows((current) => current.map((r) => (r.key === key ? { ...r, ...patch } : r)));
    setDirty(true);
  };
  const add = () => {
    const last = rows[rows.length - 1];
    const weekday = last ? (last.weekday % 7) + 1 : 1;
    setRows((current) => [...current, { key: nextKey.current++, weekday, start: last?.start ?? "09:00", end: last?.end ?? "17:00" }]);
    setDirty(true);
  };
  const remove = (key: number) => {
    setRows((current) => current.filter((r) => r.key !== key));
    setDirty(true);
  };
  // A domain refusal names the field and says the same thing as the form error: say it once.
  const errors = failure?.fieldErrors.slots?.filter((m) => m !== failure.formError);
  const formRef = useRef<HTMLFormElement>(null);
  useRevealFirstError(formRef, failure);

  // A row that ends when it starts, or overlaps another, is said under the row and not sent. Read from the form, not
  // from state: the time boxes have just written their settled values ("2200" → "22:00") into it.
  const checkBeforeSending = (event: FormEvent<HTMLFormElement>) => {
    const form = new FormData(event.currentTarget);
    const [weekdays, starts, ends] = (["weekday", "start", "end"] as const).map((name) => form.getAll(name).map(String));
    const sent = rows.map((r, i) => ({ key: r.key, weekday: Number(weekdays![i]), start: starts![i] ?? "", end: ends![i] ?? "" }));
    const problems = problemsByRow(sent);
    const first = sent.find((r) => problems.has(r.key));
    if (!first) return;
    event.preventDefault();
    document.getElementById(`slot-${first.key}-${problems.get(first.key)!.box}`)?.focus();
  };

  return (
    <Form ref={formRef} method="post" noValidate className="space-y-3" aria-label="Weekly availability" onSubmit={checkBeforeSending}>
      <FormError message={failure?.formError} />
      <p className="text-xs text-slate-500">
        When you can usually work, in your zone ({zone}). A row may run past midnight: an end before the start is on the
        next day (Mon 22:00 to 06:00 ends on Tuesday).
      </p>
      {rows.length === 0 ? (
        <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600">No hours set. Add the days you can work.</p>
      ) : (
        <ul className="space-y-2">
          {rows.map((row, i) => {
            const problem = problemOf(row.key);
            const startBad = Boolean(timeProblems[`${row.key}-start`]) || rowProblems.get(row.key)?.box === "start";
            const endBad = Boolean(timeProblems[`${row.key}-end`]) || rowProblems.get(row.key)?.box === "end";
            const night = !problem && isOvernight(row) && isTime(row.start) && isTime(row.end);
            return (
              <li key={row.key}>
                {/* The day keeps room for "Wed" and its arrow; the time boxes give way on a phone (never wider than the card). */}
                <fieldset className="grid min-w-0 grid-cols-[minmax(4.75rem,7rem)_minmax(4.5rem,7.5rem)_minmax(4.5rem,7.5rem)_2rem] items-center gap-2">
                  <legend className="sr-only">Availability {i + 1}</legend>
                  <label className="sr-only" htmlFor={`slot-${row.key}-weekday`}>
                    Day
                  </label>
                  <select
                    id={`slot-${row.key}-weekday`}
                    name="weekday"
                    value={row.weekday}
                    onChange={(e) => change(row.key, { weekday: Number(e.target.value) })}
                    className={CONTROL}
                  >
                    {WEEKDAYS.map((w) => (
                      <option key={w.value} value={w.value}>
                        {w.short}
                      </option>
                    ))}
                  </select>
                  <label className="sr-only" htmlFor={`slot-${row.key}-start`}>
                    From
                  </label>
                  <TimeInput
                    id={`slot-${row.key}-start`}
                    name="start"
                    required
                    value={row.start}
                    onTimeChange={(start) => change(row.key, { start })}
                    onTimeError={(message) => setTimeProblems((p) => ({ ...p, [`${row.key}-start`]: message }))}
                    aria-describedby={startBad ? `slot-${row.key}-problem` : undefined}
                    aria-invalid={startBad}
                    className={CONTROL}
                  />
                  <label className="sr-only" htmlFor={`slot-${row.key}-end`}>
                    To
                  </label>
                  <TimeInput
                    id={`slot-${row.key}-end`}
                    name="end"
                    required
                    value={row.end}
                    onTimeChange={(end) => change(row.key, { end })}
                    onTimeError={(message) => setTimeProblems((p) => ({ ...p, [`${row.key}-end`]: message }))}
                    aria-describedby={endBad ? `slot-${row.key}-problem` : night ? `slot-${row.key}-night` : undefined}
                    aria-invalid={endBad}
                    className={CONTROL}
                  />
                  <Button
                    variant="ghost"
                    size="sm"
                    onClick={() => remove(row.key)}
                    aria-label={`Remove ${availabilityLabel(row)}`}
                    title="Remove"
                  >
                    ✕
                  </Button>
                </fieldset>
                {problem ? (
                  <p id={`slot-${row.key}-problem`} className="mt-1 text-sm text-red-700">
                    {problem}
                  </p>
                ) : night ? (
                  <p id={`slot-${row.key}-night`} className="mt-1 text-xs text-slate-600">
                    {row.end === "00:00" ? "Until midnight." : `Until ${weekdayName((row.weekday % 7) + 1)} ${row.end} (next day).`}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {errors?.length ? <p className="text-sm text-red-700">{errors.join(" ")}</p> : null}
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" size="sm" onClick={add}>
          Add a day
        </Button>
        <Button type="submit" size="sm" disabled={busy}>
          {busy ? "Saving…" : "Save availability"}
        </Button>
        {dirty ? <span className="text-xs text-amber-700">Unsaved changes</span> : null}
      </div>
      {/* Last, so space-y does not count it as the first child and push the text down. */}
      <input type="hidden" name="intent" value="availability" />
    </Form>
  );
}

const isTime = (text: string) => /^\d\d:\d\d$/.test(text);

/**
 * What is wrong with rows whose times read, by row key, and which box to mark: an end that is the start, or
 * the later of two rows that overlap (its start lies in the other), e.g. "Overlaps Monday 22:00–06:00 (next day).".
 */
function problemsByRow(rows: (AvailabilitySlot & { key: number })[]): Map<number, { message: string; box: "start" | "end" }> {
  const problems = new Map<number, { message: string; box: "start" | "end" }>();
  const readable = rows.filter((r) => isTime(r.start) && isTime(r.end));
  for (const r of readable) if (r.end === r.start) problems.set(r.key, { message: SAME_START_AND_END, box: "end" });
  const pair = findAvailabilityOverlap(readable.filter((r) => !problems.has(r.key)));
  if (pair) problems.set(pair[1].key, { message: `Overlaps ${availabilityLabel(pair[0])}.`, box: "start" });
  return problems;
}
