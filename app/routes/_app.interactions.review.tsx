import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { RouteErrorPage } from "~/components/ui/route-error";
import { Link, useFetcher, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "~/components/ui/card";
import { Toaster } from "~/components/ui/toast";
import { formFailure, requireUser } from "~/lib/api.server";
import { formatInstant } from "~/lib/format";
import { weekdayClockRange, zoneOffset } from "~/lib/shift-format";
import { viewerZoneFrom } from "~/lib/viewer-zone";
import { formatLocal, localDateOf } from "../../server/workforce/local-time";

export const meta: MetaFunction = () => [{ title: "Off-shift review · Frontline" }];

const PAGE_SIZE = 25;

const CHANNEL_LABELS = {
  phone: "Phone",
  chat: "Chat",
  email: "Email",
  social: "Social",
} as const;
const OUTCOME_LABELS = {
  resolved: "Resolved",
  follow_up: "Follow-up",
  escalated: "Escalated",
} as const;

/** The keyset cursor in the URL: "<startedAt ISO>_<id>". */
function parseAfter(value: string | null) {
  const m = value ? /^(.+)_([0-9a-f-]{36})$/i.exec(value) : null;
  return m ? { startedAt: m[1]!, id: m[2]! } : undefined;
}

function sameLocalDay(a: string, b: string, zone: string): boolean {
  return localDateOf(new Date(a), zone) === localDateOf(new Date(b), zone);
}

/** When it was on the agent's own clock ("Wed 05:00–05:08 (Asia/Kolkata)"), if that reads differently from the viewer's. */
function agentClock(startedAt: string, endedAt: string | null, agentZone: string | null, zone: string): string | null {
  if (!agentZone || zoneOffset(agentZone, Date.parse(startedAt)) === zoneOffset(zone, Date.parse(startedAt))) return null;
  const when = endedAt ? weekdayClockRange(startedAt, endedAt, agentZone) : formatLocal(new Date(startedAt), agentZone, "EEE HH:mm");
  return `${when} (${agentZone})`;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["supervisor"]);
  const zone = viewerZoneFrom(request);
  const after = parseAfter(new URL(request.url).searchParams.get("after"));
  const page = await api.interactions.offShift({
    limit: PAGE_SIZE,
    ...(after ? { after } : {}),
  });
  return data(
    {
      items: page.items.map((i) => ({
        id: i.id,
        customerId: i.customerId,
        customerName: i.customerName,
        agentName: i.agentName ?? i.importedOwner ?? "Unknown agent",
        channel: CHANNEL_LABELS[i.channel],
        direction: i.direction,
        outcome: i.outcome ? OUTCOME_LABELS[i.outcome] : null,
        when: formatInstant(i.startedAt, zone),
        // The end's date only when it is another day than the start's.
        ended: i.endedAt ? formatLocal(new Date(i.endedAt), zone, sameLocalDay(i.startedAt, i.endedAt, zone) ? "HH:mm" : "d MMM yyyy, HH:mm") : null,
        agentLocal: agentClock(i.startedAt, i.endedAt, i.agentTimeZone, zone),
        subject: i.subject,
        summary: i.summary,
      })),
      next: page.next ? `${page.next.startedAt}_${page.next.id}` : null,
      zone,
    },
    { headers: resHeaders }
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["supervisor"]);
  const form = await request.formData();
  try {
    await api.interactions.markReviewed({
      interactionId: String(form.get("interactionId") ?? ""),
    });
    const label = String(form.get("label") ?? "the interaction");
    return data(
      {
        ok: true as const,
        message: `Marked reviewed: ${label}.`,
        at: Date.now(),
      },
      { headers: resHeaders }
    );
  } catch (error) {
    return formFailure(error, resHeaders, { at: Date.now() });
  }
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];
type ReviewFetcher = ReturnType<typeof useFetcher<typeof action>>;

function ReviewRow({ item, fetcher }: { item: Item; fetcher: ReviewFetcher }) {
  const busy = fetcher.state !== "idle" && fetcher.formData?.get("interactionId") === item.id;
  const label = `${item.agentName} with ${item.customerName}, ${item.when}`;
  return (
    <li className={`flex flex-wrap items-start justify-between gap-4 py-4 ${busy ? "opacity-60" : ""}`} aria-busy={busy}>
      {/* At least 16rem, so on a phone the button wraps below rather than squeezing the text into a strip. */}
      <div className="min-w-[16rem] flex-1">
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <Link to={`/customers/${item.customerId}`} className="font-medium text-indigo-700 hover:underline">
            {item.customerName}
          </Link>
          <span className="text-slate-500" aria-hidden>
            ·
          </span>
          <span className="text-slate-700">{item.agentName}</span>
          <Badge tone="indigo">
            {item.channel}
            {item.direction === "outbound" ? " (outbound)" : ""}
          </Badge>
          {item.outcome ? <Badge>{item.outcome}</Badge> : null}
        </div>
        <p className="mt-1 text-sm font-medium text-slate-900">{item.subject}</p>
        {item.summary ? <p className="mt-0.5 whitespace-pre-line text-sm text-slate-600">{item.summary}</p> : null}
        <p className="mt-1 text-xs text-slate-500">
          Started {item.when}
          {item.ended ? ` · ended ${item.ended}` : ""}
          {item.agentLocal ? <span className="block">On the agent&apos;s clock: {item.agentLocal}</span> : null}
        </p>
      </div>
      <fetcher.Form method="post">
        <input type="hidden" name="interactionId" value={item.id} />
        <input type="hidden" name="label" value={label} />
        <Button type="submit" variant="secondary" size="sm" disabled={busy} aria-label={`Mark reviewed: ${label}`}>
          {busy ? "Marking…" : "Mark reviewed"}
        </Button>
      </fetcher.Form>
    </li>
  );
}

export default function OffShiftReview() {
  const { items, next, zone } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const loading = navigation.state === "loading" && navigation.location?.pathname === "/interactions/review";
  // One fetcher for the page: a reviewed row leaves the list, its confirmation must not.
  const fetcher = useFetcher<typeof action>({ key: "mark-reviewed" });
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const toast = result
    ? result.ok
      ? { id: result.at, text: result.message }
      : { id: result.at, text: result.formError, tone: "error" as const }
    : null;
  const paged = Boolean(params.get("after"));

  return (
    <>
      <PageHeader
        title="Off-shift review"
        description={`Interactions agents logged outside any of their shifts, newest first. Times in ${zone}.`}
      />
      <Card title="To review">
        {items.length === 0 ? (
          <EmptyState title={paged ? "No more to review" : "Nothing to review: every interaction was logged on a shift."}>
            {paged ? (
              <Link to="?" className="text-indigo-700 hover:underline">
                Back to the newest
              </Link>
            ) : null}
          </EmptyState>
        ) : (
          <ul
            className={`divide-y divide-slate-100 ${loading ? "opacity-60" : ""}`}
            aria-busy={loading}
            aria-label="Off-shift interactions"
          >
            {items.map((item) => (
              <ReviewRow key={item.id} item={item} fetcher={fetcher} />
            ))}
          </ul>
        )}
        {paged || next ? (
          <div className="mt-4 flex justify-between text-sm">
            {paged ? (
              <Link to="?" className="text-indigo-700 hover:underline">
                ← Newest
              </Link>
            ) : (
              <span />
            )}
            {next ? (
              <Link to={`?after=${encodeURIComponent(next)}`} className="text-indigo-700 hover:underline">
                More (older) →
              </Link>
            ) : null}
          </div>
        ) : null}
      </Card>
      <Toaster message={toast} />
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title="Off-shift review" what="The off-shift interactions" link={{ to: "/interactions/review", label: "Reload the list" }} byStatus={{ 403: "Only supervisors review off-shift interactions." }} />;
}
