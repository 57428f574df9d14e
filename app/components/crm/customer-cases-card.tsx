import { createContext, useContext, useId, useRef, useState } from "react";
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

function EditCaseForm({ item, onDone }: { item: CaseView; onDone: () => void }) {
  const { fetcher, failure, busy, errors } = useCrmFetcher(onDone);
  const formRef = useRef<HTMLFormElement>(null);
  useRevealFirstError(formRef, failure);
  return (
    <fetcher.Form ref={formRef} method="post" noValidate className="mt-2 space-y-3 rounded-md bg-slate-50 p-3 ring-1 ring-inset ring-slate-200">
      <input type="hidden" name="intent" value="case.update" />
      <input type="hidden" name="caseId" value={item.id} />
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

/** Called when a case row's Close or Reopen succeeded (the row itself leaves its list). */
const CaseMovedContext = createContext<() => void>(() => undefined);

function CaseRow({ item, canEdit }: { item: CaseView; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const editButton = useFocusReturn();
  // Closed or reopened, the case moves to the other list: focus goes to the card's toggle of closed cases.
  const quick = useCrmFetcher(useContext(CaseMovedContext));
  const closed = item.status === "closed";
  return (
    <li className="py-3" data-testid="case">
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
            <Button ref={editButton.ref} variant="ghost" size="sm" onClick={() => setEditing((v) => !v)} aria-expanded={editing}>
              Edit<span className="sr-only"> case {item.number}</span>
            </Button>
            <Button
              variant="secondary"
              size="sm"
              disabled={quick.busy}
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
  const closedToggle = useFocusReturn();
  // With nothing open, the closed cases are what there is to read.
  const [showClosed, setShowClosed] = useState(open.length === 0);
  return (
    <CaseMovedContext.Provider value={closedToggle.returnFocus}>
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
          <>
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
              <Button ref={closedToggle.ref} variant="ghost" size="sm" onClick={() => setShowClosed((v) => !v)} aria-expanded={showClosed}>
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
          </>
        )}
      </Card>
    </CaseMovedContext.Provider>
  );
}
