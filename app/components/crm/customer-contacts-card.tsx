import { useEffect, useRef, useState } from "react";
import { formSummary } from "./customer-form-data";
import { Button } from "~/components/ui/button";
import { Card, EmptyState } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { FormError, TextField, useRevealFirstError } from "~/components/ui/field";
import { useCrmFetcher, useFocusReturn } from "./crm-action";

export interface ContactView {
  id: string;
  firstName: string | null;
  lastName: string;
  email: string | null;
  phone: string | null;
  phoneDisplay: string | null;
  title: string | null;
}

export function contactName(c: { firstName: string | null; lastName: string }): string {
  return c.firstName ? `${c.firstName} ${c.lastName}` : c.lastName;
}

/** The add and edit form of a contact (its own fetcher, so its errors stay with it). */
function ContactForm({ contact, onDone }: { contact?: ContactView; onDone: () => void }) {
  const { fetcher, failure, busy, errors } = useCrmFetcher(onDone);
  const formRef = useRef<HTMLFormElement>(null);
  useRevealFirstError(formRef, failure);
  return (
    <fetcher.Form ref={formRef} method="post" noValidate className="space-y-3 rounded-md bg-slate-50 p-3 ring-1 ring-inset ring-slate-200">
      <input type="hidden" name="intent" value={contact ? "contact.update" : "contact.create"} />
      {contact ? <input type="hidden" name="contactId" value={contact.id} /> : null}
      <FormError message={formSummary(failure)} />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="First name" name="firstName" defaultValue={contact?.firstName ?? ""} autoComplete="off" autoFocus errors={errors.firstName} />
        <TextField label="Last name" name="lastName" defaultValue={contact?.lastName ?? ""} required autoComplete="off" errors={errors.lastName} />
        <TextField label="Job title" name="title" defaultValue={contact?.title ?? ""} autoComplete="off" errors={errors.title} />
        <TextField label="Email" name="email" type="email" defaultValue={contact?.email ?? ""} autoComplete="off" errors={errors.email} />
        <TextField label="Phone" name="phone" type="tel" defaultValue={contact?.phone ?? ""} autoComplete="off" errors={errors.phone} />
      </div>
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={busy}>
          {busy ? "Saving…" : contact ? "Save contact" : "Add contact"}
        </Button>
        <Button variant="ghost" size="sm" onClick={onDone} disabled={busy}>
          Cancel
        </Button>
      </div>
    </fetcher.Form>
  );
}

/** `onArchived` runs when the contact's archive succeeded: its row leaves the list once the page's data is reloaded. */
function ContactRow({ contact, canEdit, onArchived }: { contact: ContactView; canEdit: boolean; onArchived: (contactId: string) => void }) {
  const [editing, setEditing] = useState(false);
  const editButton = useFocusReturn();
  const archive = useCrmFetcher(() => onArchived(contact.id));
  const name = contactName(contact);
  if (editing)
    return (
      <li className="py-2.5">
        <ContactForm
          contact={contact}
          onDone={() => {
            editButton.returnFocus();
            setEditing(false);
          }}
        />
      </li>
    );
  return (
    <li className="py-2.5">
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0 text-sm">
          <p className="font-medium text-slate-900">{name}</p>
          {contact.title ? <p className="text-xs text-slate-500">{contact.title}</p> : null}
          <p className="truncate text-xs text-slate-600">
            {contact.email ? (
              <a className="text-indigo-700 hover:underline" href={`mailto:${contact.email}`}>
                {contact.email}
              </a>
            ) : null}
            {contact.email && contact.phone ? " · " : null}
            {contact.phone ? (
              <a className="text-indigo-700 hover:underline" href={`tel:${contact.phone}`}>
                {contact.phoneDisplay}
              </a>
            ) : null}
          </p>
        </div>
        {canEdit ? (
          <div className="flex shrink-0 gap-1">
            <Button ref={editButton.ref} variant="ghost" size="sm" onClick={() => setEditing(true)}>
              Edit<span className="sr-only"> {name}</span>
            </Button>
            <ConfirmDialog
              trigger={
                <Button variant="ghost" size="sm" disabled={archive.busy} data-contact-archive>
                  Archive<span className="sr-only"> {name}</span>
                </Button>
              }
              title={`Archive ${name}?`}
              description="The contact leaves this list. Their cases keep naming them."
              confirmLabel="Archive contact"
              cancelLabel="Keep contact"
              onConfirm={() => archive.fetcher.submit({ intent: "contact.archive", contactId: contact.id }, { method: "post" })}
            />
          </div>
        ) : null}
      </div>
      {archive.failure ? (
        <p role="alert" className="mt-1 text-sm text-red-700">
          {archive.failure.formError}
        </p>
      ) : null}
    </li>
  );
}

/** People at a company customer. */
export function CustomerContactsCard({ kind, contacts, canEdit }: { kind: "person" | "company"; contacts: ContactView[]; canEdit: boolean }) {
  const [adding, setAdding] = useState(false);
  const addButton = useFocusReturn();
  // An archived contact's row goes, and the focus with it: once the reloaded list no longer has it, focus goes to
  // the Archive button of the contact now in its place (the next one, else the one before), else to "Add contact".
  const list = useRef<HTMLUListElement>(null);
  const gone = useRef<{ contactId: string; index: number } | null>(null);
  const contactArchived = (contactId: string) => {
    gone.current = { contactId, index: contacts.findIndex((c) => c.id === contactId) };
  };
  const { returnFocus: focusAddButton } = addButton;
  useEffect(() => {
    const archived = gone.current;
    if (!archived || contacts.some((c) => c.id === archived.contactId)) return;
    gone.current = null;
    const buttons = list.current?.querySelectorAll<HTMLElement>("[data-contact-archive]") ?? [];
    const neighbour = buttons[Math.min(archived.index, buttons.length - 1)];
    if (neighbour) neighbour.focus();
    else focusAddButton();
  }, [contacts, focusAddButton]);
  if (kind === "person") return null;
  return (
    <Card
      title={`Contacts (${contacts.length})`}
      actions={
        canEdit && !adding ? (
          <Button ref={addButton.ref} variant="secondary" size="sm" onClick={() => setAdding(true)}>
            Add contact
          </Button>
        ) : null
      }
    >
      {adding ? (
        <ContactForm
          onDone={() => {
            addButton.returnFocus();
            setAdding(false);
          }}
        />
      ) : null}
      {contacts.length === 0 && !adding ? (
        <EmptyState title="No contacts yet">{canEdit ? "Add the people you deal with at this company." : null}</EmptyState>
      ) : (
        <ul ref={list} className="divide-y divide-slate-100">
          {contacts.map((c) => (
            <ContactRow key={c.id} contact={c} canEdit={canEdit} onArchived={contactArchived} />
          ))}
        </ul>
      )}
    </Card>
  );
}
