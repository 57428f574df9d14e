import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { useEffect, useRef } from "react";
import { countryName, languageName, timelineEntries } from "~/components/crm/crm-labels";
import {
  CHANNEL_LABELS,
  formatSeconds,
  LiveIndicator,
  PRESENCE_LABELS,
  SlaBadge,
  TranscriptView,
  useServerNow,
  waitedSeconds,
} from "~/components/support/queue-bits";
import { Button } from "~/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "~/components/ui/card";
import { CONTROL, FormError, SelectField, TextField } from "~/components/ui/field";
import { RouteErrorPage } from "~/components/ui/route-error";
import { Toaster } from "~/components/ui/toast";
import { formFailure, requireUser } from "~/lib/api.server";
import { displayPhone } from "~/components/crm/crm-choices.server";
import { weekdayClockRange, zoneOffset } from "~/lib/shift-format";
import { formatLocalRange } from "../../server/workforce/local-time";
import { useLiveRevalidation } from "~/lib/use-live";
import { viewerZoneFrom } from "~/lib/viewer-zone";

export const meta: MetaFunction = () => [{ title: "Console · Frontline" }];

const OUTCOMES = [
  { value: "resolved", label: "Resolved" },
  { value: "follow_up", label: "Follow-up needed" },
  { value: "escalated", label: "Escalated" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, resHeaders } = await requireUser(request, context, ["agent", "supervisor"]);
  const zone = viewerZoneFrom(request);
  let state;
  try {
    state = await api.queue.console();
  } catch (error) {
    if (error instanceof TRPCError && error.code === "PRECONDITION_FAILED") {
      // A supervisor (or admin) without an agent record came to watch, most likely: the wall is where that is done.
      return data({ notAgent: error.message, zone, watcher: user.role !== "agent" } as const, { headers: resHeaders });
    }
    throw error;
  }
  // The customer of the conversation, beside it.
  const current = state.active[0] ?? null;
  const customer = current
    ? await api.customers.view360({ customerId: current.customerId }).then((v) => ({
        id: v.profile.id,
        name: v.profile.name,
        kind: v.profile.kind,
        email: v.profile.email,
        phone: displayPhone(v.profile.phone),
        country: countryName(v.profile.country),
        language: languageName(v.profile.language),
        tier: v.profile.tier,
        openCases: v.openCases.map((c) => ({ id: c.id, label: `#${c.case_number} ${c.subject}`, status: c.status, priority: c.priority })),
        timeline: timelineEntries(v.timeline.items.slice(0, 6), zone),
      }))
    : null;
  // The shift in the viewer's zone, and in the agent's own beside it when that clock differs (as on the home page).
  const ownZone = (await api.agents.me())?.timeZone ?? zone;
  const label = (shift: { startsAt: string; endsAt: string } | null) => {
    if (!shift) return null;
    const viewer = `${formatLocalRange(new Date(shift.startsAt), new Date(shift.endsAt), zone)} (${zone})`;
    const at = Date.parse(shift.startsAt);
    if (zoneOffset(ownZone, at) === zoneOffset(zone, at)) return viewer;
    return `${viewer}, ${weekdayClockRange(shift.startsAt, shift.endsAt, ownZone)} in your own zone (${ownZone})`;
  };
  return data(
    {
      notAgent: null,
      zone,
      state,
      customer,
      shiftLabel: label(state.shift),
      nextShiftLabel: label(state.nextShift),
    },
    { headers: resHeaders },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["agent", "supervisor"]);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const handoffId = String(form.get("handoffId") ?? "");
  const done = (message: string) => data({ ok: true as const, message, at: Date.now() }, { headers: resHeaders });
  try {
    switch (intent) {
      case "availability": {
        const status = String(form.get("status") ?? "") as "available" | "busy" | "away";
        await api.queue.setAvailability({ status });
        return done(`You are ${PRESENCE_LABELS[status]?.label.toLowerCase() ?? status}.`);
      }
      case "accept":
        await api.queue.accept({ handoffId });
        return done("You have the customer. Their record and the transcript are open.");
      case "decline":
        await api.queue.decline({ handoffId });
        return done("Declined: the customer went back to the queue.");
      case "resolve": {
        const caseId = String(form.get("caseId") ?? "");
        const result = await api.queue.resolve({
          handoffId,
          subject: String(form.get("subject") ?? ""),
          summary: String(form.get("summary") ?? "") || null,
          outcome: String(form.get("outcome") ?? "") as "resolved" | "follow_up" | "escalated",
          caseId: caseId || null,
        });
        return done(
          result.interaction.offShift
            ? "Resolved. It was logged as off shift, for a supervisor to review."
            : "Resolved and logged on the customer's timeline, linked to your shift.",
        );
      }
      default:
        return data({ ok: false as const, formError: "Unknown action.", fieldErrors: {}, details: null, at: Date.now() }, { status: 400 });
    }
  } catch (error) {
    return formFailure(error, resHeaders, { at: Date.now(), intent });
  }
}

export default function ConsolePage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const connected = useLiveRevalidation(["handoffs", "presence"]);

  if (loaded.notAgent !== null) {
    return (
      <div>
        <PageHeader title="Console" />
        <EmptyState title="No agent record">
          {loaded.notAgent}
          {loaded.watcher ? (
            <>
              {" "}
              The console is for taking customers yourself; to watch the queue and who is on shift, open the{" "}
              <Link to="/wall" className="font-medium text-indigo-700 hover:underline">
                supervisor wall
              </Link>
              .
            </>
          ) : null}
        </EmptyState>
      </div>
    );
  }
  const { state, customer, shiftLabel, nextShiftLabel } = loaded;
  const toast = result
    ? { id: result.at, text: result.ok ? result.message : result.formError, tone: result.ok ? ("success" as const) : ("error" as const) }
    : null;

  return (
    <div>
      <PageHeader
        title="Console"
        description={
          shiftLabel ? (
            <>
              On shift {shiftLabel}. Customers who asked for a human are offered to you while you are available.
            </>
          ) : (
            <>
              You are not on shift now{nextShiftLabel ? `; your next shift is ${nextShiftLabel}` : ""}. Customers are offered only
              during a shift.
            </>
          )
        }
        actions={<LiveIndicator connected={connected} />}
      />
      <Toaster message={toast} />
      <AvailabilityToggle status={state.presence.status} />
      <div className="mt-6 grid gap-6 xl:grid-cols-3">
        <div className="space-y-6 xl:col-span-2">
          {state.offer ? <OfferCard offer={state.offer} serverNow={state.now} /> : null}
          {state.active.map((h) => (
            <ConversationCard key={h.id} handoff={h} customer={customer} serverNow={state.now} />
          ))}
          {!state.offer && state.active.length === 0 ? (
            <EmptyState title="No customer for you right now">
              {state.presence.status !== "available"
                ? "Set yourself available to be offered the next customer who asks for a human."
                : state.shift
                  ? "You will be offered the next customer who needs your skills. This page updates by itself."
                  : "You are available, but customers are offered only during your shift."}
            </EmptyState>
          ) : null}
        </div>
        <QueueCard queue={state.queue} serverNow={state.now} />
      </div>
    </div>
  );
}

function AvailabilityToggle({ status }: { status: "available" | "busy" | "away" }) {
  const navigation = useNavigation();
  const pending = navigation.formData?.get("intent") === "availability" ? String(navigation.formData.get("status")) : null;
  const shown = pending ?? status;
  return (
    <Form method="post" className="flex flex-wrap items-center gap-3" aria-label="Your availability">
      <input type="hidden" name="intent" value="availability" />
      <span className="text-sm font-medium text-slate-700" id="availability-label">
        Availability
      </span>
      <div role="group" aria-labelledby="availability-label" className="inline-flex overflow-hidden rounded-md ring-1 ring-inset ring-slate-300">
        {(["available", "busy", "away"] as const).map((s) => (
          <button
            key={s}
            type="submit"
            name="status"
            value={s}
            aria-pressed={shown === s}
            className={`px-4 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 ${
              shown === s
                ? s === "available"
                  ? "bg-green-700 text-white"
                  : s === "busy"
                    ? "bg-amber-700 text-white"
                    : "bg-slate-600 text-white"
                : "bg-white text-slate-700 hover:bg-slate-50"
            }`}
          >
            {PRESENCE_LABELS[s]!.label}
          </button>
        ))}
      </div>
      <span className="text-xs text-slate-500">Busy: doing other work. Away: not at your desk. Missing an offer sets you away.</span>
    </Form>
  );
}

type Loaded = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { notAgent: null }>;
type Card = Loaded["state"]["active"][number];

function HandoffFacts({ handoff, now, compact = false }: { handoff: Card; now: number; compact?: boolean }) {
  return (
    <dl className={`grid grid-cols-2 gap-x-4 gap-y-1 text-sm ${compact ? "" : "sm:grid-cols-4"}`}>
      <div>
        <dt className="text-slate-500">Channel</dt>
        <dd>{CHANNEL_LABELS[handoff.channel]}</dd>
      </div>
      <div>
        <dt className="text-slate-500">Skill</dt>
        <dd>{handoff.skill?.name ?? "Any"}</dd>
      </div>
      <div>
        <dt className="text-slate-500">Language</dt>
        <dd>{languageName(handoff.language) ?? "Any"}</dd>
      </div>
      <div>
        <dt className="text-slate-500">Waited</dt>
        <dd>{formatSeconds(waitedSeconds(handoff.requestedAt, handoff.acceptedAt ? Date.parse(handoff.acceptedAt) : now))}</dd>
      </div>
    </dl>
  );
}

function OfferCard({ offer, serverNow }: { offer: Card; serverNow: string }) {
  const now = useServerNow(serverNow);
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("handoffId") === offer.id;
  const left = offer.offerExpiresAt ? (Date.parse(offer.offerExpiresAt) - now) / 1000 : 0;
  const accept = useRef<HTMLButtonElement>(null);
  useEffect(() => accept.current?.focus(), [offer.id]);
  return (
    <section className="rounded-lg bg-indigo-50 p-5 shadow-sm ring-2 ring-indigo-500" aria-labelledby="offer-title" data-testid="offer">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="offer-title" className="text-lg font-semibold text-slate-900">
            {offer.customerName} wants a human
          </h2>
          <p className="mt-1 text-sm text-slate-700">{offer.reason}</p>
        </div>
        <div className="flex flex-col items-end gap-1">
          {offer.priority ? <Badge tone="amber">Left the queue earlier: goes first</Badge> : null}
          <SlaBadge slaDueAt={offer.slaDueAt} escalatedAt={offer.escalatedAt} now={now} />
        </div>
      </div>
      <div className="mt-4">
        <HandoffFacts handoff={offer} now={now} />
      </div>
      {offer.transcript.length ? (
        <details className="mt-4">
          <summary className="cursor-pointer text-sm font-medium text-indigo-800">Transcript ({offer.transcript.length} lines)</summary>
          <div className="mt-2 max-h-48 overflow-y-auto rounded-md bg-white p-3">
            <TranscriptView lines={offer.transcript} />
          </div>
        </details>
      ) : null}
      <Form method="post" className="mt-4 flex flex-wrap items-center gap-3">
        <input type="hidden" name="handoffId" value={offer.id} />
        <Button ref={accept} type="submit" name="intent" value="accept" disabled={busy}>
          Accept
        </Button>
        <Button type="submit" name="intent" value="decline" variant="secondary" disabled={busy}>
          Decline
        </Button>
        <span className={`text-sm ${left <= 10 ? "font-semibold text-red-700" : "text-slate-600"}`}>
          {left > 0 ? `Accept within ${formatSeconds(left)}` : "Time is up: the offer moves on."}
        </span>
      </Form>
    </section>
  );
}

function ConversationCard({ handoff, customer, serverNow }: { handoff: Card; customer: Loaded["customer"]; serverNow: string }) {
  const now = useServerNow(serverNow);
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const resolving = navigation.state !== "idle" && navigation.formData?.get("intent") === "resolve";
  const failure = result && !result.ok && "intent" in result && result.intent === "resolve" ? result : null;
  // Accepting removes the offer and its focused button: keyboard focus comes here, not back to the page's top.
  const region = useRef<HTMLDivElement>(null);
  useEffect(() => region.current?.focus(), [handoff.id]);
  return (
    <div
      ref={region}
      tabIndex={-1}
      role="region"
      aria-label={`Conversation with ${handoff.customerName}`}
      className="grid gap-6 focus:outline-none lg:grid-cols-2"
      data-testid="conversation"
    >
      <Card title={`With ${handoff.customerName}`} actions={<Badge tone="indigo">Active</Badge>}>
        <p className="text-sm text-slate-700">{handoff.reason}</p>
        <div className="mt-3">
          <HandoffFacts handoff={handoff} now={now} compact />
        </div>
        <h3 className="mt-5 text-sm font-semibold text-slate-900">Before the handoff</h3>
        <div className="mt-2 max-h-72 overflow-y-auto rounded-md bg-slate-50 p-3">
          <TranscriptView lines={handoff.transcript} />
        </div>
        <Form method="post" className="mt-5 space-y-3 border-t border-slate-200 pt-4" aria-label="Resolve the conversation">
          <input type="hidden" name="intent" value="resolve" />
          <input type="hidden" name="handoffId" value={handoff.id} />
          <h3 className="text-sm font-semibold text-slate-900">Wrap up</h3>
          <FormError message={failure?.formError} />
          <TextField label="Subject" name="subject" defaultValue={handoff.reason.slice(0, 200)} required maxLength={200} errors={failure?.fieldErrors.subject} />
          <div className="space-y-1">
            <label htmlFor="resolve-summary" className="block text-sm font-medium text-slate-700">
              Summary
            </label>
            <textarea
              id="resolve-summary"
              name="summary"
              rows={3}
              maxLength={10_000}
              className={CONTROL}
            />
          </div>
          <div className="grid gap-3 sm:grid-cols-2">
            <SelectField label="Outcome" name="outcome" options={OUTCOMES} defaultValue="resolved" errors={failure?.fieldErrors.outcome} />
            <SelectField
              label="Case"
              name="caseId"
              options={[{ value: "", label: "No case" }, ...(customer?.openCases ?? []).map((c) => ({ value: c.id, label: c.label }))]}
              errors={failure?.fieldErrors.caseId}
            />
          </div>
          <Button type="submit" disabled={resolving}>
            {resolving ? "Resolving…" : "Resolve and log"}
          </Button>
        </Form>
      </Card>
      {customer ? (
        <Card
          title={customer.name}
          actions={
            <Link to={`/customers/${customer.id}`} target="_blank" rel="noreferrer" className="text-sm font-medium text-indigo-700 hover:underline">
              Full record ↗
            </Link>
          }
        >
          <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
            <div className="col-span-2">
              <dt className="text-slate-500">Email</dt>
              <dd className="break-words">{customer.email ?? "—"}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Phone</dt>
              <dd>{customer.phone ?? "—"}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Country</dt>
              <dd>{customer.country ?? "—"}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Language</dt>
              <dd>{customer.language ?? "—"}</dd>
            </div>
          </dl>
          <h3 className="mt-5 text-sm font-semibold text-slate-900">Open cases</h3>
          {customer.openCases.length ? (
            <ul className="mt-1 space-y-1 text-sm">
              {customer.openCases.map((c) => (
                <li key={c.id}>
                  {c.label} <span className="text-slate-500">({c.status})</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-1 text-sm text-slate-500">None.</p>
          )}
          <h3 className="mt-5 text-sm font-semibold text-slate-900">Recent history</h3>
          {customer.timeline.length ? (
            <ol className="mt-1 space-y-2 text-sm">
              {customer.timeline.map((t) => (
                <li key={`${t.kind}-${t.ref.id}-${t.at}`}>
                  <span className="font-medium text-slate-800">{t.title}</span> <span className="text-xs text-slate-500">{t.when}</span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="mt-1 text-sm text-slate-500">Nothing yet: a new customer.</p>
          )}
        </Card>
      ) : null}
    </div>
  );
}

function QueueCard({ queue, serverNow }: { queue: Loaded["state"]["queue"]; serverNow: string }) {
  const now = useServerNow(serverNow);
  return (
    <Card title={`Queue: ${queue.counts.waiting} waiting${queue.counts.offered ? `, ${queue.counts.offered} offered` : ""}`}>
      {queue.items.length === 0 ? (
        <EmptyState title="Nobody is waiting">Customers who ask for a human show here the moment they ask.</EmptyState>
      ) : (
        <ol className="divide-y divide-slate-100" aria-label="Customers waiting, in the order they are served" data-testid="queue">
          {queue.items.map((item) => (
            <li key={item.id} className={`py-3 ${item.canServe ? "" : "-ml-3 border-l-2 border-slate-200 pl-2.5"}`}>
              <div className="flex items-baseline justify-between gap-2">
                <span className="font-medium text-slate-900">{item.customerName}</span>
                <span className="shrink-0 text-xs tabular-nums text-slate-600">waiting {formatSeconds(waitedSeconds(item.requestedAt, now))}</span>
              </div>
              <p className="truncate text-sm text-slate-600" title={item.reason}>
                {item.reason}
              </p>
              <div className="mt-1 flex flex-wrap gap-1">
                {item.status === "offered" ? <Badge tone="indigo">{`Offered to ${item.agentName ?? "an agent"}`}</Badge> : null}
                {item.priority ? <Badge tone="amber">Priority</Badge> : null}
                <SlaBadge slaDueAt={item.slaDueAt} escalatedAt={item.escalatedAt} now={now} />
                {item.skill ? <Badge>{item.skill.name}</Badge> : null}
                {item.language ? <Badge>{languageName(item.language) ?? item.language}</Badge> : null}
                {item.canServe ? null : <Badge>Not your skills</Badge>}
              </div>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title="Console" what="The console" link={{ to: "/console", label: "Try again" }} />;
}
