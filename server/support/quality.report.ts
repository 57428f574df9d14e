import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../../db/schema";
import { isoOrNull } from "../iso";
import { localDatesBetween } from "../workforce/local-time";
import { FCR_WINDOW_DAYS } from "./quality.schema";
import { rangeInstants } from "./quality.service";

/**
 * The quality report: per agent, per shift (of one agent) and per day, all
 * aggregated in SQL. Definitions (also stated on the page):
 *
 * - interactions: our agents' interactions that started in the range (imports have no agent);
 * - handle time: from start to end, over interactions that have an end;
 * - first-contact resolution (FCR): of the first contacts (no other interaction with the same
 *   customer in the 7 days before), the share that ended resolved and brought no repeat contact
 *   from that customer within the 7 days after (the repeat-contact method); the last 7 days of a
 *   range are provisional;
 * - CSAT: the customers' 1–5 answers on those interactions (average and how many answered);
 * - QA score: the average percentage of the QA scorecards of those interactions;
 * - handoff wait: requested → accepted, of handoffs the agents accepted in the range (median and
 *   90th percentile, percentile_cont);
 * - SLA met: of those handoffs, accepted by their SLA due time; with no team or agent filter, the
 *   handoffs nobody accepted whose due time passed in the range (still waiting, or given up after
 *   it) count as missed too. A handoff belongs to the shift of its agent covering `accepted_at`.
 */

export interface QualityMetrics {
  interactions: number;
  avgHandleSeconds: number | null;
  firstContacts: number;
  fcrPercent: number | null;
  csatAverage: number | null;
  csatResponses: number;
  qaAverage: number | null;
  qaScorecards: number;
  handoffs: number;
  waitMedianSeconds: number | null;
  waitP90Seconds: number | null;
  slaCounted: number;
  slaMetPercent: number | null;
}

export interface QualityReportQuery {
  from: string;
  to: string;
  zone: string;
  teamId: string | null;
  agentId: string | null;
}

const EMPTY: QualityMetrics = {
  interactions: 0,
  avgHandleSeconds: null,
  firstContacts: 0,
  fcrPercent: null,
  csatAverage: null,
  csatResponses: 0,
  qaAverage: null,
  qaScorecards: 0,
  handoffs: 0,
  waitMedianSeconds: null,
  waitP90Seconds: null,
  slaCounted: 0,
  slaMetPercent: null,
};

/** A row of a grouped aggregate: which grouping set it belongs to, and its key. */
interface Grouped {
  g_agent: number;
  g_shift: number;
  g_day: number;
  agent_id: string | null;
  shift_id: string | null;
  day: string | null;
}

type Level = "total" | "agent" | "shift" | "day";

function levelOf(r: Grouped): Level {
  if (Number(r.g_agent) === 0) return "agent";
  if (Number(r.g_shift) === 0) return "shift";
  if (Number(r.g_day) === 0) return "day";
  return "total";
}

function keyOf(r: Grouped): string {
  const level = levelOf(r);
  const key = level === "agent" ? r.agent_id : level === "shift" ? r.shift_id : level === "day" ? r.day : null;
  return `${level}:${key ?? "none"}`;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export async function qualityReport(db: Kysely<Database>, q: QualityReportQuery, now = new Date()) {
  const { start, end } = rangeInstants(q.from, q.to, q.zone);
  const zone = q.zone;
  const scopeFilters: RawBuilder<unknown>[] = [sql`true`];
  if (q.teamId) scopeFilters.push(sql`a.team_id = ${q.teamId}`);
  if (q.agentId) scopeFilters.push(sql`a.id = ${q.agentId}`);
  const unfiltered = !q.teamId && !q.agentId;

  // Shift rows are for one agent's drill-down only.
  const sets = q.agentId ? sql`(agent_id), (shift_id), (day), ()` : sql`(agent_id), (day), ()`;
  const grouping = q.agentId
    ? sql`GROUPING(agent_id) AS g_agent, GROUPING(shift_id) AS g_shift, GROUPING(day) AS g_day, agent_id, shift_id, day`
    : sql`GROUPING(agent_id) AS g_agent, 1 AS g_shift, GROUPING(day) AS g_day, agent_id, NULL::uuid AS shift_id, day`;

  const ctes = sql`
    WITH scope AS (
      SELECT a.id AS agent_id FROM agents a WHERE ${sql.join(scopeFilters, sql` AND `)}
    ),
    ix AS (
      SELECT i.id, i.agent_id, i.shift_id,
        (i.started_at AT TIME ZONE ${zone})::date::text AS day,
        CASE WHEN i.ended_at IS NOT NULL THEN extract(epoch FROM i.ended_at - i.started_at)::float8 END AS handle_s,
        i.csat,
        NOT EXISTS (
          SELECT 1 FROM interactions p
          WHERE p.customer_id = i.customer_id
            AND p.started_at >= i.started_at - make_interval(days => ${sql.lit(FCR_WINDOW_DAYS)})
            AND (p.started_at, p.id) < (i.started_at, i.id)
        ) AS first_contact,
        coalesce(i.outcome = 'resolved', false) AND NOT EXISTS (
          SELECT 1 FROM interactions n
          WHERE n.customer_id = i.customer_id
            AND n.started_at <= i.started_at + make_interval(days => ${sql.lit(FCR_WINDOW_DAYS)})
            AND (n.started_at, n.id) > (i.started_at, i.id)
        ) AS resolved_no_repeat
      FROM interactions i
      JOIN scope ON scope.agent_id = i.agent_id
      WHERE i.started_at >= ${start} AND i.started_at < ${end}
    ),
    qa AS (
      SELECT ix.agent_id, ix.shift_id, ix.day, sc.score_percent::float8 AS pct
      FROM qa_scorecards sc JOIN ix ON ix.id = sc.interaction_id
    ),
    hx AS (
      SELECT h.agent_id, sh.id AS shift_id,
        (h.accepted_at AT TIME ZONE ${zone})::date::text AS day,
        extract(epoch FROM h.accepted_at - h.requested_at)::float8 AS wait_s,
        h.accepted_at <= h.sla_due_at AS sla_met
      FROM handoffs h
      JOIN scope ON scope.agent_id = h.agent_id
      LEFT JOIN LATERAL (
        SELECT s.id FROM shifts s
        WHERE s.agent_id = h.agent_id AND s.status = 'scheduled'
          AND s.starts_at <= h.accepted_at AND s.ends_at > h.accepted_at
        ORDER BY s.starts_at DESC LIMIT 1
      ) sh ON true
      WHERE h.accepted_at >= ${start} AND h.accepted_at < ${end}
      ${
        unfiltered
          ? sql`UNION ALL
      SELECT NULL::uuid, NULL::uuid, (h.sla_due_at AT TIME ZONE ${zone})::date::text, NULL::float8, false
      FROM handoffs h
      WHERE h.accepted_at IS NULL
        AND h.sla_due_at >= ${start} AND h.sla_due_at < ${end} AND h.sla_due_at < ${now}
        AND coalesce(h.cancelled_at, h.abandoned_at, ${now}) > h.sla_due_at`
          : sql``
      }
    )`;

  const [ixRows, qaRows, hxRows] = await Promise.all([
    sql<Grouped & { interactions: number; avg_handle_s: number | null; first_contacts: number; fcr: number; csat_avg: number | null; csat_n: number }>`
      ${ctes}
      SELECT ${grouping},
        count(*)::int AS interactions,
        avg(handle_s)::float8 AS avg_handle_s,
        (count(*) FILTER (WHERE first_contact))::int AS first_contacts,
        (count(*) FILTER (WHERE first_contact AND resolved_no_repeat))::int AS fcr,
        avg(csat)::float8 AS csat_avg,
        count(csat)::int AS csat_n
      FROM ix GROUP BY GROUPING SETS (${sets})`.execute(db),
    sql<Grouped & { qa_avg: number | null; qa_n: number }>`
      ${ctes}
      SELECT ${grouping}, avg(pct)::float8 AS qa_avg, count(*)::int AS qa_n
      FROM qa GROUP BY GROUPING SETS (${sets})`.execute(db),
    sql<Grouped & { handoffs: number; wait_median: number | null; wait_p90: number | null; sla_n: number; sla_met: number }>`
      ${ctes}
      SELECT ${grouping},
        count(wait_s)::int AS handoffs,
        (percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_s))::float8 AS wait_median,
        (percentile_cont(0.9) WITHIN GROUP (ORDER BY wait_s))::float8 AS wait_p90,
        count(*)::int AS sla_n,
        (count(*) FILTER (WHERE sla_met))::int AS sla_met
      FROM hx GROUP BY GROUPING SETS (${sets})`.execute(db),
  ]);

  const metrics = new Map<string, QualityMetrics>();
  const at = (r: Grouped) => {
    const key = keyOf(r);
    let m = metrics.get(key);
    if (!m) metrics.set(key, (m = { ...EMPTY }));
    return m;
  };
  for (const r of ixRows.rows) {
    const m = at(r);
    m.interactions = Number(r.interactions);
    m.avgHandleSeconds = num(r.avg_handle_s);
    m.firstContacts = Number(r.first_contacts);
    m.fcrPercent = m.firstContacts ? (100 * Number(r.fcr)) / m.firstContacts : null;
    m.csatAverage = num(r.csat_avg);
    m.csatResponses = Number(r.csat_n);
  }
  for (const r of qaRows.rows) {
    const m = at(r);
    m.qaAverage = num(r.qa_avg);
    m.qaScorecards = Number(r.qa_n);
  }
  for (const r of hxRows.rows) {
    const m = at(r);
    m.handoffs = Number(r.handoffs);
    m.waitMedianSeconds = num(r.wait_median);
    m.waitP90Seconds = num(r.wait_p90);
    m.slaCounted = Number(r.sla_n);
    m.slaMetPercent = m.slaCounted ? (100 * Number(r.sla_met)) / m.slaCounted : null;
  }

  const keysAt = (level: Level) =>
    [...metrics.keys()].filter((k) => k.startsWith(`${level}:`)).map((k) => k.slice(level.length + 1));

  // Agents with any activity (a handoff nobody accepted has no agent row).
  const agentIds = keysAt("agent").filter((id) => id !== "none");
  const people = agentIds.length
    ? await db
        .selectFrom("agents as a")
        .innerJoin("users as u", "u.id", "a.user_id")
        .leftJoin("teams as t", "t.id", "a.team_id")
        .select(["a.id", "u.name", "t.name as team_name", "a.time_zone"])
        .where("a.id", "in", agentIds)
        .execute()
    : [];
  const agents = people
    .map((p) => ({ agentId: p.id, name: p.name, teamName: p.team_name, timeZone: p.time_zone, ...metrics.get(`agent:${p.id}`)! }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.agentId.localeCompare(b.agentId));

  let shifts: (QualityMetrics & { shiftId: string | null; startsAt: string | null; endsAt: string | null })[] | null = null;
  if (q.agentId) {
    const shiftIds = keysAt("shift").filter((id) => id !== "none");
    const times = shiftIds.length
      ? await db.selectFrom("shifts").select(["id", "starts_at", "ends_at"]).where("id", "in", shiftIds).execute()
      : [];
    shifts = times
      .map((s) => ({ shiftId: s.id, startsAt: isoOrNull(s.starts_at), endsAt: isoOrNull(s.ends_at), ...metrics.get(`shift:${s.id}`)! }))
      .sort((a, b) => (a.startsAt! < b.startsAt! ? 1 : -1));
    const offShift = metrics.get("shift:none");
    if (offShift) shifts.push({ shiftId: null, startsAt: null, endsAt: null, ...offShift });
  }

  const days = localDatesBetween(q.from, q.to).map((day) => ({ day, ...(metrics.get(`day:${day}`) ?? EMPTY) }));

  return {
    from: q.from,
    to: q.to,
    zone,
    teamId: q.teamId,
    agentId: q.agentId,
    totals: metrics.get("total:none") ?? { ...EMPTY },
    agents,
    shifts,
    days,
    slaIncludesUnaccepted: unfiltered,
  };
}

export type QualityReport = Awaited<ReturnType<typeof qualityReport>>;
