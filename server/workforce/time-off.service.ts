import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import { lockAgent, requireAgentForUser } from "./agents.service";
import { formatLocalRange, localDateOf, nextLocalDate, startOfLocalDate } from "./local-time";
import { WorkforceError } from "./workforce.errors";
import { availabilityOverlapMessage } from "./weekly-availability";

/** An agent asks for whole local days off, from the first day's midnight to the day after the last. */
export async function requestTimeOff(
  db: Kysely<Database>,
  actor: Actor & { id: string },
  input: { fromDate: string; toDate: string; reason: string },
  now = new Date(),
) {
  const agent = await requireAgentForUser(db, actor.id);
  if (input.fromDate < localDateOf(now, agent.timeZone)) {
    throw new WorkforceError("INVALID", "Time off cannot start in the past.", { field: "fromDate" });
  }
  // Two requests sent at once (a double click, two tabs) take turns: the second sees the first and is refused.
  await lockAgent(db, agent.id);
  const startsAt = startOfLocalDate(input.fromDate, agent.timeZone);
  const endsAt = startOfLocalDate(nextLocalDate(input.toDate), agent.timeZone);
  const overlapping = await db
    .selectFrom("time_off_requests")
    .select("id")
    .where("agent_id", "=", agent.id)
    .where("status", "in", ["pending", "approved"])
    .where("starts_at", "<", endsAt)
    .where("ends_at", ">", startsAt)
    .executeTakeFirst();
  if (overlapping) {
    throw new WorkforceError("INVALID", "You already asked for time off on some of these days.", { field: "fromDate" });
  }
  const request = await db
    .insertInto("time_off_requests")
    .values({ agent_id: agent.id, starts_at: startsAt, ends_at: endsAt, reason: input.reason })
    .returning(["id", "status"])
    .executeTakeFirstOrThrow();
  await recordAudit(db, actor, {
    action: "time_off.requested",
    entityType: "time_off",
    entityId: request.id,
    after: { fromDate: input.fromDate, toDate: input.toDate, reason: input.reason },
  });
  return { id: request.id, status: request.status, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
}

function view(r: {
  id: string;
  agent_id: string;
  name: string;
  time_zone: string;
  starts_at: Date;
  ends_at: Date;
  reason: string;
  status: string;
  decision_note: string | null;
  created_at: Date;
  team_id: string | null;
  team_name: string | null;
}) {
  return {
    id: r.id,
    agentId: r.agent_id,
    agentName: r.name,
    timeZone: r.time_zone,
    startsAt: new Date(r.starts_at).toISOString(),
    endsAt: new Date(r.ends_at).toISOString(),
    localRange: formatLocalRange(new Date(r.starts_at), new Date(r.ends_at), r.time_zone),
    reason: r.reason,
    status: r.status,
    decisionNote: r.decision_note,
    createdAt: new Date(r.created_at).toISOString(),
    teamId: r.team_id,
    teamName: r.team_name,
  };
}

function baseQuery(db: Kysely<Database>) {
  return db
    .selectFrom("time_off_requests as t")
    .innerJoin("agents", "agents.id", "t.agent_id")
    .innerJoin("users", "users.id", "agents.user_id")
    .leftJoin("teams", "teams.id", "agents.team_id")
    .select([
      "t.id",
      "t.agent_id",
      "users.name",
      "agents.time_zone",
      "t.starts_at",
      "t.ends_at",
      "t.reason",
      "t.status",
      "t.decision_note",
      "t.created_at",
      "agents.team_id",
      "teams.name as team_name",
    ]);
}

/** Who is looking at or deciding time off: a supervisor's view is limited to the teams they lead. */
export interface TimeOffViewer {
  userId: string;
  role: Role;
}

/** Planners and admins see every request; a supervisor only those of agents in the teams they supervise. */
export async function listTimeOff(db: Kysely<Database>, viewer: TimeOffViewer, q: { status?: string; limit: number }) {
  let query = baseQuery(db).orderBy("t.starts_at").orderBy("t.id").limit(q.limit);
  if (q.status) query = query.where("t.status", "=", q.status as never);
  if (viewer.role === "supervisor") query = query.where("teams.supervisor_user_id", "=", viewer.userId);
  return (await query.execute()).map(view);
}

export async function myTimeOff(db: Kysely<Database>, userId: string) {
  const agent = await requireAgentForUser(db, userId);
  const rows = await baseQuery(db).where("t.agent_id", "=", agent.id).orderBy("t.starts_at", "desc").limit(100).execute();
  return rows.map(view);
}

/**
 * Planners and admins decide any request; a supervisor only one of an agent in
 * a team they supervise. Read under a share lock on the agent and the team, so
 * a concurrent move to another team or change of supervisor waits for the decision.
 */
async function assertMayDecide(db: Kysely<Database>, viewer: TimeOffViewer, agentId: string) {
  if (viewer.role === "admin" || viewer.role === "planner") return;
  const agent = await db.selectFrom("agents").select("team_id").where("id", "=", agentId).forShare().executeTakeFirstOrThrow();
  const team = agent.team_id
    ? await db.selectFrom("teams").select(["name", "supervisor_user_id"]).where("id", "=", agent.team_id).forShare().executeTakeFirst()
    : undefined;
  if (!team) throw new WorkforceError("NOT_YOURS", "This agent is in no team: only a planner can decide this request.");
  if (viewer.role !== "supervisor" || team.supervisor_user_id !== viewer.userId) {
    throw new WorkforceError("NOT_YOURS", `Only the supervisor of ${team.name} (or a planner) can decide this request.`);
  }
}

/**
 * A supervisor of the agent's team, a planner or an admin approves or rejects
 * a pending request. Approving does not remove shifts already scheduled in the
 * time off; they are returned so the decider can see what to reassign.
 */
export async function decideTimeOff(
  db: Kysely<Database>,
  actor: Actor & { id: string },
  role: Role,
  input: { requestId: string; decision: "approved" | "rejected"; note?: string },
) {
  // The agent first, then the request (the order every write keeps): a claim or assignment for the same agent
  // either waits and then sees the approved days, or went first and is among the shifts this answer lists.
  const whose = await db.selectFrom("time_off_requests").select("agent_id").where("id", "=", input.requestId).executeTakeFirst();
  if (!whose) throw new WorkforceError("NOT_FOUND", "No such time-off request.");
  await lockAgent(db, whose.agent_id);
  const request = await db.selectFrom("time_off_requests").selectAll().where("id", "=", input.requestId).forUpdate().executeTakeFirstOrThrow();
  await assertMayDecide(db, { userId: actor.id, role }, request.agent_id);
  if (request.status !== "pending") throw new WorkforceError("INVALID", `This request was already ${request.status}.`);
  await db
    .updateTable("time_off_requests")
    .set({ status: input.decision, decided_by: actor.id, decided_at: new Date(), decision_note: input.note ?? null })
    .where("id", "=", input.requestId)
    .execute();
  await recordAudit(db, actor, {
    action: `time_off.${input.decision}`,
    entityType: "time_off",
    entityId: input.requestId,
    before: { status: "pending" },
    after: { status: input.decision, ...(input.note ? { note: input.note } : {}) },
  });
  const conflicts =
    input.decision === "approved"
      ? await db
          .selectFrom("shifts")
          .select(["id", "starts_at", "ends_at"])
          .where("agent_id", "=", request.agent_id)
          .where("status", "=", "scheduled")
          .where("starts_at", "<", request.ends_at)
          .where("ends_at", ">", request.starts_at)
          .execute()
      : [];
  return {
    status: input.decision,
    conflictingShifts: conflicts.map((s) => ({ id: s.id, startsAt: new Date(s.starts_at).toISOString(), endsAt: new Date(s.ends_at).toISOString() })),
  };
}

export async function cancelTimeOff(db: Kysely<Database>, actor: Actor & { id: string }, requestId: string) {
  const agent = await requireAgentForUser(db, actor.id);
  await lockAgent(db, agent.id);
  const request = await db.selectFrom("time_off_requests").selectAll().where("id", "=", requestId).forUpdate().executeTakeFirst();
  if (!request || request.agent_id !== agent.id) throw new WorkforceError("NOT_FOUND", "No such time-off request of yours.");
  if (request.status !== "pending") throw new WorkforceError("INVALID", `This request was already ${request.status}.`);
  await db.updateTable("time_off_requests").set({ status: "cancelled" }).where("id", "=", requestId).execute();
  await recordAudit(db, actor, { action: "time_off.cancelled", entityType: "time_off", entityId: requestId });
}

export async function getAvailability(db: Kysely<Database>, agentId: string) {
  const rows = await db
    .selectFrom("availability")
    .select(["weekday", "start_time", "end_time"])
    .where("agent_id", "=", agentId)
    .orderBy("weekday")
    .orderBy("start_time")
    .execute();
  return rows.map((r) => ({ weekday: r.weekday, start: r.start_time.slice(0, 5), end: r.end_time.slice(0, 5) }));
}

/**
 * Replaces the agent's weekly availability (local wall-clock times in their zone). A slot whose end is at or
 * before its start runs into the next day, and is stored so (end_time <= start_time).
 */
export async function setMyAvailability(
  db: Kysely<Database>,
  actor: Actor & { id: string },
  slots: { weekday: number; start: string; end: string }[],
) {
  const agent = await requireAgentForUser(db, actor.id);
  // Replaces the whole week: two saves at once take turns, so the second replaces the first instead of adding to it.
  await lockAgent(db, agent.id);
  const sorted = [...slots].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
  const overlap = availabilityOverlapMessage(sorted);
  if (overlap) throw new WorkforceError("INVALID", overlap, { field: "slots" });
  const before = await getAvailability(db, agent.id);
  await db.deleteFrom("availability").where("agent_id", "=", agent.id).execute();
  if (sorted.length) {
    await db
      .insertInto("availability")
      .values(sorted.map((s) => ({ agent_id: agent.id, weekday: s.weekday, start_time: s.start, end_time: s.end })))
      .execute();
  }
  await recordAudit(db, actor, { action: "availability.set", entityType: "agent", entityId: agent.id, before, after: sorted });
  return getAvailability(db, agent.id);
}
