import { Form, Link, useNavigate, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { FormError, SelectField, TextField } from "~/components/ui/field";

export interface PanelFailure {
  intent?: unknown;
  formError: string;
  fieldErrors: Record<string, string[] | undefined>;
  details: unknown;
}

interface Violation {
  rule: string;
  message: string;
  overridable: boolean;
}

function violationsOf(failure: PanelFailure | null): Violation[] {
  const details = failure?.details as { violations?: Violation[]; problems?: { date: string; violations: Violation[] }[] } | null;
  if (details?.violations) return details.violations;
  if (details?.problems) return details.problems.flatMap((p) => p.violations.map((v) => ({ ...v, message: `${p.date}: ${v.message}` })));
  return [];
}

function Drawer({ title, closeHref, children }: { title: string; closeHref: string; children: ReactNode }) {
  // The drawer comes last in the page: take keyboard focus to it when it opens, or a keyboard user lands back on the board.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [title]);
  const navigate = useNavigate();
  return (
    <aside
      aria-label={title}
      // Escape closes it, as it would a dialog; not an Escape meant for a confirm dialog opened from it
      // (React bubbles portal events here, but the dialog is not inside this element).
      onKeyDown={(event) => {
        if (event.key !== "Escape" || event.defaultPrevented || !event.currentTarget.contains(event.target as Node)) return;
        event.preventDefault();
        navigate(closeHref);
      }}
      className="fixed inset-y-0 right-0 z-30 w-full max-w-md overflow-y-auto border-l border-slate-200 bg-white p-6 shadow-2xl"
    >
      <div className="mb-4 flex items-center justify-between">
        <h2 ref={heading} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
          {title}
        </h2>
        <Link to={closeHref} className="rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-100" aria-label="Close">
          Close
        </Link>
      </div>
      {children}
    </aside>
  );
}

/** The rules a change breaks, and the written reason a planner may give to override them. */
function RuleProblems({ failure }: { failure: PanelFailure | null }) {
  const violations = violationsOf(failure);
  if (!violations.length) return <FormError message={failure?.formError} />;
  const overridable = violations.every((v) => v.overridable);
  return (
    <div role="alert" className="space-y-3 rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-300">
      <p className="font-medium">{overridable ? "This breaks schedule rules:" : "This cannot be saved:"}</p>
      <ul className="list-disc space-y-1 pl-5">
        {violations.map((v, i) => (
          <li key={i}>{v.message}</li>
        ))}
      </ul>
      {overridable ? (
        <TextField
          label="Override reason (recorded in the audit log)"
          name="overrideReason"
          placeholder="e.g. Storm cover, agent agreed"
          errors={failure?.fieldErrors["override.reason"] ?? failure?.fieldErrors.override}
        />
      ) : null}
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function ShiftPanel(props: {
  mode: "new" | "edit";
  closeHref: string;
  agents: Option[];
  skills: Option[];
  zones: Option[];
  failure: PanelFailure | null;
  initial: { shiftId?: string; agentId: string; date: string; start: string; end: string; zone: string; breakMinutes: number; skillId: string; note: string };
}) {
  const { mode, initial, failure } = props;
  const busy = useNavigation().state === "submitting";
  const submit = useSubmit();
  const fe = failure?.fieldErrors ?? {};
  return (
    <Drawer title={mode === "new" ? (initial.agentId === "" ? "Post an open shift" : "New shift") : "Edit shift"} closeHref={props.closeHref}>
      <Form method="post" noValidate className="space-y-4" key={`${initial.shiftId ?? "new"}-${initial.agentId}-${initial.date}`}>
        <input type="hidden" name="intent" value={mode === "new" ? "create" : "update"} />
        {initial.shiftId ? <input type="hidden" name="shiftId" value={initial.shiftId} /> : null}
        <SelectField
          label="Agent"
          name="agentId"
          defaultValue={initial.agentId}
          options={[{ value: "", label: "Open shift — any eligible agent may claim it" }, ...props.agents]}
          errors={fe.agentId}
        />
        <TextField label="Date" name="date" type="date" defaultValue={initial.date} required errors={fe.date} />
        <div className="grid grid-cols-2 gap-3">
          <TextField label="Start" name="start" type="time" defaultValue={initial.start} required errors={fe.start ?? fe.startsAt} />
          <TextField label="End" name="end" type="time" defaultValue={initial.end} required errors={fe.end ?? fe.endsAt} hint="Earlier than start = next day." />
        </div>
        <SelectField label="Times are in" name="zone" defaultValue={initial.zone} options={props.zones} />
        <div className="grid grid-cols-2 gap-3">
          <TextField label="Unpaid break (minutes)" name="breakMinutes" type="number" min={0} max={240} defaultValue={initial.breakMinutes} errors={fe.breakMinutes} />
          <SelectField label="Required skill" name="skillId" defaultValue={initial.skillId} options={[{ value: "", label: "None" }, ...props.skills]} errors={fe.skillId} />
        </div>
        <TextField label="Note" name="note" defaultValue={initial.note} errors={fe.note} />
        <RuleProblems failure={failure} />
        <div className="flex items-center justify-between gap-2">
          <Button type="submit" disabled={busy}>
            {busy ? "Saving…" : mode === "new" ? (initial.agentId === "" ? "Post open shift" : "Create shift") : "Save shift"}
          </Button>
          {mode === "edit" && initial.shiftId ? (
            <ConfirmDialog
              trigger={<Button variant="danger">Cancel shift</Button>}
              title="Cancel this shift?"
              description="The agent is no longer scheduled for it. The cancellation is recorded in the audit log."
              confirmLabel="Cancel shift"
              cancelLabel="Keep shift"
              onConfirm={() => submit({ intent: "cancel", shiftId: initial.shiftId! }, { method: "post" })}
            />
          ) : null}
        </div>
      </Form>
    </Drawer>
  );
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export function TemplatePanel(props: { closeHref: string; agents: Option[]; skills: Option[]; zone: string; failure: PanelFailure | null; fromDate: string }) {
  const fe = props.failure?.fieldErrors ?? {};
  const busy = useNavigation().state === "submitting";
  return (
    <Drawer title="Repeat a shift" closeHref={props.closeHref}>
      <p className="mb-4 text-sm text-slate-600">
        One shift, repeated on chosen weekdays over a date range, in the agent&apos;s own local time (so it keeps its
        wall-clock hours across daylight-saving changes). If any date breaks a rule, nothing is created.
      </p>
      <Form method="post" noValidate className="space-y-4">
        <input type="hidden" name="intent" value="template" />
        <SelectField label="Agent" name="agentId" defaultValue="" options={[{ value: "", label: "Open shifts — any eligible agent" }, ...props.agents]} errors={fe.agentId} />
        <div className="grid grid-cols-2 gap-3">
          <TextField label="From" name="fromDate" type="date" defaultValue={props.fromDate} errors={fe.fromDate} />
          <TextField label="To" name="toDate" type="date" defaultValue={props.fromDate} errors={fe.toDate} />
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Weekdays</legend>
          <div className="mt-1 flex flex-wrap gap-3">
            {WEEKDAYS.map((d, i) => (
              <label key={d} className="flex items-center gap-1 text-sm">
                <input type="checkbox" name="weekdays" value={i + 1} defaultChecked={i < 5} /> {d}
              </label>
            ))}
          </div>
          {fe.weekdays ? <p className="text-sm text-red-700">{fe.weekdays.join(" ")}</p> : null}
        </fieldset>
        <div className="grid grid-cols-2 gap-3">
          <TextField label="Start" name="start" type="time" defaultValue="09:00" errors={fe.start} />
          <TextField label="End" name="end" type="time" defaultValue="17:00" errors={fe.end} />
        </div>
        <input type="hidden" name="zone" value={props.zone} />
        <p className="text-xs text-slate-500">Open shifts use your zone ({props.zone}); an agent&apos;s shifts use the agent&apos;s zone.</p>
        <div className="grid grid-cols-2 gap-3">
          <TextField label="Unpaid break (minutes)" name="breakMinutes" type="number" min={0} max={240} defaultValue={30} errors={fe.breakMinutes} />
          <SelectField label="Required skill" name="skillId" defaultValue="" options={[{ value: "", label: "None" }, ...props.skills]} errors={fe.skillId} />
        </div>
        <RuleProblems failure={props.failure} />
        <Button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create shifts"}
        </Button>
      </Form>
    </Drawer>
  );
}
