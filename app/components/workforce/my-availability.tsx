import { Form } from "@remix-run/react";
import { useRef, useState } from "react";
import { Button } from "~/components/ui/button";
import { CONTROL_COMPACT, FormError, TimeInput, useRevealFirstError } from "~/components/ui/field";
import { WEEKDAYS, weekdayName } from "~/lib/shift-format";
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
  // Text in a From/To box that is not a 24-hour time, by box; the first is shown under the rows.
  const [timeProblems, setTimeProblems] = useState<Record<string, string | null>>({});
  const timeProblem = Object.entries(timeProblems).find(([box, message]) => message && rows.some((r) => box.startsWith(`${r.key}-`)))?.[1];
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

  return (
    <Form ref={formRef} method="post" noValidate className="space-y-3" aria-label="Weekly availability">
      <FormError message={failure?.formError} />
      <p className="text-xs text-slate-500">
        When you can usually work, in your zone ({zone}). Each row is within one day; for a night, add a row for each side of
        midnight.
      </p>
      {rows.length === 0 ? (
        <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600">No hours set. Add the days you can work.</p>
      ) : (
        <ul className="space-y-2">
          {rows.map((row, i) => (
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
                  aria-describedby={timeProblems[`${row.key}-start`] ? "availability-time-problem" : undefined}
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
                  aria-describedby={timeProblems[`${row.key}-end`] ? "availability-time-problem" : undefined}
                  aria-invalid={Boolean(/^\d\d:\d\d$/.test(row.start) && /^\d\d:\d\d$/.test(row.end) && row.end <= row.start)}
                  className={CONTROL}
                />
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => remove(row.key)}
                  aria-label={`Remove ${weekdayName(row.weekday)} ${row.start}–${row.end}`}
                  title="Remove"
                >
                  ✕
                </Button>
              </fieldset>
            </li>
          ))}
        </ul>
      )}
      {timeProblem ? (
        <p id="availability-time-problem" className="text-sm text-red-700">
          {timeProblem}
        </p>
      ) : null}
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
