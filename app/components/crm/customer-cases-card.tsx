import { createContext, useCallback, useContext, useEffect, useId, useRef, useState } from "react";
import { formSummary } from "./customer-form-data";
import { Button } from "~/components/ui/button";
import { Badge, Card, EmptyState } from "~/components/ui/card";
import { CONTROL, FormError, SelectField, TextField, useRevealFirstError } from "~/components/ui/field";
import { AgentPicker, type PickedAgent } from "./agent-picker";
import { useCrmFetcher, useFocusReturn } from "./crm-action";
import { CASE_ORIGIN_LABELS, CASE_PRIORITY_LABELS, CASE_STATUS_LABELS, priorityTone } from "./crm-labels";
import type { Choice } from "./customer-fields";

export interface CaseView {
  id: string;
  number: string;
  subject: string;
  description: string | null;
  status: string;
  priority: string;
  origin: string | null;
  ownerAgentId: string | null;
  ownerName: string | null;
  contactName: string | null;
  openedWhen: string;
  closedWhen: string | null;
}

const STATUS_CHOICES = Object.entries(CASE_STATUS_LABELS).map(([value, label]) => ({ value, label }));
const PRIORITY_CHOICES = Object.entries(CASE_PRIORITY_LABELS).map(([value, label]) => ({ value, label }));

function statusTone(status: string): "slate" | "green" | "amber" | "indigo" {
  if (status === "closed") return "green";
  if (status === "pending") return "amber";
  if (status === "new") return "indigo";
  return "slate";
}

function NewCaseForm({ defaultOwner, contacts, onDone }: { defaultOwner: PickedAgent | null; contacts: Choice[]; onDone: () => void }) {
  const { fetcher, failure, busy, errors } = useCrmFetcher(onDone);
  const descriptionId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  useRevealFirstError(formRef, failure);
  return (
    <fetcher.Form ref={formRef} method="post" noValidate className="mb-4 space-y-3 rounded-md bg-slate-50 p-3 ring-1 ring-inset ring-slate-200">
      <input type="hidden" name="intent" value="case.create" />
      <FormError message={formSummary(failure)} />
      <TextField label="Subject" name="subject" required autoComplete="off" maxLength={255} autoFocus errors={errors.subject} />
      <div className="space-y-1">
        <label htmlFor={descriptionId} className="block text-sm font-medium text-slate-700">
          Description
        </label>
        <textarea
          id={descriptionId}
          name="description"
          rows={3}
          className={CONTROL}
        />
        {errors.description?.length ? <p className="text-sm text-red-700">{errors.description.join(" ")}</p> : null}
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField label="Priority" name="priority" defaultValue="medium" options={PRIORITY_CHOICES} errors={errors.priority} />
        <SelectField
          label="Came in by"
          name="origin"
          defaultValue="phone"
          options={Object.entries(CASE_ORIGIN_LABELS).map(([value, label]) => ({ value, label }))}
          errors={errors.origin}
        />
        <AgentPicker label="Owner" name="ownerAgentId" initial={defaultOwner} errors={errors.ownerAgentId} />
        {contacts.length ? (
          <SelectField label="Contact" name="contactId" defaultValue="" options={[{ value: "", label: "None" }, ...contacts]} errors={errors.contactId} />
        ) : null}
      </div>
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={busy}>
          {busy ? "Creating…" : "Create case"}
        </Button>
        <Button variant="ghost" size="sm" onClick={onDone} disabled={busy}>
          Cancel
        </Button>
      </div>
    </fetcher.Form>
  );
}

function EditCaseForm({ item, onDone, onMoved }: { item: CaseView; onDone: () => void; onMoved: () => void }) {
  // The status sent: a save that closes or reopens the case moves it to the other list.
  const sentStatus = useRef(item.status);
  const { fetcher, failure, busy, errors } = useCrmFetcher(() => {
    onDone();
    if ((sentStatus.current === "closed") !== (item.status === "closed")) onMoved();
  });
  const formRef = useRef<HTMLFormElement>(null);
  useRevealFirstError(formRef, failure);
  return (
    <fetcher.Form
      ref={formRef}
      method="post"
      noValidate
      onSubmit={(event) => {
        sentStatus.current = String(new FormData(event.currentTarget).get("status") ?? item.status);
      }}
      className="mt-2 space-y-3 rounded-md bg-slate-50 p-3 ring-1 ring-inset ring-slate-200"
    >
      <input type="hidden" name="intent" value="case.update" />
      <input type="hidden" name="caseId" value={item.id} />
      {/* So the answer can say "closed" or "reopened" when the edit did that, as the quick buttons' does. */}
      <input type="hidden" name="statusBefore" value={item.status} />
      <FormError message={formSummary(failure)} />
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField label="Status" name="status" defaultValue={item.status} options={STATUS_CHOICES} autoFocus errors={errors.status} />
        <SelectField label="Priority" name="priority" defaultValue={item.priority} options={PRIORITY_CHOICES} errors={errors.priority} />
        <AgentPicker
          label="Owner"
          name="ownerAgentId"
          initial={item.ownerAgentId ? { id: item.ownerAgentId, name: item.ownerName ?? "Current owner" } : null}
          errors={errors.ownerAgentId}
        />
      </div>
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={busy}>
          {busy ? "Saving…" : "Save case"}
        </Button>
        <Button variant="ghost" size="sm" onClick={onDone} disabled={busy}>
          Cancel
        </Button>
      </div>
    </fetcher.Form>
  );
}

/** Which of a case row's buttons had the focus: the same one takes it in the case's new row. */
type CaseControl = "edit" | "quick";

/**
 * Called when a case's Close or Reopen, or an edit that closed or reopened it, succeeded: the row leaves
 * its list once the page's data is reloaded, and the card moves the focus after it.
 */
const CaseMovedContext = createContext<(caseId: string, from: "open" | "closed", control: CaseControl) => void>(() => undefined);

function CaseRow({ item, canEdit }: { item: CaseView; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const editButton = useFocusReturn();
  const closed = item.status === "closed";
  const moved = useContext(CaseMovedContext);
  const quick = useCrmFetcher(() => moved(item.id, closed ? "closed" : "open", "quick"));
  return (
    <li className="py-3" data-testid="case" data-case-id={item.id}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-sm font-medium text-slate-900">
            <span className="mr-1.5 font-mono text-xs text-slate-500">#{item.number}</span>
            {item.subject}
          </p>
          <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
            <Badge tone={statusTone(item.status)}>{CASE_STATUS_LABELS[item.status] ?? item.status}</Badge>
            <Badge tone={priorityTone(item.priority)}>{CASE_PRIORITY_LABELS[item.priority] ?? item.priority}</Badge>
            <span>{item.ownerName ?? <span className="text-slate-500">Unassigned</span>}</span>
            {item.contactName ? <span>Contact: {item.contactName}</span> : null}
            <span className="text-slate-500">Opened {item.openedWhen}</span>
            {closed && item.closedWhen ? <span className="text-slate-500">Closed {item.closedWhen}</span> : null}
          </div>
          {quick.failure ? (
            <p role="alert" className="mt-1 text-xs text-red-700">
              {quick.failure.formError}
            </p>
          ) : null}
        </div>
        {canEdit ? (
          <span className="flex shrink-0 gap-1">
            <Button
              ref={editButton.ref}
              variant="ghost"
              size="sm"
              onClick={() => setEditing((v) => !v)}
              aria-expanded={editing}
              data-case-control="edit"
            >
              Edit<span className="sr-only"> case {item.number}</span>
            </Button>
            <Button
              variant="secondary"
              size="sm"
              disabled={quick.busy}
              data-case-control="quick"
              onClick={() => quick.fetcher.submit({ intent: "case.update", caseId: item.id, status: closed ? "open" : "closed" }, { method: "post" })}
            >
              {closed ? "Reopen" : "Close"}
              <span className="sr-only"> case {item.number}</span>
            </Button>
          </span>
        ) : null}
      </div>
      {editing ? (
        <EditCaseForm
          item={item}
          onDone={() => {
            editButton.returnFocus();
            setEditing(false);
          }}
          onMoved={() => moved(item.id, closed ? "closed" : "open", "edit")}
        />
      ) : null}
    </li>
  );
}

function CaseList({ cases, canEdit, label }: { cases: CaseView[]; canEdit: boolean; label: string }) {
  return (
    <ul aria-label={label} className="divide-y divide-slate-100">
      {cases.map((c) => (
        <CaseRow key={c.id} item={c} canEdit={canEdit} />
      ))}
    </ul>
  );
}

/** Open and closed cases of the customer; editors open, close, reopen and reassign them here. */
export function CustomerCasesCard({
  open,
  closed,
  defaultOwner,
  contacts,
  canEdit,
}: {
  open: CaseView[];
  closed: CaseView[];
  /** Who a new case goes to unless changed: an agent themself; nobody for others. */
  defaultOwner: PickedAgent | null;
  contacts: Choice[];
  canEdit: boolean;
}) {
  const [creating, setCreating] = useState(false);
  const newButton = useFocusReturn();
  const closedToggle = useRef<HTMLButtonElement>(null);
  // With nothing open, the closed cases are what there is to read.
  const [showClosed, setShowClosed] = useState(open.length === 0);

  // A case closed or reopened leaves its row, and the focus with it: once the reloaded lists show where the case
  // went, focus follows it to the same button in its new row, or to the closed cases' toggle while they are folded away.
  const lists = useRef<HTMLDivElement>(null);
  const following = useRef<{ caseId: string; from: "open" | "closed"; control: CaseControl } | null>(null);
  const caseMoved = useCallback((caseId: string, from: "open" | "closed", control: CaseControl) => {
    following.current = { caseId, from, control };
  }, []);
  useEffect(() => {
    const follow = following.current;
    if (!follow) return;
    const now = open.some((c) => c.id === follow.caseId) ? "open" : closed.some((c) => c.id === follow.caseId) ? "closed" : null;
    if (now === follow.from) return; // not reloaded yet
    following.current = null;
    const row = lists.current?.querySelector(`[data-case-id="${follow.caseId}"]`);
    const target = row?.querySelector<HTMLElement>(`[data-case-control="${follow.control}"]`) ?? closedToggle.current;
    target?.focus();
  }, [open, closed]);

  return (
    <CaseMovedContext.Provider value={caseMoved}>
      <Card
        title={`Cases · ${open.length} open`}
        actions={
          canEdit && !creating ? (
            <Button ref={newButton.ref} size="sm" onClick={() => setCreating(true)}>
              New case
            </Button>
          ) : null
        }
      >
        {creating ? (
          <NewCaseForm
            defaultOwner={defaultOwner}
            contacts={contacts}
            onDone={() => {
              newButton.returnFocus();
              setCreating(false);
            }}
          />
        ) : null}
        {open.length === 0 && closed.length === 0 ? (
          creating ? null : (
            <EmptyState title="No cases yet">{canEdit ? "Open one when the customer needs something followed up." : null}</EmptyState>
          )
        ) : (
          <div ref={lists}>
        {open.length === 0 ? (
          <p className="text-sm text-slate-500">No open cases.</p>
        ) : (
          <CaseList cases={open} canEdit={canEdit} label="Open cases" />
        )}
        <div className="mt-4 border-t border-slate-100 pt-3">
          {closed.length === 0 ? (
            <p className="text-sm text-slate-500">No closed cases.</p>
          ) : (
            <>
              <Button ref={closedToggle} variant="ghost" size="sm" onClick={() => setShowClosed((v) => !v)} aria-expanded={showClosed}>
                {showClosed ? "Hide" : "Show"} {closed.length} recently closed case{closed.length === 1 ? "" : "s"}
              </Button>
              {showClosed ? (
                <div className="mt-2">
                  <CaseList cases={closed} canEdit={canEdit} label="Closed cases" />
                </div>
              ) : null}
            </>
          )}
        </div>
          </div>
        )}
      </Card>
    </CaseMovedContext.Provider>
  );
}
