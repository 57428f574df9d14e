import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { languageName } from "~/components/crm/crm-labels";
import { formatSeconds, LiveIndicator, PRESENCE_LABELS, SlaBadge, useServerNow, waitedSeconds } from "~/components/support/queue-bits";
import { Badge, Card, EmptyState, PageHeader, StatTile } from "~/components/ui/card";
import { RouteErrorPage } from "~/components/ui/route-error";
import { requireUser } from "~/lib/api.server";
import { formatNear } from "~/lib/format";
import { useLiveRevalidation } from "~/lib/use-live";
import { viewerZoneFrom } from "~/lib/viewer-zone";
import { instantFromLocal } from "../../server/workforce/local-time";

export const meta: MetaFunction = () => [{ title: "Supervisor wall · Frontline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["supervisor"]);
  const zone = viewerZoneFrom(request);
  // "Today" is the supervisor's own day.
  const localDate = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const dayStart = instantFromLocal(localDate, "00:00", zone);
  const wall = await api.queue.wall({ dayStart: dayStart.toISOString() });
  return data(
    {
      wall,
      zone,
      agents: wall.agents.map((a) => ({ ...a, endsLabel: formatNear(a.endsAt, zone) })),
    },
    { headers: resHeaders },
  );
}

export default function WallPage() {
  const { wall, agents, zone } = useLoaderData<typeof loader>();
  const connected = useLiveRevalidation(["handoffs", "presence"]);
  const now = useServerNow(wall.now);
  const s = wall.stats;
  const oldest = wall.queue.reduce<string | null>((min, q) => (!min || q.requestedAt < min ? q.requestedAt : min), null);
  const escalated = wall.queue.filter((q) => q.escalatedAt);
  return (
    <div>
      <PageHeader
        title="Supervisor wall"
        description={`Who is on shift, who takes customers, and who is waiting for a human. Updates by itself. Times in ${zone}.`}
        actions={<LiveIndicator connected={connected} />}
      />
      <dl className="grid grid-cols-2 gap-4 md:grid-cols-3 2xl:grid-cols-6">
        <StatTile size="lg" label="On shift" value={s.onShift} />
        <StatTile size="lg" label="Available" value={s.available} tone={s.onShift > 0 && s.available === 0 ? "red" : "green"}>
          {s.active} with a customer · {s.offered} offered
        </StatTile>
        <StatTile size="lg" label="Waiting" value={s.waiting} tone={s.waiting > 0 && s.available === 0 ? "red" : "slate"} />
        <StatTile size="lg" label="Longest wait" value={oldest ? formatSeconds(waitedSeconds(oldest, now)) : "—"} tone={escalated.length ? "red" : "slate"} />
        <StatTile size="lg" label="SLA breaches today" value={s.slaBreachesToday} tone={s.slaBreachesToday ? "red" : "slate"}>
          of {s.requestedToday} requests · {s.abandonedToday} abandoned
        </StatTile>
        <StatTile size="lg" label="Off-shift to review" value={<Link to="/interactions/review" className="hover:underline">{s.offShiftToReview}</Link>} />
      </dl>

      {escalated.length ? (
        <div role="alert" className="mt-6 rounded-lg bg-red-50 p-4 ring-1 ring-inset ring-red-200">
          <h2 className="font-semibold text-red-900">Escalated: past their SLA and not yet taken ({escalated.length})</h2>
          <ul className="mt-2 space-y-1 text-sm text-red-900">
            {escalated.map((q) => (
              <li key={q.id}>
                <Link to={`/customers/${q.customerId}`} className="font-medium underline">
                  {q.customerName}
                </Link>{" "}
                — {q.skill?.name ?? "any skill"}
                {q.language ? `, ${languageName(q.language) ?? q.language}` : ""}, waiting {formatSeconds(waitedSeconds(q.requestedAt, now))}
                {q.status === "offered" ? ` (offered to ${q.agentName ?? "an agent"})` : ""}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="mt-6 grid grid-cols-1 gap-6 2xl:grid-cols-2">
        <Card title={`Queue (${s.waiting + s.offered})`}>
          {wall.queue.length === 0 ? (
            <EmptyState title="Nobody is waiting">Every customer who asked for a human has one.</EmptyState>
          ) : (
            <div className="relative overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="wall-queue">
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="py-2 pr-2 font-medium">Customer</th>
                  <th className="py-2 pr-2 font-medium">Needs</th>
                  <th className="py-2 pr-2 font-medium">Waiting</th>
                  <th className="py-2 font-medium">State</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {wall.queue.map((q) => (
                  <tr key={q.id}>
                    <td className="py-2 pr-2">
                      <Link to={`/customers/${q.customerId}`} className="font-medium text-slate-900 hover:underline">
                        {q.customerName}
                      </Link>
                      <div className="max-w-xs truncate text-xs text-slate-500" title={q.reason}>
                        {q.reason}
                      </div>
                    </td>
                    <td className="py-2 pr-2 text-slate-700">
                      {q.skill?.name ?? "Any"}
                      {q.language ? ` · ${languageName(q.language) ?? q.language}` : ""}
                    </td>
                    <td className="whitespace-nowrap py-2 pr-2 tabular-nums">{formatSeconds(waitedSeconds(q.requestedAt, now))}</td>
                    <td className="py-2">
                      <div className="flex flex-col items-start gap-1">
                      {q.status === "offered" ? <Badge tone="indigo">{`Offered to ${q.agentName ?? "an agent"}`}</Badge> : <Badge>Waiting</Badge>}
                      {q.priority ? <Badge tone="amber">Priority</Badge> : null}
                      <SlaBadge slaDueAt={q.slaDueAt} escalatedAt={q.escalatedAt} now={now} />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          )}
        </Card>

        <Card title={`On shift now (${agents.length})`}>
          {agents.length === 0 ? (
            <EmptyState title="Nobody is on shift">
              Customers who ask for a human wait until a shift starts. <Link to="/schedule" className="underline">Open the schedule board</Link>.
            </EmptyState>
          ) : (
            <div className="relative overflow-x-auto">
              <table className="w-full text-left text-sm" data-testid="wall-agents">
                <thead className="text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th className="py-2 pr-2 font-medium">Agent</th>
                    <th className="py-2 pr-2 font-medium">State</th>
                    <th className="py-2 pr-2 font-medium">Customer</th>
                    <th className="whitespace-nowrap py-2 font-medium">Shift ends</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {agents.map((a) => {
                    // Holding a customer outranks the agent's own toggle: "Available" while talking reads as free.
                    const p =
                      a.handoff?.status === "active"
                        ? { label: "With a customer", tone: "indigo" as const }
                        : a.handoff
                          ? { label: "Being offered", tone: "indigo" as const }
                          : PRESENCE_LABELS[a.presence]!;
                    return (
                      <tr key={a.agentId}>
                        <td className="py-2 pr-2">
                          <div className="font-medium text-slate-900">{a.name}</div>
                          <div className="text-xs text-slate-500">
                            {[a.teamName, ...a.skills.map((k: { name: string }) => k.name)].filter(Boolean).join(" · ")}
                          </div>
                        </td>
                        <td className="py-2 pr-2">
                          <Badge tone={p.tone}>{p.label}</Badge>
                          {a.presenceSince && !a.handoff ? (
                            <div className="mt-0.5 whitespace-nowrap text-xs text-slate-500">for {formatSeconds((now - Date.parse(a.presenceSince)) / 1000)}</div>
                          ) : null}
                        </td>
                        <td className="py-2 pr-2">
                          {a.handoff ? (
                            <>
                              <Link to={`/customers/${a.handoff.customerId}`} className="hover:underline">
                                {a.handoff.customerName}
                              </Link>{" "}
                              <span className="text-xs text-slate-500">({a.handoff.status === "active" ? "talking" : "offered"})</span>
                            </>
                          ) : (
                            <span className="text-slate-500">—</span>
                          )}
                        </td>
                        <td className="py-2 text-slate-700">{a.endsLabel}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title="Supervisor wall" what="The wall" link={{ to: "/wall", label: "Try again" }} />;
}
