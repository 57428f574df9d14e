import { useEffect, useId, useRef, useState } from "react";
import { Button } from "~/components/ui/button";
import { CONTROL, CONTROL_INLINE, FormError, normaliseTimeOfDay, SelectField, TextField, TIME_OF_DAY_MESSAGE, TimeInput, useRevealFirstError } from "~/components/ui/field";
import { formatLocalRange, instantFromLocal, isValidTimeZone } from "../../../server/workforce/local-time";
import { useCrmFetcher } from "./crm-action";
import { formOptional, formText } from "./customer-form-data";

export interface InteractionCaseChoice {
  value: string;
  label: string;
}

const CHANNELS = [
  { value: "phone", label: "Phone" },
  { value: "chat", label: "Chat" },
  { value: "email", label: "Email" },
  { value: "social", label: "Social" },
];

const OUTCOMES = [
  { value: "", label: "Not set" },
  { value: "resolved", label: "Resolved" },
  { value: "follow_up", label: "Follow-up needed" },
  { value: "escalated", label: "Escalated" },
];

const SHOWN_FIELDS = new Set([
  "channel",
  "direction",
  "subject",
  "summary",
  "outcome",
  "caseId",
  "startedAt",
  "endedAt",
  "durationMinutes",
]);


type Channel = "phone" | "chat" | "email" | "social";
type Outcome = "resolved" | "follow_up" | "escalated";

/**
 * The "interaction" form as `interactions.log` input, for the 360 page's action. "Earlier" takes a
 * local date-time read in the viewer's zone; a length gives the end (with "just now", the
 * interaction is taken as ending now). Errors the server need not see come back per field.
 */
export function readInteractionForm(form: FormData, customerId: string, now = new Date()) {
  const fieldErrors: Record<string, string[]> = {};
  const zoneField = formText(form, "zone");
  const zone = isValidTimeZone(zoneField) ? zoneField : "UTC";
  let startedAt: Date | undefined;
  if (formText(form, "when") === "earlier") {
    // A date and a 24-hour time (the browser's datetime-local shows AM/PM in an en-US browser).
    const date = formText(form, "startedDate");
    const timeText = formText(form, "startedTime");
    const time = timeText ? normaliseTimeOfDay(timeText) : null;
    if (timeText && !time) fieldErrors.startedAt = [TIME_OF_DAY_MESSAGE];
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !time) fieldErrors.startedAt = ["Pick the date and time it started."];
    else {
      try {
        startedAt = instantFromLocal(date, time, zone);
      } catch {
        fieldErrors.startedAt = ["Pick the date and time it started."];
      }
    }
  }
  let endedAt: Date | null = null;
  const length = formText(form, "durationMinutes");
  if (length) {
    const minutes = Number(length);
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > 1440) {
      fieldErrors.durationMinutes = ["A whole number of minutes, 0 to 1440."];
    } else if (startedAt) {
      endedAt = new Date(startedAt.getTime() + minutes * 60_000);
    } else {
      endedAt = now;
      startedAt = new Date(now.getTime() - minutes * 60_000);
    }
  }
  if (Object.keys(fieldErrors).length) return { fieldErrors } as const;
  return {
    input: {
      customerId,
      channel: formText(form, "channel") as Channel,
      direction: formText(form, "direction") as "inbound" | "outbound",
      ...(startedAt ? { startedAt: startedAt.toISOString() } : {}),
      endedAt: endedAt?.toISOString() ?? null,
      subject: formText(form, "subject"),
      summary: formOptional(form, "summary"),
      outcome: formOptional(form, "outcome") as Outcome | null,
      caseId: formOptional(form, "caseId"),
    },
  } as const;
}

/**
 * The confirmation after logging: which of the agent's shifts it was linked to, or that it is
 * off shift and waits for a supervisor. The shift's times come from the agent's own schedule;
 * if that cannot be read (a supervisor's record), the message just says "on shift".
 */
export async function interactionLoggedMessage(
  logged: { offShift: boolean; shiftId: string | null; startedAt: string },
  myShifts: (range: { from: string; to: string }) => Promise<{
    shifts: { id: string; startsAt: string | Date; endsAt: string | Date }[];
  }>,
  zone: string
): Promise<string> {
  if (logged.offShift || !logged.shiftId) return "Logged as off-shift: a supervisor will review it.";
  try {
    const at = new Date(logged.startedAt);
    const { shifts } = await myShifts({
      from: at.toISOString(),
      to: new Date(at.getTime() + 1).toISOString(),
    });
    const shift = shifts.find((s) => s.id === logged.shiftId);
    if (shift) return `Interaction logged (on shift ${formatLocalRange(new Date(shift.startsAt), new Date(shift.endsAt), zone)}).`;
  } catch {
    // Not readable as "my shifts" (e.g. a supervisor): the link is still stored.
  }
  return "Interaction logged (on shift).";
}

/**
 * Logs a call, chat, email or social message with this customer. The server sets the agent
 * from the session and links the shift covering the start; a start outside the agent's
 * shifts is stored as off-shift for a supervisor to review. Posts intent "interaction".
 */
export function InteractionForm({ cases, zone }: { cases: InteractionCaseChoice[]; zone: string }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [open, setOpen] = useState(false);
  const [earlier, setEarlier] = useState(false);
  const { fetcher, failure, busy, errors } = useCrmFetcher(() => {
    formRef.current?.reset();
    setEarlier(false);
    setOpen(false);
  });
  const id = useId();
  // Keyboard users land in the form when it opens, and back on its button when it closes.
  const openerRef = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open) formRef.current?.querySelector<HTMLElement>("select, input:not([type=hidden])")?.focus();
    else if (wasOpen.current) openerRef.current?.focus();
    wasOpen.current = open;
  }, [open]);
  useRevealFirstError(formRef, failure);
  const summaryErrors = errors.summary;
  const startErrors = errors.startedAt;
  // A time the field itself cannot read ("9pm") is said before anything is sent.
  const [startTimeProblem, setStartTimeProblem] = useState<string | null>(null);
  const shownStartErrors = startTimeProblem ? [startTimeProblem] : startErrors;
  // Errors of fields shown here stay beside them; anything else (not an agent, an erased customer) goes above the buttons.
  const shownBeside = Object.keys(errors).some((f) => SHOWN_FIELDS.has(f) && errors[f]?.length);
  const elsewhere = Object.entries(errors)
    .filter(([f]) => !SHOWN_FIELDS.has(f))
    .flatMap(([, messages]) => messages ?? []);
  const formMessage = !failure
    ? null
    : shownBeside
    ? "Some fields need attention."
    : [failure.formError, ...elsewhere.filter((m) => m !== failure.formError)].join(" ");

  if (!open) {
    return (
      <div className="mb-5">
        <Button type="button" size="sm" variant="secondary" aria-expanded={false} ref={openerRef} onClick={() => setOpen(true)}>
          Log interaction
        </Button>
      </div>
    );
  }

  return (
    <fetcher.Form
      ref={formRef}
      method="post"
      noValidate
      aria-label="Log interaction"
      className="mb-6 space-y-4 rounded-md bg-slate-50 p-4 ring-1 ring-inset ring-slate-200"
    >
      <input type="hidden" name="intent" value="interaction" />
      <input type="hidden" name="zone" value={zone} />
      <div className="flex items-center justify-between">
        <h3 className="text-sm font-semibold text-slate-900">Log interaction</h3>
        <span className="text-xs text-slate-500">Linked to your shift at the start time</span>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Channel" name="channel" defaultValue="phone" options={CHANNELS} errors={errors.channel} />
        <fieldset>
          <legend className="block text-sm font-medium text-slate-700">Direction</legend>
          <div className="mt-2 flex gap-4 text-sm">
            <label className="flex items-center gap-1.5">
              <input type="radio" name="direction" value="inbound" defaultChecked /> Inbound
            </label>
            <label className="flex items-center gap-1.5">
              <input type="radio" name="direction" value="outbound" /> Outbound
            </label>
          </div>
          {errors.direction ? <p className="text-sm text-red-700">{errors.direction.join(" ")}</p> : null}
        </fieldset>
      </div>
      <TextField label="Subject" name="subject" maxLength={200} required errors={errors.subject} placeholder="What was it about?" />
      <div className="space-y-1">
        <label htmlFor={`${id}-summary`} className="block text-sm font-medium text-slate-700">
          Summary <span className="font-normal text-slate-500">(optional)</span>
        </label>
        <textarea
          id={`${id}-summary`}
          name="summary"
          rows={3}
          maxLength={10_000}
          aria-invalid={Boolean(summaryErrors)}
          aria-describedby={summaryErrors ? `${id}-summary-error` : undefined}
          className={CONTROL}
        />
        {summaryErrors ? (
          <p id={`${id}-summary-error`} className="text-sm text-red-700">
            {summaryErrors.join(" ")}
          </p>
        ) : null}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Outcome (optional)" name="outcome" defaultValue="" options={OUTCOMES} errors={errors.outcome} />
        <SelectField
          label="Case (optional)"
          name="caseId"
          defaultValue=""
          options={[
            {
              value: "",
              label: cases.length ? "No case" : "This customer has no cases",
            },
            ...cases,
          ]}
          disabled={cases.length === 0}
          errors={errors.caseId}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <fieldset>
          <legend className="block text-sm font-medium text-slate-700">Started</legend>
          <div className="mt-2 flex flex-wrap gap-4 text-sm">
            <label className="flex items-center gap-1.5">
              <input type="radio" name="when" value="now" checked={!earlier} onChange={() => setEarlier(false)} /> Just now
            </label>
            <label className="flex items-center gap-1.5">
              <input type="radio" name="when" value="earlier" checked={earlier} onChange={() => setEarlier(true)} /> Earlier
            </label>
          </div>
          {earlier ? (
            <div className="mt-2 space-y-1">
              <div className="flex flex-wrap gap-2">
                <label htmlFor={`${id}-start`} className="sr-only">
                  Started on
                </label>
                <input
                  id={`${id}-start`}
                  type="date"
                  name="startedDate"
                  aria-invalid={Boolean(startErrors) && !startTimeProblem}
                  aria-describedby={`${id}-start-hint${shownStartErrors ? ` ${id}-start-error` : ""}`}
                  className={`${CONTROL_INLINE} w-40`}
                />
                <label htmlFor={`${id}-start-time`} className="sr-only">
                  Started at
                </label>
                <TimeInput
                  id={`${id}-start-time`}
                  name="startedTime"
                  onTimeError={setStartTimeProblem}
                  aria-invalid={Boolean(shownStartErrors)}
                  aria-describedby={`${id}-start-hint${shownStartErrors ? ` ${id}-start-error` : ""}`}
                  className={`${CONTROL_INLINE} w-24`}
                />
              </div>
              <p id={`${id}-start-hint`} className="text-xs text-slate-500">
                Your time ({zone}), 24-hour.
              </p>
            </div>
          ) : null}
          {shownStartErrors ? (
            <p id={`${id}-start-error`} className="text-sm text-red-700">
              {shownStartErrors.join(" ")}
            </p>
          ) : null}
        </fieldset>
        <TextField
          label="Length in minutes (optional)"
          name="durationMinutes"
          type="number"
          inputMode="numeric"
          min={0}
          max={1440}
          errors={errors.endedAt ?? errors.durationMinutes}
          hint={earlier ? "Sets the end time from the start." : "With “just now”, the interaction is taken as ending now."}
        />
      </div>
      <FormError message={formMessage} />
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={busy}>
          {busy ? "Logging…" : "Log interaction"}
        </Button>
        <Button type="button" size="sm" variant="secondary" onClick={() => setOpen(false)} disabled={busy}>
          Cancel
        </Button>
      </div>
    </fetcher.Form>
  );
}
