import { sql, type Kysely } from "kysely";
import type { Database, ShiftStatus } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import { lockAgent, requireAgentForUser } from "./agents.service";
import {
  formatLocalRange,
  isoWeekday,
  localDatesBetween,
  localShiftInstants,
  formatLocal,
  workweekOf,
} from "./local-time";
import { checkShiftRules, DEFAULT_RULES, type Interval, type RuleViolation, type ScheduleRules } from "./schedule-rules";
import type { BoardInput, CreateShiftInput, TemplateInput, UpdateShiftInput } from "./workforce.schema";
import { isDeadlock } from "../../db/pg-errors";
import { isExclusionViolation, WorkforceError } from "./workforce.errors";
import { isoFromMs, isoOf } from "../iso";
import { compiledOnce } from "../../db/compiled-once";

const DAY = 86_400_000;
/** shifts_positive_length caps a shift at 24 h: a shift covering an instant started less than this before it. */
export const MAX_SHIFT_MS = DAY;
const MAX_TEMPLATE_SHIFTS = 400;

export interface ShiftView {
  id: string;
  agentId: string | null;
  startsAt: string;
  endsAt: string;
  skillId: string | null;
  breakMinutes: number;
  status: ShiftStatus;
  note: string | null;
}

const shiftColumns = [
  "shifts.id",
  "shifts.agent_id",
  "shifts.starts_at",
  "shifts.ends_at",
  "shifts.skill_id",
  "shifts.break_minutes",
  "shifts.status",
  "shifts.note",
] as const;

type ShiftRow = {
  id: string;
  agent_id: string | null;
  starts_at: Date;
  ends_at: Date;
  skill_id: string | null;
  break_minutes: number;
  status: ShiftStatus;
  note: string | null;
};

export function toShiftView(r: ShiftRow): ShiftView {
  return {
    id: r.id,
    agentId: r.agent_id,
    startsAt: isoOf(r.starts_at),
    endsAt: isoOf(r.ends_at),
    skillId: r.skill_id,
    breakMinutes: r.break_minutes,
    status: r.status,
    note: r.note,
  };
}

function shiftAudit(r: Pick<ShiftRow, "agent_id" | "starts_at" | "ends_at" | "skill_id" | "break_minutes" | "status">) {
  return {
    agentId: r.agent_id,
    startsAt: isoOf(r.starts_at),
    endsAt: isoOf(r.ends_at),
    skillId: r.skill_id,
    breakMinutes: r.break_minutes,
    status: r.status,
  };
}

export async function loadScheduleRules(db: Kysely<Database>): Promise<ScheduleRules> {
  return toScheduleRules(await db.selectFrom("schedule_rules").select(["min_rest_hours", "max_weekly_hours"]).executeTakeFirst());
}

/** The settings row as rules; no row yet means the defaults. */
function toScheduleRules(row: { min_rest_hours: unknown; max_weekly_hours: unknown } | undefined | null): ScheduleRules {
  return {
    minRestHours: Number(row?.min_rest_hours ?? DEFAULT_RULES.minRestHours),
    maxWeeklyHours: Number(row?.max_weekly_hours ?? DEFAULT_RULES.maxWeeklyHours),
  };
}

/**
 * The span whose shifts and time off the rules look at around an interval:
 * its workweek in the agent's zone and the rest window either side (shifts
 * are compared by start, so the span opens one longest shift earlier).
 */
function ruleWindow(around: Interval, zone: string, rules: ScheduleRules): { from: Date; to: Date; week: Interval } {
  const week = workweekOf(around.startsAt, zone);
  const restMs = rules.minRestHours * 3_600_000;
  return {
    week: { startsAt: week.start, endsAt: week.end },
    from: new Date(Math.min(week.start.getTime(), around.startsAt.getTime() - restMs) - MAX_SHIFT_MS),
    to: new Date(Math.max(week.end.getTime(), around.endsAt.getTime() + restMs)),
  };
}

async function getShiftRow(db: Kysely<Database>, shiftId: string, forUpdate = false): Promise<ShiftRow> {
  let q = db.selectFrom("shifts").select(shiftColumns).where("shifts.id", "=", shiftId);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new WorkforceError("NOT_FOUND", "No such shift.");
  return row as ShiftRow;
}

/**
 * What the rules need to know about an agent around an interval. With `lock`
 * (every write), the agent's row is locked first (FOR NO KEY UPDATE, which
 * shifts' foreign keys do not wait for): two changes to one agent's schedule
 * take turns, and the statements after the lock read what the other committed.
 * The exclusion constraint guards overlap; nothing in the database could guard
 * rest or weekly hours across two transactions otherwise. Lock order
 * everywhere: the agent, then the shift.
 */
async function agentRuleContext(db: Kysely<Database>, agentId: string, around: Interval, excludeShiftId: string | null, lock = true) {
  const agent = await db
    .selectFrom("agents")
    .select(["id", "time_zone", "hire_date", "termination_date"])
    .where("id", "=", agentId)
    .$if(lock, (q) => q.forNoKeyUpdate())
    .executeTakeFirst();
  if (!agent) throw new WorkforceError("NOT_FOUND", "No such agent.", { field: "agentId" });
  const rules = await loadScheduleRules(db);
  const { from, to } = ruleWindow(around, agent.time_zone, rules);
  const [skills, others, timeOff] = await Promise.all([
    db.selectFrom("agent_skills").select("skill_id").where("agent_id", "=", agentId).execute(),
    db
      .selectFrom("shifts")
      .select(["id", "starts_at", "ends_at", "break_minutes"])
      .where("agent_id", "=", agentId)
      .where("status", "=", "scheduled")
      .where("starts_at", ">", from)
      .where("starts_at", "<", to)
      .$if(excludeShiftId !== null, (q) => q.where("id", "<>", excludeShiftId!))
      .execute(),
    db
      .selectFrom("time_off_requests")
      .select(["starts_at", "ends_at"])
      .where("agent_id", "=", agentId)
      .where("status", "=", "approved")
      .where("starts_at", "<", to)
      .where("ends_at", ">", from)
      .execute(),
  ]);
  return {
    agent: {
      timeZone: agent.time_zone,
      hireDate: agent.hire_date,
      terminationDate: agent.termination_date,
      skillIds: skills.map((s) => s.skill_id),
    },
    otherShifts: others.map((s) => ({
      id: s.id,
      startsAt: new Date(s.starts_at),
      endsAt: new Date(s.ends_at),
      breakMinutes: s.break_minutes,
    })),
    approvedTimeOff: timeOff.map((t) => ({ startsAt: new Date(t.starts_at), endsAt: new Date(t.ends_at) })),
    rules,
  };
}

async function skillName(db: Kysely<Database>, skillId: string | null): Promise<string | undefined> {
  if (!skillId) return undefined;
  const skill = await db.selectFrom("skills").select("name").where("id", "=", skillId).executeTakeFirst();
  if (!skill) throw new WorkforceError("NOT_FOUND", "No such skill.", { field: "skillId" });
  return skill.name;
}

/** The rules an assignment would break (empty when it is fine). */
export async function evaluateAssignment(
  db: Kysely<Database>,
  agentId: string,
  shift: Interval & { breakMinutes: number; skillId: string | null },
  excludeShiftId: string | null = null,
): Promise<RuleViolation[]> {
  const context = await agentRuleContext(db, agentId, shift, excludeShiftId);
  return checkShiftRules({ shift, ...context, skillName: await skillName(db, shift.skillId) });
}

/**
 * Overlap is never allowed. Other rules stop the change unless a planner
 * gives a written reason; the overridden rules are returned for the audit log.
 */
function enforce(violations: RuleViolation[], override: { reason: string } | undefined, label = ""): RuleViolation[] {
  const hard = violations.filter((v) => !v.overridable);
  if (hard.length) throw new WorkforceError("OVERLAP", `${label}${hard[0]!.message}`, { details: { violations } });
  if (violations.length && !override) {
    const list = violations.map((v) => v.message).join(" ");
    throw new WorkforceError("RULES_BROKEN", `${label}${list} A planner may override with a written reason.`, {
      details: { violations },
    });
  }
  return violations;
}

/** Turns a race lost on the exclusion constraint into the same clear error as the pre-check. */
async function guardOverlap<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    // Two overlapping writes for one agent at the same instant can deadlock on the exclusion
    // constraint instead of one seeing the other's row: the same clash, said the same way.
    if (isExclusionViolation(error) || isDeadlock(error)) {
      throw new WorkforceError("OVERLAP", "The agent already has a shift at that time (it was saved a moment ago).", {
        details: { raced: true },
      });
    }
    throw error;
  }
}

export async function createShift(db: Kysely<Database>, actor: Actor, input: CreateShiftInput) {
  const shift = { startsAt: input.startsAt, endsAt: input.endsAt, breakMinutes: input.breakMinutes, skillId: input.skillId };
  await skillName(db, input.skillId);
  const overridden = input.agentId ? enforce(await evaluateAssignment(db, input.agentId, shift), input.override) : [];
  const row = await guardOverlap(() =>
    db
      .insertInto("shifts")
      .values({
        agent_id: input.agentId,
        starts_at: input.startsAt,
        ends_at: input.endsAt,
        skill_id: input.skillId,
        break_minutes: input.breakMinutes,
        status: input.agentId ? "scheduled" : "open",
        note: input.note,
        created_by: actor.id,
      })
      .returning(shiftColumns.map((c) => c.replace("shifts.", "")) as never)
      .executeTakeFirstOrThrow(),
  );
  const created = row as unknown as ShiftRow;
  await recordAudit(db, actor, {
    action: input.agentId ? "shift.created" : "shift.posted_open",
    entityType: "shift",
    entityId: created.id,
    after: { ...shiftAudit(created), ...overrideAudit(overridden, input.override) },
  });
  return toShiftView(created);
}

function overrideAudit(overridden: RuleViolation[], override: { reason: string } | undefined) {
  return overridden.length && override
    ? { overriddenRules: overridden.map((v) => v.rule), overrideReason: override.reason }
    : {};
}

export async function updateShift(db: Kysely<Database>, actor: Actor, input: UpdateShiftInput) {
  // The agent before the shift (see agentRuleContext): peek at whose it is, lock that agent, then the shift.
  const target = input.agentId === undefined ? (await getShiftRow(db, input.shiftId)).agent_id : input.agentId;
  if (target) await lockAgent(db, target);
  const before = await getShiftRow(db, input.shiftId, true);
  if (before.status === "cancelled") throw new WorkforceError("INVALID", "A cancelled shift cannot be edited.");
  const next = {
    agent_id: input.agentId === undefined ? before.agent_id : input.agentId,
    starts_at: input.startsAt ?? new Date(before.starts_at),
    ends_at: input.endsAt ?? new Date(before.ends_at),
    skill_id: input.skillId === undefined ? before.skill_id : input.skillId,
    break_minutes: input.breakMinutes ?? before.break_minutes,
    note: input.note === undefined ? before.note : input.note,
  };
  if (next.ends_at <= next.starts_at) throw new WorkforceError("INVALID", "The shift must end after it starts.", { field: "endsAt" });
  await skillName(db, next.skill_id);
  const overridden = next.agent_id
    ? enforce(
        await evaluateAssignment(
          db,
          next.agent_id,
          { startsAt: next.starts_at, endsAt: next.ends_at, breakMinutes: next.break_minutes, skillId: next.skill_id },
          before.id,
        ),
        input.override,
      )
    : [];
  const status: ShiftStatus = next.agent_id ? "scheduled" : "open";
  await guardOverlap(() =>
    db
      .updateTable("shifts")
      .set({ ...next, status, updated_at: new Date() })
      .where("id", "=", before.id)
      .execute(),
  );
  const after = await getShiftRow(db, before.id);
  await recordAudit(db, actor, {
    action: "shift.updated",
    entityType: "shift",
    entityId: before.id,
    before: shiftAudit(before),
    after: { ...shiftAudit(after), ...overrideAudit(overridden, input.override) },
  });
  return toShiftView(after);
}

export async function cancelShift(db: Kysely<Database>, actor: Actor, shiftId: string, reason?: string) {
  const before = await getShiftRow(db, shiftId, true);
  if (before.status === "cancelled") return toShiftView(before);
  await db.updateTable("shifts").set({ status: "cancelled", updated_at: new Date() }).where("id", "=", shiftId).execute();
  await recordAudit(db, actor, {
    action: "shift.cancelled",
    entityType: "shift",
    entityId: shiftId,
    before: shiftAudit(before),
    after: { ...shiftAudit({ ...before, status: "cancelled" }), ...(reason ? { reason } : {}) },
  });
  return toShiftView({ ...before, status: "cancelled" });
}

async function zoneOf(db: Kysely<Database>, agentId: string | null, fallback: string | undefined): Promise<string> {
  if (agentId) {
    const agent = await db.selectFrom("agents").select("time_zone").where("id", "=", agentId).executeTakeFirst();
    if (!agent) throw new WorkforceError("NOT_FOUND", "No such agent.", { field: "agentId" });
    return agent.time_zone;
  }
  if (!fallback) throw new WorkforceError("INVALID", "Give the time zone the open shifts' times are in.", { field: "timeZone" });
  return fallback;
}

/** Copies one shift to another local date (same wall-clock times in the agent's zone), optionally to another agent. */
export async function copyShift(
  db: Kysely<Database>,
  actor: Actor,
  input: { shiftId: string; toDate: string; agentId?: string | null; override?: { reason: string } },
) {
  const source = await getShiftRow(db, input.shiftId);
  const agentId = input.agentId === undefined ? source.agent_id : input.agentId;
  const zone = await zoneOf(db, agentId ?? source.agent_id, "UTC");
  const start = formatLocal(new Date(source.starts_at), zone, "HH:mm");
  const end = formatLocal(new Date(source.ends_at), zone, "HH:mm");
  const { startsAt, endsAt } = localShiftInstants(input.toDate, start, end, zone);
  return createShift(db, actor, {
    agentId,
    startsAt,
    endsAt,
    skillId: source.skill_id,
    breakMinutes: source.break_minutes,
    note: source.note,
    override: input.override,
  });
}

/**
 * A shift template repeated over a date range on chosen weekdays, in the
 * agent's local time (or the given zone for open shifts). All or nothing:
 * if any date breaks a rule, nothing is created and every problem is listed.
 */
export async function createShiftsFromTemplate(db: Kysely<Database>, actor: Actor, input: TemplateInput) {
  const zone = await zoneOf(db, input.agentId, input.timeZone);
  await skillName(db, input.skillId);
  const dates = localDatesBetween(input.fromDate, input.toDate).filter((d) => input.weekdays.includes(isoWeekday(d)));
  if (dates.length === 0) throw new WorkforceError("INVALID", "No date in the range falls on the chosen weekdays.", { field: "weekdays" });
  if (dates.length > MAX_TEMPLATE_SHIFTS) {
    throw new WorkforceError("INVALID", `That makes ${dates.length} shifts; at most ${MAX_TEMPLATE_SHIFTS} at once.`, { field: "toDate" });
  }
  const problems: { date: string; violations: RuleViolation[] }[] = [];
  const created: ShiftView[] = [];
  for (const date of dates) {
    const { startsAt, endsAt } = localShiftInstants(date, input.start, input.end, zone);
    const shift = { startsAt, endsAt, breakMinutes: input.breakMinutes, skillId: input.skillId };
    if (input.agentId) {
      // Earlier dates of this template are already inserted, so they count for rest and weekly hours.
      const violations = await evaluateAssignment(db, input.agentId, shift);
      if (violations.some((v) => !v.overridable) || (violations.length && !input.override)) {
        problems.push({ date, violations });
        continue;
      }
    }
    created.push(
      await guardOverlap(async () =>
        toShiftView(
          (await db
            .insertInto("shifts")
            .values({
              agent_id: input.agentId,
              starts_at: startsAt,
              ends_at: endsAt,
              skill_id: input.skillId,
              break_minutes: input.breakMinutes,
              status: input.agentId ? "scheduled" : "open",
              note: input.note,
              created_by: actor.id,
            })
            .returning(["id", "agent_id", "starts_at", "ends_at", "skill_id", "break_minutes", "status", "note"])
            .executeTakeFirstOrThrow()) as ShiftRow,
        ),
      ),
    );
  }
  if (problems.length) {
    const first = problems[0]!;
    const hard = problems.some((p) => p.violations.some((v) => !v.overridable));
    throw new WorkforceError(
      hard ? "OVERLAP" : "RULES_BROKEN",
      `${problems.length} of ${dates.length} shifts break schedule rules; nothing was created. ${first.date}: ${first.violations[0]!.message}`,
      { details: { problems } },
    );
  }
  await recordAudit(db, actor, {
    action: "shift.template_applied",
    entityType: input.agentId ? "agent" : "shift",
    entityId: input.agentId,
    after: {
      count: created.length,
      fromDate: input.fromDate,
      toDate: input.toDate,
      weekdays: input.weekdays,
      start: input.start,
      end: input.end,
      zone,
      ...(input.override ? { overrideReason: input.override.reason } : {}),
    },
  });
  return { created: created.length, shifts: created };
}

/** What `claimQueries.context` returns: one row, whatever exists. */
interface ClaimContextRow extends Omit<ShiftRow, "id"> {
  /** Null when the user is not an agent. */
  agent_key: string | null;
  time_zone: string;
  hire_date: string;
  termination_date: string | null;
  /** Null when there is no such shift (then every shift column is null too). */
  id: string | null;
  min_rest_hours: unknown;
  max_weekly_hours: unknown;
  skill_name: string | null;
  skill_ids: string[];
  /** [id, starts ms, ends ms, break minutes] of the agent's scheduled shifts near this one. */
  others: [string, number, number, number][];
  /** [starts ms, ends ms] of the agent's approved time off near this one. */
  time_off: [number, number][];
}

/**
 * The claim's statements, built on any Kysely handle: the service runs them,
 * and the bench compiles the very same ones to time them raw through pg.
 */
export const claimQueries = {
  /**
   * The claiming agent's schedule lock (see agentRuleContext), taken before the
   * context is read, so a claim waiting behind another change for the same
   * agent reads that change. Agent, then shift: the order every write keeps.
   */
  lockAgent(userId: string) {
    return sql`SELECT id FROM agents WHERE user_id = ${userId} FOR NO KEY UPDATE`;
  },
  /**
   * One round trip for all a claim checks: the shift, locked (FOR UPDATE);
   * the claiming user's agent (zone, hire and termination dates, skills);
   * the schedule rules; the shift's skill name; the agent's scheduled shifts
   * and approved time off around the shift. The database does not know the
   * workweek in the agent's zone, so it returns a span a little wider than
   * `ruleWindow` (8 days either side, as a week in a zone is 7 days ± 1 h at a
   * daylight-saving change, plus rest and one longest shift) and the
   * caller keeps the exact window. Sub-selects read after the lock is taken,
   * within the statement's snapshot.
   */
  context(userId: string, shiftId: string) {
    const rest = sql`(coalesce(r.min_rest_hours, ${sql.lit(DEFAULT_RULES.minRestHours)})::float8 * interval '1 hour')`;
    return sql<ClaimContextRow>`WITH s AS (
  SELECT id, agent_id, starts_at, ends_at, skill_id, break_minutes, status, note FROM shifts WHERE id = ${shiftId} FOR UPDATE
), a AS (
  SELECT id, time_zone, hire_date, termination_date FROM agents WHERE user_id = ${userId}
)
SELECT a.id AS agent_key, a.time_zone, a.hire_date, a.termination_date,
  s.id, s.agent_id, s.starts_at, s.ends_at, s.skill_id, s.break_minutes, s.status, s.note,
  r.min_rest_hours, r.max_weekly_hours,
  (SELECT k.name FROM skills k WHERE k.id = s.skill_id) AS skill_name,
  coalesce((SELECT json_agg(ags.skill_id) FROM agent_skills ags WHERE ags.agent_id = a.id), '[]') AS skill_ids,
  coalesce((
    SELECT json_agg(json_build_array(o.id, (extract(epoch from o.starts_at) * 1000)::float8, (extract(epoch from o.ends_at) * 1000)::float8, o.break_minutes))
    FROM shifts o
    WHERE o.agent_id = a.id AND o.status = 'scheduled'
      AND o.starts_at > least(s.starts_at - interval '8 days', s.starts_at - ${rest}) - interval '1 day'
      AND o.starts_at < greatest(s.starts_at + interval '8 days', s.ends_at + ${rest})
  ), '[]') AS others,
  coalesce((
    SELECT json_agg(json_build_array((extract(epoch from t.starts_at) * 1000)::float8, (extract(epoch from t.ends_at) * 1000)::float8))
    FROM time_off_requests t
    WHERE t.agent_id = a.id AND t.status = 'approved'
      AND t.starts_at < greatest(s.starts_at + interval '8 days', s.ends_at + ${rest})
      AND t.ends_at > least(s.starts_at - interval '8 days', s.starts_at - ${rest}) - interval '1 day'
  ), '[]') AS time_off
FROM (SELECT 1) AS one
LEFT JOIN a ON true
LEFT JOIN s ON true
LEFT JOIN LATERAL (SELECT min_rest_hours, max_weekly_hours FROM schedule_rules LIMIT 1) AS r ON true`;
  },
  /**
   * Takes the shift if it is still open (the lock makes this certain; the
   * status check keeps it so) and writes its audit entry, in one statement:
   * the entry is the one `recordAudit` writes, inserted only when the update
   * took the shift, so the count inserted says whether the claim won.
   */
  claim(
    db: Kysely<Database>,
    c: { actorId: string; actorLabel: string; ip: string | null; agentId: string; shiftId: string; now: Date; before: string; after: string },
  ) {
    return db
      .with("claimed", (q) =>
        q
          .updateTable("shifts")
          .set({ agent_id: c.agentId, status: "scheduled", updated_at: c.now })
          .where("id", "=", c.shiftId)
          .where("status", "=", "open")
          .returning("id"),
      )
      .insertInto("audit_log")
      .columns(["actor_id", "actor_label", "action", "entity_type", "entity_id", "before", "after", "ip"])
      .expression((eb) =>
        eb
          .selectFrom("claimed")
          .select([
            sql<string>`${c.actorId}::uuid`.as("actor_id"),
            sql<string>`${c.actorLabel}::text`.as("actor_label"),
            sql<string>`'shift.claimed'`.as("action"),
            sql<string>`'shift'`.as("entity_type"),
            sql<string>`claimed.id::text`.as("entity_id"),
            sql<string>`${c.before}::jsonb`.as("before"),
            sql<string>`${c.after}::jsonb`.as("after"),
            sql<string | null>`${c.ip}::text`.as("ip"),
          ]),
      );
  },
};

/** The claim's statements, built and compiled once (they run on every claim; only their values change). */
const claimStatements = {
  lockAgent: compiledOnce(["userId"], (db, values) => ({ compile: () => claimQueries.lockAgent(values.userId).compile(db) })),
  context: compiledOnce(["userId", "shiftId"], (db, values) => ({
    compile: () => claimQueries.context(values.userId, values.shiftId).compile(db),
  })),
  claim: compiledOnce(["actorId", "actorLabel", "ip", "agentId", "shiftId", "now", "before", "after"], (db, values) =>
    // `now` is a marker string here; the Date arrives as the parameter's value.
    claimQueries.claim(db, { ...values, now: values.now as unknown as Date }),
  ),
};

/**
 * First come, first served: the shift row is locked, so of two agents
 * claiming at the same moment exactly one wins and the other is told it is
 * taken. Runs inside a transaction. The checks are those of
 * `evaluateAssignment`, with what they need read in one statement
 * (`claimQueries.context`) rather than six, and the update and its audit
 * entry are one statement too (`claimQueries.claim`).
 */
export async function claimOpenShift(db: Kysely<Database>, actor: Actor & { id: string }, shiftId: string, now = new Date()) {
  await claimStatements.lockAgent(db, { userId: actor.id });
  const row = (await claimStatements.context(db, { userId: actor.id, shiftId })).rows[0]!;
  if (row.agent_key === null) {
    await requireAgentForUser(db, actor.id); // throws its "not set up as an agent" error
    return claimOpenShift(db, actor, shiftId, now); // the agent was added a moment ago
  }
  const agentId = row.agent_key;
  if (row.id === null) throw new WorkforceError("NOT_FOUND", "No such shift.");
  const shift: ShiftRow = {
    id: row.id,
    agent_id: row.agent_id,
    starts_at: row.starts_at,
    ends_at: row.ends_at,
    skill_id: row.skill_id,
    break_minutes: row.break_minutes,
    status: row.status,
    note: row.note,
  };
  if (shift.status === "cancelled") throw new WorkforceError("NOT_FOUND", "This shift is no longer offered.");
  if (shift.status === "scheduled") {
    throw new WorkforceError(
      "ALREADY_TAKEN",
      shift.agent_id === agentId ? "You already have this shift." : "Sorry, this shift was already taken by someone else.",
    );
  }
  if (new Date(shift.starts_at) <= now) throw new WorkforceError("ALREADY_STARTED", "This shift has already started.");
  if (shift.skill_id && row.skill_name === null) throw new WorkforceError("NOT_FOUND", "No such skill.", { field: "skillId" });
  const interval = { startsAt: new Date(shift.starts_at), endsAt: new Date(shift.ends_at) };
  const rules = toScheduleRules(row);
  const { from, to, week } = ruleWindow(interval, row.time_zone, rules);
  const violations = checkShiftRules({
    shift: { ...interval, breakMinutes: shift.break_minutes, skillId: shift.skill_id },
    agent: { timeZone: row.time_zone, hireDate: row.hire_date, terminationDate: row.termination_date, skillIds: row.skill_ids },
    otherShifts: row.others
      .filter(([, startsMs]) => startsMs > from.getTime() && startsMs < to.getTime())
      .map(([id, startsMs, endsMs, breakMinutes]) => ({ id, startsAt: new Date(startsMs), endsAt: new Date(endsMs), breakMinutes })),
    approvedTimeOff: row.time_off
      .filter(([startsMs, endsMs]) => startsMs < to.getTime() && endsMs > from.getTime())
      .map(([startsMs, endsMs]) => ({ startsAt: new Date(startsMs), endsAt: new Date(endsMs) })),
    rules,
    skillName: row.skill_name ?? undefined,
    week,
  });
  if (violations.length) {
    throw new WorkforceError("NOT_ELIGIBLE", `You cannot take this shift: ${violations.map((v) => v.message).join(" ")}`, {
      details: { violations },
    });
  }
  const after = { ...shift, agent_id: agentId, status: "scheduled" as const };
  const claimed = await guardOverlap(() =>
    claimStatements.claim(db, {
      actorId: actor.id,
      actorLabel: actor.label,
      ip: actor.ip,
      agentId,
      shiftId,
      now,
      before: JSON.stringify(shiftAudit(shift)),
      after: JSON.stringify(shiftAudit(after)),
    }),
  );
  if (claimed.numAffectedRows !== 1n) throw new WorkforceError("ALREADY_TAKEN", "Sorry, this shift was already taken by someone else.");
  return toShiftView(after);
}

/** An agent gives a future shift back; it is open again for others until it starts. */
export async function offerShiftBack(
  db: Kysely<Database>,
  actor: Actor & { id: string },
  shiftId: string,
  reason: string,
  now = new Date(),
) {
  const agent = await requireAgentForUser(db, actor.id);
  const shift = await getShiftRow(db, shiftId, true);
  if (shift.agent_id !== agent.id || shift.status !== "scheduled") {
    throw new WorkforceError("NOT_YOURS", "You can only offer back a shift that is yours.");
  }
  if (new Date(shift.starts_at) <= now) throw new WorkforceError("ALREADY_STARTED", "This shift has already started.");
  await db.updateTable("shifts").set({ agent_id: null, status: "open", updated_at: now }).where("id", "=", shiftId).execute();
  const after = { ...shift, agent_id: null, status: "open" as const };
  await recordAudit(db, actor, {
    action: "shift.offered_back",
    entityType: "shift",
    entityId: shiftId,
    before: shiftAudit(shift),
    after: { ...shiftAudit(after), reason },
  });
  return toShiftView(after);
}

/** Open shifts the agent may claim now: skill held, no rule broken, not started, within four weeks. */
export async function claimableShifts(db: Kysely<Database>, userId: string, now = new Date()) {
  const agent = await requireAgentForUser(db, userId);
  const horizon = new Date(now.getTime() + 28 * DAY);
  const skillIds = agent.skills.map((s) => s.skillId);
  const open = (await db
    .selectFrom("shifts")
    .select(shiftColumns)
    .where("status", "=", "open")
    .where("starts_at", ">", now)
    .where("starts_at", "<", horizon)
    .where((eb) => (skillIds.length ? eb.or([eb("skill_id", "is", null), eb("skill_id", "in", skillIds)]) : eb("skill_id", "is", null)))
    .orderBy("starts_at")
    .limit(200)
    .execute()) as ShiftRow[];
  if (open.length === 0) return [];
  const context = await agentRuleContext(db, agent.id, { startsAt: now, endsAt: horizon }, null, false);
  // The context window covers the first week; widen it to the whole horizon for the others.
  const wider = await db
    .selectFrom("shifts")
    .select(["id", "starts_at", "ends_at", "break_minutes"])
    .where("agent_id", "=", agent.id)
    .where("status", "=", "scheduled")
    .where("starts_at", ">", new Date(now.getTime() - 8 * DAY))
    .where("starts_at", "<", new Date(horizon.getTime() + 8 * DAY))
    .execute();
  const timeOff = await db
    .selectFrom("time_off_requests")
    .select(["starts_at", "ends_at"])
    .where("agent_id", "=", agent.id)
    .where("status", "=", "approved")
    .where("ends_at", ">", now)
    .execute();
  const otherShifts = wider.map((s) => ({ id: s.id, startsAt: new Date(s.starts_at), endsAt: new Date(s.ends_at), breakMinutes: s.break_minutes }));
  const approvedTimeOff = timeOff.map((t) => ({ startsAt: new Date(t.starts_at), endsAt: new Date(t.ends_at) }));
  return open
    .filter(
      (s) =>
        checkShiftRules({
          shift: { startsAt: new Date(s.starts_at), endsAt: new Date(s.ends_at), breakMinutes: s.break_minutes, skillId: s.skill_id },
          agent: context.agent,
          otherShifts,
          approvedTimeOff,
          rules: context.rules,
        }).length === 0,
    )
    .map(toShiftView);
}

/** The agent's own shifts in a range (default: from a day ago to five weeks ahead). */
export async function myShifts(db: Kysely<Database>, userId: string, range: { from?: Date; to?: Date }, now = new Date()) {
  const agent = await requireAgentForUser(db, userId);
  const from = range.from ?? new Date(now.getTime() - DAY);
  const to = range.to ?? new Date(now.getTime() + 35 * DAY);
  const rows = (await db
    .selectFrom("shifts")
    .select(shiftColumns)
    .where("agent_id", "=", agent.id)
    .where("status", "=", "scheduled")
    .where("starts_at", ">", new Date(from.getTime() - MAX_SHIFT_MS))
    .where("starts_at", "<", to)
    .where("ends_at", ">", from)
    .orderBy("starts_at")
    .execute()) as ShiftRow[];
  return { agent, shifts: rows.map(toShiftView) };
}

/** An assigned shift on the board, inside its agent (so without the agent id and status). */
export interface BoardShiftView {
  id: string;
  startsAt: string;
  endsAt: string;
  skillId: string | null;
  breakMinutes: number;
  note: string | null;
}

export interface BoardTimeOffView {
  id: string;
  startsAt: string;
  endsAt: string;
  reason: string;
}

export interface BoardAgentView {
  id: string;
  name: string;
  timeZone: string;
  teamId: string | null;
  /** Scheduled shifts overlapping the range, by start. */
  shifts: BoardShiftView[];
  /** Approved time off overlapping the range, by start. */
  timeOff: BoardTimeOffView[];
}

/** Milliseconds since the epoch as a float8: pg hands it over as a number, far cheaper than parsing timestamp text. */
const epochMs = (column: string) => sql<number>`(extract(epoch from ${sql.ref(column)}) * 1000)::float8`;

/**
 * The board's statements, built on any Kysely handle: the service runs them, and
 * the bench compiles the very same ones to time them raw through pg.
 */
export const boardQueries = {
  /** One more agent than the page holds, to tell whether another page follows. */
  agentPage(db: Kysely<Database>, input: BoardInput) {
    let page = db
      .selectFrom("agents")
      .innerJoin("users", "users.id", "agents.user_id")
      .select(["agents.id", "users.name", "agents.time_zone", "agents.team_id"])
      .where((eb) => eb.or([eb("agents.termination_date", "is", null), eb("agents.termination_date", ">=", sql<string>`${input.from}::date`)]))
      .orderBy("users.name")
      .orderBy("agents.id")
      .limit(input.limit + 1);
    if (input.teamId) page = page.where("agents.team_id", "=", input.teamId);
    if (input.skillId) {
      const skillId = input.skillId;
      page = page.where((eb) =>
        eb.exists(eb.selectFrom("agent_skills").whereRef("agent_skills.agent_id", "=", "agents.id").where("agent_skills.skill_id", "=", skillId)),
      );
    }
    if (input.after) {
      const { name, id } = input.after;
      page = page.where((eb) => eb.or([eb("users.name", ">", name), eb.and([eb("users.name", "=", name), eb("agents.id", ">", id)])]));
    }
    return page;
  },
  /**
   * The page's agents as a subquery, so shifts and time off are read alongside the page, not after
   * it. As `= any(array(…))`: the page is computed once and filters the week's rows (measured faster
   * than `IN (…)`, which PostgreSQL plans as a hash semi-join).
   */
  agentIds(db: Kysely<Database>, input: BoardInput) {
    return boardQueries.agentPage(db, input).clearSelect().select("agents.id").limit(input.limit);
  },
  shifts(db: Kysely<Database>, input: BoardInput) {
    return db
      .selectFrom("shifts")
      .select(["id", "agent_id", "skill_id", "break_minutes", "note", epochMs("starts_at").as("starts_ms"), epochMs("ends_at").as("ends_ms")])
      .where("agent_id", "=", sql<string>`any(array(${boardQueries.agentIds(db, input)}))`)
      .where("status", "=", "scheduled")
      .where("starts_at", ">", new Date(input.from.getTime() - MAX_SHIFT_MS))
      .where("starts_at", "<", input.to)
      .where("ends_at", ">", input.from)
      .orderBy("starts_at");
  },
  timeOff(db: Kysely<Database>, input: BoardInput) {
    return db
      .selectFrom("time_off_requests")
      .select(["id", "agent_id", "reason", epochMs("starts_at").as("starts_ms"), epochMs("ends_at").as("ends_ms")])
      .where("agent_id", "=", sql<string>`any(array(${boardQueries.agentIds(db, input)}))`)
      .where("status", "=", "approved")
      .where("starts_at", "<", input.to)
      .where("ends_at", ">", input.from)
      .orderBy("starts_at");
  },
  openShifts(db: Kysely<Database>, input: Pick<BoardInput, "from" | "to" | "skillId">) {
    return db
      .selectFrom("shifts")
      .select(shiftColumns)
      .where("status", "=", "open")
      .where("starts_at", ">", new Date(input.from.getTime() - MAX_SHIFT_MS))
      .where("starts_at", "<", input.to)
      .where("ends_at", ">", input.from)
      .$if(Boolean(input.skillId), (q) => q.where("skill_id", "=", input.skillId!))
      .orderBy("starts_at")
      .limit(500);
  },
};

/**
 * The planner's board: a page of agents (by name, filtered by team or skill),
 * each with their shifts and approved time off in the range, plus open shifts.
 *
 * A 500-agent week is ~2,500 shifts: they are read as flat rows with times as
 * epoch milliseconds and nested under their agents here, so the answer does not
 * repeat agent ids and statuses, and no timestamp text is parsed. The four
 * statements run at once (on PostgreSQL, on four pooled connections): shifts and
 * time off take the page's agents from the same page query as a subquery.
 */
export async function boardWeek(db: Kysely<Database>, input: BoardInput) {
  // All four at once: shifts and time off select the page's agents themselves (the same page query as a subquery).
  const [agentRows, shifts, timeOff, openRows] = await Promise.all([
    boardQueries.agentPage(db, input).execute(),
    boardQueries.shifts(db, input).execute(),
    boardQueries.timeOff(db, input).execute(),
    boardQueries.openShifts(db, input).execute(),
  ]);
  const agents: BoardAgentView[] = agentRows.slice(0, input.limit).map((a) => ({
    id: a.id,
    name: a.name,
    timeZone: a.time_zone,
    teamId: a.team_id,
    shifts: [],
    timeOff: [],
  }));
  const byId = new Map(agents.map((a) => [a.id, a]));
  for (const s of shifts) {
    byId.get(s.agent_id!)?.shifts.push({
      id: s.id,
      startsAt: isoFromMs(Number(s.starts_ms)),
      endsAt: isoFromMs(Number(s.ends_ms)),
      skillId: s.skill_id,
      breakMinutes: s.break_minutes,
      note: s.note,
    });
  }
  for (const t of timeOff) {
    byId.get(t.agent_id)?.timeOff.push({ id: t.id, startsAt: isoFromMs(Number(t.starts_ms)), endsAt: isoFromMs(Number(t.ends_ms)), reason: t.reason });
  }
  const last = agents[agents.length - 1];
  return {
    agents,
    openShifts: (openRows as ShiftRow[]).map(toShiftView),
    nextCursor: agentRows.length > input.limit && last ? { name: last.name, id: last.id } : null,
  };
}

/** Agents whose shift covers the instant, with their skills: routing and payroll build on this. */
export async function onShiftNow(db: Kysely<Database>, q: { at?: Date; skillId?: string } = {}) {
  const at = q.at ?? new Date();
  let query = db
    .selectFrom("shifts")
    .innerJoin("agents", "agents.id", "shifts.agent_id")
    .innerJoin("users", "users.id", "agents.user_id")
    .leftJoin("teams", "teams.id", "agents.team_id")
    .select([
      "agents.id as agentId",
      "users.name",
      "agents.time_zone as timeZone",
      "teams.name as teamName",
      "shifts.id as shiftId",
      "shifts.starts_at",
      "shifts.ends_at",
      "shifts.skill_id as shiftSkillId",
    ])
    .select((eb) =>
      sql<{ code: string; name: string; level: number }[]>`coalesce((
        SELECT json_agg(json_build_object('code', s.code, 'name', s.name, 'level', ags.level) ORDER BY s.name)
        FROM agent_skills ags JOIN skills s ON s.id = ags.skill_id WHERE ags.agent_id = ${eb.ref("agents.id")}
      ), '[]'::json)`.as("skills"),
    )
    .where("shifts.status", "=", "scheduled")
    .where("shifts.starts_at", "<=", at)
    .where("shifts.starts_at", ">", new Date(at.getTime() - MAX_SHIFT_MS))
    .where("shifts.ends_at", ">", at)
    .where("users.disabled_at", "is", null)
    .orderBy("users.name");
  if (q.skillId) {
    const skillId = q.skillId;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom("agent_skills").whereRef("agent_skills.agent_id", "=", "agents.id").where("agent_skills.skill_id", "=", skillId)),
    );
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    agentId: r.agentId,
    name: r.name,
    timeZone: r.timeZone,
    teamName: r.teamName,
    shiftId: r.shiftId,
    startsAt: isoOf(r.starts_at),
    endsAt: isoOf(r.ends_at),
    localShift: formatLocalRange(new Date(r.starts_at), new Date(r.ends_at), r.timeZone),
    skills: typeof r.skills === "string" ? JSON.parse(r.skills) : r.skills,
  }));
}

/** Names the agent's shift that clashes with an interval, for a race lost on the exclusion constraint. */
export async function describeClash(db: Kysely<Database>, agentId: string, interval: Interval): Promise<string | null> {
  const clash = await db
    .selectFrom("shifts")
    .innerJoin("agents", "agents.id", "shifts.agent_id")
    .select(["shifts.starts_at", "shifts.ends_at", "agents.time_zone"])
    .where("shifts.agent_id", "=", agentId)
    .where("shifts.status", "=", "scheduled")
    .where("shifts.starts_at", "<", interval.endsAt)
    .where("shifts.ends_at", ">", interval.startsAt)
    .executeTakeFirst();
  return clash
    ? `Overlaps the agent's shift ${formatLocalRange(new Date(clash.starts_at), new Date(clash.ends_at), clash.time_zone)}.`
    : null;
}

