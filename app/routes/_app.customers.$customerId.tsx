import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { routeErrorMessage } from "~/components/ui/route-error";
import { isRouteErrorResponse, Link, useLoaderData, useRouteError, useSearchParams } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { useCallback, useEffect, useRef, useState } from "react";
import { NotifyContext, useCrmFetcher, useFocusReturn } from "~/components/crm/crm-action";
import { countryChoices, displayPhone, languageChoices, withReadablePhoneChanges } from "~/components/crm/crm-choices.server";
import { countryName, KIND_LABELS, timelineEntries } from "~/components/crm/crm-labels";
import { CustomerCasesCard, type CaseView } from "~/components/crm/customer-cases-card";
import { contactName, CustomerContactsCard, type ContactView } from "~/components/crm/customer-contacts-card";
import { formOptional, formText, readCustomerForm } from "~/components/crm/customer-form-data";
import { CustomerHistoryCard } from "~/components/crm/customer-history-card";
import { CustomerNoteForm } from "~/components/crm/customer-note-form";
import { InteractionForm, interactionLoggedMessage, readInteractionForm } from "~/components/crm/interaction-form";
import { CustomerPrivacyCard } from "~/components/crm/customer-privacy-card";
import { DuplicateBanner } from "~/components/crm/duplicate-banner";
import { OpenHandoffBanner, type OpenHandoffView } from "~/components/crm/open-handoff-banner";
import { CustomerProfileCard } from "~/components/crm/customer-profile-card";
import { CustomerTimeline } from "~/components/crm/customer-timeline";
import { Button } from "~/components/ui/button";
import { Badge, Card, PageHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Toaster, type ToastMessage } from "~/components/ui/toast";
import { formFailure, requireUser } from "~/lib/api.server";
import { formatInstant, formatNear } from "~/lib/format";
import { viewerZoneFrom } from "~/lib/viewer-zone";
import type { Role } from "../../db/roles";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.profile.name ?? "Customer"} · Customers · Frontline` }];

/** Agents and supervisors edit customers (admins always may); the server checks every write again. */
const EDITORS: Role[] = ["agent", "supervisor"];

function phoneText(value: unknown): unknown {
  return typeof value === "string" ? displayPhone(value) : value;
}

function notFound(error: unknown) {
  return error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST");
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { api, user, resHeaders } = await requireUser(request, context);
  const customerId = params.customerId ?? "";
  let view;
  try {
    view = await api.customers.view360({ customerId });
  } catch (error) {
    if (notFound(error)) throw data("There is no such customer. It may have been a mistyped link.", { status: 404 });
    throw error;
  }
  const { profile } = view;
  // A merged-away record: go to the survivor and say so there.
  if (profile.resolvedFrom) {
    throw redirect(`/customers/${profile.id}?mergedFrom=${encodeURIComponent(profile.resolvedFrom)}`, { headers: resHeaders });
  }
  const zone = viewerZoneFrom(request);
  const when = (at: Date | string | null) => (at ? formatInstant(new Date(at).toISOString(), zone) : null);
  const canEdit = user.role === "admin" || EDITORS.includes(user.role);

  // A new case goes to the agent who opens it unless they pick a colleague (the owner picker looks agents up as you type).
  const defaultOwnerPromise: Promise<{ id: string; name: string } | null> =
    canEdit && user.role === "agent" ? api.agents.me().then((me) => (me ? { id: me.id, name: me.name } : null)) : Promise.resolve(null);
  const [customFields, defaultOwner, duplicates] = await Promise.all([
    api.customFields.list({ entityType: "customer" }),
    defaultOwnerPromise,
    profile.erased_at ? Promise.resolve([]) : api.customers.duplicatesOf({ customerId: profile.id }),
  ]);

  const customLabels = Object.fromEntries(customFields.map((f) => [f.key, f.label]));
  const contactsById = new Map(view.contacts.map((c) => [c.id, c]));
  const caseView = (c: (typeof view.openCases)[number]): CaseView => {
    const contact = c.contact_id ? contactsById.get(c.contact_id) : undefined;
    return {
      id: c.id,
      number: c.case_number,
      subject: c.subject,
      description: c.description,
      status: c.status,
      priority: c.priority,
      origin: c.origin,
      ownerAgentId: c.owner_agent_id,
      ownerName: c.owner_name,
      contactName: contact ? contactName({ firstName: contact.first_name, lastName: contact.last_name }) : null,
      openedWhen: when(c.opened_at)!,
      closedWhen: when(c.closed_at),
    };
  };
  const contacts: ContactView[] = view.contacts.map((c) => ({
    id: c.id,
    firstName: c.first_name,
    lastName: c.last_name,
    email: c.email,
    phone: c.phone,
    phoneDisplay: displayPhone(c.phone),
    title: c.title,
  }));

  const now = new Date();
  const near = (at: string | null) => (at ? formatNear(at, zone, now) : null);
  const handoff = view.openHandoff;
  const openHandoff: OpenHandoffView | null = handoff
    ? {
        status: handoff.status,
        channel: handoff.channel,
        reason: handoff.reason,
        language: handoff.language,
        skill: handoff.skill,
        priority: handoff.priority,
        requestedWhen: near(handoff.requestedAt)!,
        offeredWhen: near(handoff.offeredAt),
        acceptedWhen: near(handoff.acceptedAt),
        agentName: handoff.agentName,
        overdueSince: handoff.status !== "active" && Date.parse(handoff.slaDueAt) < now.getTime() ? near(handoff.slaDueAt) : null,
      }
    : null;
  const handoffLink =
    user.role === "agent" ? { to: "/console", label: "Open your console" } : user.role === "supervisor" ? { to: "/wall", label: "Supervisor wall" } : null;

  return data(
    {
      openHandoff,
      handoffLink,
      profile: {
        id: profile.id,
        kind: profile.kind,
        name: profile.name,
        email: profile.email,
        phone: profile.phone,
        phoneDisplay: displayPhone(profile.phone),
        country: profile.country,
        language: profile.language,
        segment: profile.segment,
        tier: profile.tier,
        custom: profile.custom,
        externalSource: profile.external_source,
        externalId: profile.external_id,
        archived: profile.archived_at !== null,
        archivedWhen: when(profile.archived_at),
        erased: profile.erased_at !== null,
        erasedAt: profile.erased_at ? new Date(profile.erased_at).toISOString() : null,
        createdWhen: when(profile.created_at)!,
        updatedWhen: when(profile.updated_at)!,
      },
      contacts,
      openCases: view.openCases.map(caseView),
      closedCases: view.closedCases.map(caseView),
      timeline: { items: timelineEntries(withReadablePhoneChanges(view.timeline.items), zone, customLabels), nextCursor: view.timeline.nextCursor },
      history: view.history.map((h) => ({
        ...h,
        // Phones as the profile shows them, not as stored (E.164).
        ...(h.field === "phone" ? { oldValue: phoneText(h.oldValue), newValue: phoneText(h.newValue) } : {}),
        changedWhen: when(h.changedAt)!,
      })),
      customFields: customFields.map((f) => ({ key: f.key, label: f.label, type: f.type, options: f.options })),
      defaultOwner,
      canEdit,
      isAdmin: user.role === "admin",
      qualityLinks: user.role === "admin" || user.role === "supervisor",
      duplicates,
      zone,
      countries: canEdit ? countryChoices() : [],
      languages: canEdit ? languageChoices(profile.language) : [],
    },
    { headers: resHeaders },
  );
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, EDITORS);
  const customerId = params.customerId ?? "";
  const form = await request.formData();
  const intent = formText(form, "intent");
  const done = (message: string) => data({ ok: true as const, intent, message, at: Date.now() }, { headers: resHeaders });
  try {
    switch (intent) {
      case "profile": {
        const customFields = await api.customFields.list({ entityType: "customer" });
        const updated = await api.customers.update({ customerId, ...readCustomerForm(form, customFields) });
        return done(`Saved ${updated.name}'s profile.`);
      }
      case "archive": {
        await api.customers.archive({ customerId });
        return done("Customer archived. They no longer show in search; the record stays readable here.");
      }
      case "restore": {
        await api.customers.restore({ customerId });
        return done("Customer restored. They show in search and lists again.");
      }
      case "contact.create": {
        const contact = await api.contacts.create({
          customerId,
          firstName: formOptional(form, "firstName"),
          lastName: formText(form, "lastName"),
          email: formOptional(form, "email"),
          phone: formOptional(form, "phone"),
          title: formOptional(form, "title"),
        });
        return done(`Added ${contactName({ firstName: contact.first_name, lastName: contact.last_name })} as a contact.`);
      }
      case "contact.update": {
        const contact = await api.contacts.update({
          contactId: formText(form, "contactId"),
          firstName: formOptional(form, "firstName"),
          lastName: formText(form, "lastName"),
          email: formOptional(form, "email"),
          phone: formOptional(form, "phone"),
          title: formOptional(form, "title"),
        });
        return done(`Saved ${contactName({ firstName: contact.first_name, lastName: contact.last_name })}.`);
      }
      case "contact.archive": {
        await api.contacts.archive({ contactId: formText(form, "contactId") });
        return done("Contact archived.");
      }
      case "case.create": {
        const created = await api.cases.create({
          customerId,
          subject: formText(form, "subject"),
          description: formOptional(form, "description"),
          priority: (formText(form, "priority") || "medium") as "medium",
          origin: formOptional(form, "origin") as "phone" | null,
          ownerAgentId: formOptional(form, "ownerAgentId"),
          contactId: formOptional(form, "contactId"),
          status: "new",
        });
        return done(`Case ${created.case_number} opened.`);
      }
      case "case.update": {
        // Only the fields the form sent: the quick Close/Reopen buttons send just the status.
        const has = (name: string) => form.has(name);
        const updated = await api.cases.update({
          caseId: formText(form, "caseId"),
          ...(has("status") ? { status: formText(form, "status") as "open" } : {}),
          ...(has("priority") ? { priority: formText(form, "priority") as "medium" } : {}),
          ...(has("ownerAgentId") ? { ownerAgentId: formOptional(form, "ownerAgentId") } : {}),
        });
        // The quick buttons send only the status; the edit form sends everything and the status it started from.
        const before = has("statusBefore") ? formText(form, "statusBefore") : null;
        const closedNow = updated.status === "closed";
        const statusMoved = has("priority") ? before !== null && (before === "closed") !== closedNow : true;
        const verb = !statusMoved ? "saved" : closedNow ? "closed" : "reopened";
        return done(`Case ${updated.case_number} ${verb}.`);
      }
      case "note": {
        await api.customers.addNote({ customerId, body: formText(form, "body") });
        return done("Note added to the timeline.");
      }
      case "interaction": {
        const read = readInteractionForm(form, customerId);
        if ("fieldErrors" in read) {
          const failure = { ok: false as const, intent, formError: "Some fields need attention.", fieldErrors: read.fieldErrors, details: null };
          return data(failure, { status: 400, headers: resHeaders });
        }
        const logged = await api.interactions.log(read.input);
        return done(await interactionLoggedMessage(logged, (range) => api.shifts.mine(range), viewerZoneFrom(request)));
      }
      default:
        return data(
          { ok: false as const, intent, formError: "Unknown action.", fieldErrors: {}, details: null },
          { status: 400, headers: resHeaders },
        );
    }
  } catch (error) {
    return formFailure(error, resHeaders, { intent });
  }
}

/** Why an archive or restore from the page header was refused. */
function HeaderActionFailure({ message }: { message: string | undefined }) {
  return message ? (
    <p role="alert" className="text-sm text-red-700">
      {message}
    </p>
  ) : null;
}

/** The header's Archive or Restore: the one an action brings in takes the keyboard focus. */
function ArchiveOrRestore({ name, archived }: { name: string; archived: boolean }) {
  const { ref, focusReplacement } = useFocusReturn();
  return archived ? <RestoreButton focusRef={ref} onDone={focusReplacement} /> : <ArchiveButton name={name} focusRef={ref} onDone={focusReplacement} />;
}

interface HeaderActionProps {
  focusRef: (el: HTMLButtonElement | null) => void;
  onDone: () => void;
}

function ArchiveButton({ name, focusRef, onDone }: { name: string } & HeaderActionProps) {
  const { fetcher, failure, busy } = useCrmFetcher(onDone);
  return (
    <>
      <ConfirmDialog
        trigger={
          <Button ref={focusRef} variant="secondary" disabled={busy}>
            {busy ? "Archiving…" : "Archive"}
          </Button>
        }
        title={`Archive ${name}?`}
        description="An archived customer no longer shows in search or lists. The record, its cases and its timeline stay readable from links."
        confirmLabel="Archive customer"
        cancelLabel="Keep customer"
        onConfirm={() => fetcher.submit({ intent: "archive" }, { method: "post" })}
      />
      <HeaderActionFailure message={failure?.formError} />
    </>
  );
}

/** Undoes an archive at once: nothing is lost by restoring, so it needs no confirmation. */
function RestoreButton({ focusRef, onDone }: HeaderActionProps) {
  const { fetcher, failure, busy } = useCrmFetcher(onDone);
  return (
    <>
      <Button ref={focusRef} variant="secondary" disabled={busy} onClick={() => fetcher.submit({ intent: "restore" }, { method: "post" })}>
        {busy ? "Restoring…" : "Restore"}
      </Button>
      <HeaderActionFailure message={failure?.formError} />
    </>
  );
}

export default function Customer360() {
  const {
    openHandoff,
    handoffLink,
    profile,
    contacts,
    openCases,
    closedCases,
    timeline,
    history,
    customFields,
    defaultOwner,
    canEdit,
    isAdmin,
    qualityLinks,
    duplicates,
    zone,
    countries,
    languages,
  } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const notify = useCallback((text: string) => setToast({ id: `${Date.now()}-${text}`, text }), []);
  const mergedFrom = params.get("mergedFrom");

  // Arriving from "New customer": confirm once, then drop the marker so a reload does not repeat it.
  const created = params.get("created") === "1";
  useEffect(() => {
    if (!created) return;
    notify(`${profile.name} was created.`);
    setParams(
      (prev) => {
        prev.delete("created");
        return prev;
      },
      { replace: true, preventScrollReset: true },
    );
  }, [created, profile.name, notify, setParams]);

  // Arriving from a merge: the note stays while this customer is open, but a reload or a bookmark does not repeat it.
  const merged = params.get("merged") === "1";
  const [mergedInto, setMergedInto] = useState<string | null>(null);
  // The merge page's confirm button is gone: the keyboard starts on the note that says what happened.
  const mergedNote = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!merged) return;
    mergedNote.current?.focus();
    setMergedInto(profile.id);
    setParams(
      (prev) => {
        prev.delete("merged");
        return prev;
      },
      { replace: true, preventScrollReset: true },
    );
  }, [merged, profile.id, setParams]);

  const customLabels = Object.fromEntries(customFields.map((f) => [f.key, f.label]));
  const contactChoices = contacts.map((c) => ({ value: c.id, label: contactName(c) }));

  return (
    <NotifyContext.Provider value={notify}>
      <p className="mb-2 text-sm">
        <Link to="/customers" className="text-indigo-700 hover:underline">
          ← Customers
        </Link>
      </p>
      {mergedFrom ? (
        <div role="note" className="mb-4 rounded-md bg-indigo-50 px-4 py-3 text-sm text-indigo-900 ring-1 ring-inset ring-indigo-200">
          The record you opened was merged into <strong>{profile.name}</strong>. This is the surviving record, with the merged
          record&apos;s contacts, cases and notes.
        </div>
      ) : null}
      {merged || mergedInto === profile.id ? (
        <div
          ref={mergedNote}
          role="note"
          tabIndex={-1}
          className="mb-4 rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-900 ring-1 ring-inset ring-emerald-200 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          Merged. The other record&apos;s contacts, cases and notes are here now, and its id opens this customer.
        </div>
      ) : null}
      <DuplicateBanner customerId={profile.id} matches={duplicates} canMerge={isAdmin} />
      <OpenHandoffBanner handoff={openHandoff} link={handoffLink} />
      <PageHeader
        title={profile.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone="indigo">{KIND_LABELS[profile.kind]}</Badge>
            {profile.country ? <span>{countryName(profile.country)}</span> : null}
            {profile.tier ? <Badge>{profile.tier}</Badge> : null}
            {profile.segment ? <span className="text-slate-500">{profile.segment}</span> : null}
            {profile.archived ? <Badge tone="amber">Archived {profile.archivedWhen}</Badge> : null}
            {profile.erased ? <Badge tone="red">Erased</Badge> : null}
          </span>
        }
        actions={!canEdit || profile.erased ? null : <ArchiveOrRestore name={profile.name} archived={profile.archived} />}
      />
      {!canEdit ? (
        <p className="mb-4 text-sm text-slate-500">You can read this customer; agents and supervisors edit customer records.</p>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-5">
        <div className="space-y-6 lg:col-span-2">
          <CustomerProfileCard
            profile={profile}
            canEdit={canEdit && !profile.erased}
            countries={countries}
            languages={languages}
            customFields={customFields}
          />
          <CustomerContactsCard kind={profile.kind} contacts={contacts} canEdit={canEdit && !profile.erased} />
          <CustomerHistoryCard history={history} customLabels={customLabels} />
          {isAdmin ? <CustomerPrivacyCard customerId={profile.id} kind={profile.kind} erasedAt={profile.erasedAt} zone={zone} /> : null}
        </div>
        <div className="space-y-6 lg:col-span-3">
          <CustomerCasesCard
            open={openCases}
            closed={closedCases}
            defaultOwner={defaultOwner}
            contacts={contactChoices}
            canEdit={canEdit && !profile.erased}
          />
          <Card title="Timeline" actions={<span className="text-xs text-slate-500">Times in {zone}</span>}>
            {canEdit && !profile.erased ? (
              <InteractionForm
                zone={zone}
                cases={[
                  ...openCases.map((c) => ({ value: c.id, label: `#${c.number} · ${c.subject}` })),
                  ...closedCases.map((c) => ({ value: c.id, label: `#${c.number} · ${c.subject} (closed)` })),
                ]}
              />
            ) : null}
            {canEdit && !profile.erased ? <CustomerNoteForm /> : null}
            <CustomerTimeline customerId={profile.id} first={timeline} qualityLinks={qualityLinks} />
          </Card>
        </div>
      </div>
      <Toaster message={toast} />
    </NotifyContext.Provider>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const missing = isRouteErrorResponse(error) && error.status === 404;
  const message = routeErrorMessage(error, "The customer");
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/customers" className="text-indigo-700 hover:underline">
          ← Customers
        </Link>
      </p>
      <PageHeader title={missing ? "Customer not found" : "Customer"} />
      <div role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-inset ring-red-200">
        {message}
      </div>
    </>
  );
}
