import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { QualityCharts } from "~/components/quality/quality-charts";
import { addDays, DASH, formatAverage, formatDuration, formatPercent, qaTone, shortDay } from "~/components/quality/quality-format";
import { QualityMetricsTable, type MetricsRow } from "~/components/quality/quality-metrics-table";
import { Button } from "~/components/ui/button";
import { Badge, Card, EmptyState, PageHeader, StatTile } from "~/components/ui/card";
import { FormError } from "~/components/ui/field";
import { RouteErrorPage } from "~/components/ui/route-error";
import { requireUser } from "~/lib/api.server";
import { formatInstant } from "~/lib/format";
import { viewerZoneFrom } from "~/lib/viewer-zone";
import { FCR_WINDOW_DAYS } from "../../server/support/quality.schema";
import { formatLocalRange, localDateOf } from "../../server/workforce/local-time";

export const meta: MetaFunction = () => [{ title: "Quality · Frontline" }];

const RECENT_PAGE = 15;
const CHANNELS = { phone: "Phone", chat: "Chat", email: "Email", social: "Social" } as const;
const OUTCOMES = { resolved: "Resolved", follow_up: "Follow-up", escalated: "Escalated" } as const;

/** The keyset cursor in the URL: "<startedAt ISO>_<id>". */
function parseAfter(value: string | null) {
  const m = value ? /^(.+)_([0-9a-f-]{36})$/i.exec(value) : null;
  return m ? { startedAt: m[1]!, id: m[2]! } : null;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, resHeaders } = await requireUser(request, context, ["supervisor", "planner", "agent"]);
  const zone = viewerZoneFrom(request);
  const params = new URL(request.url).searchParams;
  const today = localDateOf(new Date(), zone);
  const defaults = { from: addDays(today, -13), to: today };
  const isAgent = user.role === "agent";
  let filters = {
    from: params.get("from") || defaults.from,
    to: params.get("to") || defaults.to,
    teamId: isAgent ? null : params.get("team") || null,
    agentId: isAgent ? null : params.get("agent") || null,
  };
  let filterError: string | null = null;
  let report;
  try {
    report = await api.quality.report({ ...filters, zone });
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    // e.g. a signed-in agent without an agent record: say why, with the status the API gave.
    if (error.code !== "BAD_REQUEST") throw data(error.message, { status: getHTTPStatusCodeFromError(error) });
    filterError = `${error.message.replace(/^\w+: /, "")} Showing the last 14 days instead.`;
    filters = { ...defaults, teamId: null, agentId: null };
    report = await api.quality.report({ ...filters, zone });
  }
  const everyone = user.role === "supervisor" || user.role === "admin";
  const teams = isAgent ? [] : await api.teams.list();
  const unscoredOnly = params.get("unscored") === "1";
  const after = parseAfter(params.get("after"));
  const recent = everyone || isAgent ? await api.quality.recent({ ...filters, zone, unscoredOnly, limit: RECENT_PAGE, after }) : null;
  const focus = report.agentId ? (report.agents[0] ?? null) : null;
  const agentName = focus?.name ?? (report.agentId ? (isAgent ? user.name : "This agent") : null);

  return data(
    {
      role: user.role,
      zone,
      filters: { ...filters, from: report.from, to: report.to },
      filterError,
      teams,
      agentName,
      report: {
        ...report,
        shifts: report.shifts?.map((s) => ({
          ...s,
          when: s.startsAt && s.endsAt ? formatLocalRange(new Date(s.startsAt), new Date(s.endsAt), zone) : null,
        })),
      },
      recent: recent
        ? {
            unscoredOnly,
            paged: after !== null,
            next: recent.next ? `${recent.next.startedAt}_${recent.next.id}` : null,
            items: recent.items.map((i) => ({ ...i, when: formatInstant(i.startedAt, zone) })),
          }
        : null,
    },
    { headers: resHeaders },
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function query(filters: LoaderData["filters"], extra: Record<string, string | null> = {}) {
  const p = new URLSearchParams();
  p.set("from", filters.from);
  p.set("to", filters.to);
  if (filters.teamId) p.set("team", filters.teamId);
  if (filters.agentId) p.set("agent", filters.agentId);
  for (const [k, v] of Object.entries(extra)) {
    if (v === null) p.delete(k);
    else p.set(k, v);
  }
  return `?${p.toString()}`;
}

function Filters({ filters, teams, role }: Pick<LoaderData, "filters" | "teams" | "role">) {
  const navigation = useNavigation();
  const busy = navigation.state === "loading" && navigation.location?.pathname === "/quality";
  return (
    <Form method="get" className="flex flex-wrap items-end gap-3" aria-label="Report filters">
      <label className="text-sm">
        <span className="block font-medium text-slate-700">From</span>
        <input type="date" name="from" defaultValue={filters.from} required className="mt-1 rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300" />
      </label>
      <label className="text-sm">
        <span className="block font-medium text-slate-700">To</span>
        <input type="date" name="to" defaultValue={filters.to} required className="mt-1 rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300" />
      </label>
      {role !== "agent" ? (
        <label className="text-sm">
          <span className="block font-medium text-slate-700">Team</span>
          <select name="team" defaultValue={filters.teamId ?? ""} className="mt-1 rounded-md border-0 bg-white px-3 py-2 text-sm ring-1 ring-inset ring-slate-300">
            <option value="">All teams</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {filters.agentId ? <input type="hidden" name="agent" value={filters.agentId} /> : null}
      <Button type="submit" variant="secondary" disabled={busy}>
        {busy ? "Loading…" : "Show"}
      </Button>
    </Form>
  );
}

function Definitions({ slaIncludesUnaccepted }: { slaIncludesUnaccepted: boolean }) {
  return (
    <details className="mt-4 text-sm text-slate-600">
      <summary className="cursor-pointer font-medium text-slate-700">How these numbers are counted</summary>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        <li>Interactions: our agents&apos; interactions that started in the range (imported history has no agent of ours).</li>
        <li>Handle time: start to end, averaged over interactions that have an end.</li>
        <li>
          First-contact resolution (FCR): of the first contacts — no other interaction with the same customer in the {FCR_WINDOW_DAYS} days before —
          the share that ended <em>resolved</em> and brought no repeat contact from that customer within the {FCR_WINDOW_DAYS} days after. The last{" "}
          {FCR_WINDOW_DAYS} days are provisional: a customer may still come back.
        </li>
        <li>CSAT: the customers&apos; 1–5 answers to those interactions, with how many answered.</li>
        <li>QA score: the average percentage of supervisors&apos; scorecards of those interactions (a failed critical criterion scores 0 %).</li>
        <li>Handoff wait: from the customer asking for a human to an agent accepting, for handoffs accepted in the range; median and 90th percentile.</li>
        <li>
          SLA met: handoffs accepted by their SLA due time.{" "}
          {slaIncludesUnaccepted
            ? "In the totals and the charts, handoffs nobody accepted whose due time passed (still waiting, or given up late) count as missed."
            : "With a team or agent chosen, only handoffs those agents accepted count."}{" "}
          A handoff belongs to the shift its agent was on when accepting it.
        </li>
      </ul>
    </details>
  );
}

function RecentInteractions({ recent, filters, scoring }: { recent: NonNullable<LoaderData["recent"]>; filters: LoaderData["filters"]; scoring: boolean }) {
  return (
    <Card
      title={scoring ? "Interactions to score" : "My interactions and their scorecards"}
      actions={
        <div className="flex gap-3 text-sm">
          <Link
            to={query(filters, { unscored: recent.unscoredOnly ? null : "1", after: null })}
            className="text-indigo-700 hover:underline"
          >
            {recent.unscoredOnly ? "Show all" : "Only not scored yet"}
          </Link>
          {scoring ? (
            <Link to="/quality/criteria" className="text-indigo-700 hover:underline">
              QA form
            </Link>
          ) : null}
        </div>
      }
    >
      {recent.items.length === 0 ? (
        <EmptyState title={recent.paged ? "No more interactions" : recent.unscoredOnly ? "Every interaction in this range is scored" : "No interactions in this range"}>
          {recent.paged ? (
            <Link to={query(filters, { after: null, unscored: recent.unscoredOnly ? "1" : null })} className="text-indigo-700 hover:underline">
              Back to the newest
            </Link>
          ) : (
            "Change the dates or the team above."
          )}
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Interactions to score, newest first">
          {recent.items.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div className="min-w-0 flex-1 text-sm">
                <p className="font-medium text-slate-900">
                  {i.subject}
                  <span className="ml-2 font-normal text-slate-500">
                    {i.agentName} with{" "}
                    <Link to={`/customers/${i.customerId}`} className="text-indigo-700 hover:underline">
                      {i.customerName}
                    </Link>
                  </span>
                </p>
                <p className="mt-0.5 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                  <span>{i.when}</span>
                  <Badge>{CHANNELS[i.channel]}</Badge>
                  {i.outcome ? <Badge>{OUTCOMES[i.outcome]}</Badge> : null}
                  {i.offShift ? <Badge tone="amber">Off shift</Badge> : null}
                  <span>CSAT {i.csat ?? DASH}</span>
                  {i.scorecards ? (
                    <span>
                      QA <Badge tone={qaTone(i.qaAverage)}>{formatPercent(i.qaAverage)}</Badge> ({i.scorecards} scorecard{i.scorecards === 1 ? "" : "s"})
                    </span>
                  ) : (
                    <span>Not scored</span>
                  )}
                </p>
              </div>
              <Link
                to={`/quality/interactions/${i.id}`}
                className="rounded-md bg-white px-2.5 py-1 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
                aria-label={`${!scoring ? "Scorecards of" : i.myScore === null ? "Score" : "Edit my score of"} ${i.agentName} with ${i.customerName}, ${i.when}`}
              >
                {!scoring ? "Scorecards" : i.myScore === null ? "Score" : `My score ${formatPercent(i.myScore)}`}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {recent.paged || recent.next ? (
        <div className="mt-4 flex justify-between text-sm">
          {recent.paged ? (
            <Link to={query(filters, { after: null, unscored: recent.unscoredOnly ? "1" : null })} className="text-indigo-700 hover:underline">
              ← Newest
            </Link>
          ) : (
            <span />
          )}
          {recent.next ? (
            <Link to={query(filters, { after: recent.next, unscored: recent.unscoredOnly ? "1" : null })} className="text-indigo-700 hover:underline">
              More (older) →
            </Link>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}

export default function QualityPage() {
  const { role, zone, filters, filterError, teams, agentName, report, recent } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const loading = navigation.state === "loading" && navigation.location?.pathname === "/quality";
  const t = report.totals;
  const title = role === "agent" ? "My quality" : agentName ? `Quality: ${agentName}` : "Quality";
  const agentRows: MetricsRow[] = report.agents.map((a) => ({
    ...a,
    key: a.agentId,
    label: (
      <Link to={query(filters, { agent: a.agentId, after: null })} className="text-indigo-700 hover:underline">
        {a.name}
      </Link>
    ),
    sublabel: a.teamName ?? "No team",
  }));
  const shiftRows: MetricsRow[] =
    report.shifts?.map((s) => ({ ...s, key: s.shiftId ?? "off", label: s.when ?? "Off shift", sublabel: s.shiftId ? null : "Logged outside any shift" })) ?? [];

  return (
    <>
      <PageHeader
        title={title}
        description={`${shortDay(filters.from)} – ${shortDay(filters.to)}; days and times in ${zone}.`}
        actions={
          role === "supervisor" || role === "admin" ? (
            <Link to="/quality/criteria" className="rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
              QA form
            </Link>
          ) : undefined
        }
      />
      <div className="space-y-6" aria-busy={loading}>
        <Card>
          <Filters filters={filters} teams={teams} role={role} />
          {filterError ? (
            <div className="mt-3">
              <FormError message={filterError} />
            </div>
          ) : null}
          {filters.agentId && role !== "agent" ? (
            <p className="mt-3 text-sm">
              <Link to={query(filters, { agent: null, after: null })} className="text-indigo-700 hover:underline">
                ← All agents
              </Link>
            </p>
          ) : null}
        </Card>

        <dl className={`grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-8 ${loading ? "opacity-60" : ""}`} aria-label="Totals">
          <StatTile label="Interactions" value={t.interactions} />
          <StatTile label="Handle time" value={formatDuration(t.avgHandleSeconds)}>
            average
          </StatTile>
          <StatTile label="FCR" value={formatPercent(t.fcrPercent, 0)}>{t.firstContacts} first contacts</StatTile>
          <StatTile label="CSAT" value={formatAverage(t.csatAverage)}>{t.csatResponses} answers</StatTile>
          <StatTile label="QA score" value={formatPercent(t.qaAverage)}>{t.qaScorecards} scorecards</StatTile>
          <StatTile label="Wait median" value={formatDuration(t.waitMedianSeconds)}>{t.handoffs} handoffs</StatTile>
          <StatTile label="Wait p90" value={formatDuration(t.waitP90Seconds)} />
          <StatTile label="SLA met" value={formatPercent(t.slaMetPercent, 0)}>of {t.slaCounted}</StatTile>
        </dl>

        {report.shifts ? (
          <Card title={role === "agent" ? "My shifts" : `${agentName ?? "The agent"}'s shifts`}>
            {shiftRows.length === 0 ? (
              <EmptyState title="No interactions or handoffs in this range">Try a longer range.</EmptyState>
            ) : (
              <QualityMetricsTable caption="Quality per shift" firstHeader="Shift" rows={shiftRows} totals={t} />
            )}
          </Card>
        ) : (
          <Card title="Per agent">
            {agentRows.length === 0 ? (
              <EmptyState title="No interactions or handoffs in this range">Change the dates or the team above.</EmptyState>
            ) : (
              <QualityMetricsTable caption="Quality per agent" firstHeader="Agent" rows={agentRows} totals={t} />
            )}
            <p className="mt-2 text-xs text-slate-500">Choose an agent to see their shifts.</p>
          </Card>
        )}

        <section aria-labelledby="trend-heading">
          <h2 id="trend-heading" className="mb-3 text-base font-semibold text-slate-900">
            Over time
          </h2>
          <QualityCharts days={report.days} />
          <details className="mt-3 text-sm">
            <summary className="cursor-pointer font-medium text-slate-700">The same numbers per day, as a table</summary>
            <div className="mt-2 rounded-lg bg-white p-3 ring-1 ring-slate-200">
              <QualityMetricsTable
                caption="Quality per day"
                firstHeader="Day"
                rows={report.days.map((d) => ({ ...d, key: d.day, label: shortDay(d.day) }))}
              />
            </div>
          </details>
          <Definitions slaIncludesUnaccepted={report.slaIncludesUnaccepted} />
        </section>

        {recent ? <RecentInteractions recent={recent} filters={filters} scoring={role !== "agent"} /> : null}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return (
    <RouteErrorPage
      title="Quality"
      what="The quality report"
      link={{ to: "/quality", label: "Back to the last 14 days" }}
      byStatus={{ 403: "Supervisors, planners and agents see quality numbers (agents their own)." }}
    />
  );
}
