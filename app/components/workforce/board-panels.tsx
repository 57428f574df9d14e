import { Form, Link, useNavigate, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useId, useRef, type ReactNode, type RefObject } from "react";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { FormError, SelectField, TextField, TimeField } from "~/components/ui/field";
import { WEEKDAYS } from "~/lib/shift-format";

export interface PanelFailure {
  intent?: unknown;
  /** Saved again with the override reason box left empty. */
  reasonMissing?: boolean;
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

const TABBABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** A modal dialog (opened from this panel, e.g. a confirm) is showing on top of it. */
function childDialogOpen(): boolean {
  return document.querySelector('[role="alertdialog"][data-state="open"]') !== null;
}

/**
 * The board's right-hand sheet, a modal dialog: a backdrop dims the board (clicking it closes the sheet, as Escape
 * does), Tab and Shift+Tab wrap inside the sheet, and on close focus goes back to the element that opened it.
 * The open/closed state stays in the URL, so closing is a navigation to `closeHref`.
 */
function Drawer({ title, closeHref, children }: { title: string; closeHref: string; children: ReactNode }) {
  const panel = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const navigate = useNavigate();

  // Remember what opened the sheet and hand focus back to it on close. A link re-rendered by the navigation is
  // found again by its href; if it is gone (e.g. the shift was cancelled), focus goes to the page's main area.
  useEffect(() => {
    const active = document.activeElement;
    const opener = active instanceof HTMLElement && active !== document.body && !panel.current?.contains(active) ? active : null;
    const openerHref = opener?.getAttribute("href");
    return () => {
      const target =
        (opener?.isConnected ? opener : null) ??
        (openerHref ? document.querySelector<HTMLElement>(`a[href="${CSS.escape(openerHref)}"]`) : null) ??
        document.querySelector<HTMLElement>("main");
      if (target && target.tabIndex < 0 && !target.matches(TABBABLE)) target.setAttribute("tabindex", "-1");
      // After React has finished the commit that removed the sheet.
      requestAnimationFrame(() => target?.focus());
    };
  }, []);

  // (After the effect above has noted the opener.) The drawer comes last in the page: take keyboard focus to it when it opens, or a keyboard user lands back on the board.
  useEffect(() => heading.current?.focus(), [title]);

  // Focus that gets outside the sheet by other means (a click on the page chrome, a script) is brought back,
  // unless it went into a dialog opened from the sheet.
  useEffect(() => {
    const onFocusIn = (event: FocusEvent) => {
      const node = panel.current;
      const target = event.target as Node | null;
      if (!node || !target || node.contains(target) || childDialogOpen()) return;
      heading.current?.focus();
    };
    document.addEventListener("focusin", onFocusIn);
    return () => document.removeEventListener("focusin", onFocusIn);
  }, []);

  const close = () => navigate(closeHref, { preventScrollReset: true });

  return (
    <>
      <div
        data-testid="panel-backdrop"
        aria-hidden="true"
        className="fixed inset-0 z-30 bg-slate-900/30"
        onClick={(event) => {
          if (event.target !== event.currentTarget || childDialogOpen()) return;
          close();
        }}
      />
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        onKeyDown={(event) => {
          // Keys meant for a confirm dialog opened from the sheet bubble here through React's portal; leave them.
          if (event.defaultPrevented || !event.currentTarget.contains(event.target as Node)) return;
          if (event.key === "Escape") {
            event.preventDefault();
            close();
            return;
          }
          if (event.key !== "Tab") return;
          const tabbable = Array.from(event.currentTarget.querySelectorAll<HTMLElement>(TABBABLE)).filter((el) => el.getClientRects().length > 0);
          if (!tabbable.length) {
            event.preventDefault();
            return;
          }
          const first = tabbable[0]!;
          const last = tabbable[tabbable.length - 1]!;
          const at = tabbable.indexOf(document.activeElement as HTMLElement);
          if (event.shiftKey && at <= 0) {
            event.preventDefault();
            last.focus();
          } else if (!event.shiftKey && (at === tabbable.length - 1 || (at === -1 && document.activeElement !== heading.current))) {
            event.preventDefault();
            first.focus();
          }
        }}
        className="fixed inset-y-0 right-0 z-30 w-full max-w-md overflow-y-auto border-l border-slate-200 bg-white p-6 shadow-2xl"
      >
        <div className="mb-4 flex items-center justify-between">
          <h2 id={headingId} ref={heading} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
            {title}
          </h2>
          <Link to={closeHref} preventScrollReset className="rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-100" aria-label="Close">
            Close
          </Link>
        </div>
        {children}
      </div>
    </>
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
          errors={
            failure?.fieldErrors["override.reason"] ??
            failure?.fieldErrors.override ??
            (failure?.reasonMissing ? ["Write why these rules may be broken, or change the shift so it keeps them."] : undefined)
          }
        />
      ) : null}
    </div>
  );
}

/**
 * After a refused save, focus goes where the planner acts next: the override reason, else the first field in
 * error, else the message (the submit button was disabled while saving, which dropped focus to the page).
 */
function useFocusAfterFailure(form: RefObject<HTMLFormElement | null>, failure: PanelFailure | null) {
  useEffect(() => {
    const node = form.current;
    if (!failure || !node) return;
    const target =
      node.querySelector<HTMLElement>('[name="overrideReason"]') ??
      node.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      node.querySelector<HTMLElement>('[role="alert"]');
    if (target?.getAttribute("role") === "alert") target.tabIndex = -1;
    target?.focus();
  }, [failure, form]);
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
  const formRef = useRef<HTMLFormElement>(null);
  useFocusAfterFailure(formRef, failure);
  return (
    <Drawer title={mode === "new" ? (initial.agentId === "" ? "Post an open shift" : "New shift") : "Edit shift"} closeHref={props.closeHref}>
      <Form ref={formRef} method="post" noValidate className="space-y-4" key={`${initial.shiftId ?? "new"}-${initial.agentId}-${initial.date}`}>
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
          <TimeField label="Start" name="start" defaultValue={initial.start} required errors={fe.start ?? fe.startsAt} />
          <TimeField label="End" name="end" defaultValue={initial.end} required errors={fe.end ?? fe.endsAt} hint="24-hour. Earlier than start = next day." />
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

export function TemplatePanel(props: { closeHref: string; agents: Option[]; skills: Option[]; zone: string; failure: PanelFailure | null; fromDate: string }) {
  const fe = props.failure?.fieldErrors ?? {};
  const busy = useNavigation().state === "submitting";
  const formRef = useRef<HTMLFormElement>(null);
  useFocusAfterFailure(formRef, props.failure);
  return (
    <Drawer title="Repeat a shift" closeHref={props.closeHref}>
      <p className="mb-4 text-sm text-slate-600">
        One shift, repeated on chosen weekdays over a date range, in the agent&apos;s own local time (so it keeps its
        wall-clock hours across daylight-saving changes). If any date breaks a rule, nothing is created.
      </p>
      <Form ref={formRef} method="post" noValidate className="space-y-4">
        <input type="hidden" name="intent" value="template" />
        <SelectField label="Agent" name="agentId" defaultValue="" options={[{ value: "", label: "Open shifts — any eligible agent" }, ...props.agents]} errors={fe.agentId} />
        <div className="grid grid-cols-2 gap-3">
          <TextField label="From" name="fromDate" type="date" defaultValue={props.fromDate} errors={fe.fromDate} />
          <TextField label="To" name="toDate" type="date" defaultValue={props.fromDate} errors={fe.toDate} />
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Weekdays</legend>
          <div className="mt-1 flex flex-wrap gap-3">
            {WEEKDAYS.map((d) => (
              <label key={d.value} className="flex items-center gap-1 text-sm">
                <input type="checkbox" name="weekdays" value={d.value} defaultChecked={d.value <= 5} /> {d.short}
              </label>
            ))}
          </div>
          {fe.weekdays ? <p className="text-sm text-red-700">{fe.weekdays.join(" ")}</p> : null}
        </fieldset>
        <div className="grid grid-cols-2 gap-3">
          <TimeField label="Start" name="start" defaultValue="09:00" required errors={fe.start} />
          <TimeField label="End" name="end" defaultValue="17:00" required errors={fe.end} hint="24-hour, HH:MM." />
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
