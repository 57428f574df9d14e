import { sql, type Kysely } from "kysely";
import { containsPattern, wordPrefixPatterns } from "../validation/like-pattern";
import type { Database } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import type { CreateAgentInput, UpdateAgentInput } from "./workforce.schema";
import { isUniqueViolation, WorkforceError } from "./workforce.errors";

export interface AgentSkill {
  skillId: string;
  code: string;
  name: string;
  kind: "skill" | "language";
  level: number;
}

export interface AgentView {
  id: string;
  userId: string;
  name: string;
  email: string;
  employeeNumber: string;
  timeZone: string;
  laborRegion: string;
  employmentType: string;
  contractHoursPerWeek: number;
  hourlyRateCents: number;
  currency: string;
  teamId: string | null;
  teamName: string | null;
  hireDate: string;
  terminationDate: string | null;
  skills: AgentSkill[];
}

function agentQuery(db: Kysely<Database>) {
  return db
    .selectFrom("agents")
    .innerJoin("users", "users.id", "agents.user_id")
    .leftJoin("teams", "teams.id", "agents.team_id")
    .select([
      "agents.id",
      "agents.user_id as userId",
      "users.name",
      "users.email",
      "agents.employee_number as employeeNumber",
      "agents.time_zone as timeZone",
      "agents.labor_region as laborRegion",
      "agents.employment_type as employmentType",
      "agents.contract_hours_per_week as contractHoursPerWeek",
      "agents.hourly_rate_cents as hourlyRateCents",
      "agents.currency",
      "agents.team_id as teamId",
      "teams.name as teamName",
      "agents.hire_date as hireDate",
      "agents.termination_date as terminationDate",
    ])
    .select((eb) =>
      sql<AgentSkill[]>`coalesce((
        SELECT json_agg(json_build_object('skillId', s.id, 'code', s.code, 'name', s.name, 'kind', s.kind, 'level', ags.level) ORDER BY s.kind, s.name)
        FROM agent_skills ags JOIN skills s ON s.id = ags.skill_id
        WHERE ags.agent_id = ${eb.ref("agents.id")}
      ), '[]'::json)`.as("skills"),
    );
}

function normalize(row: Record<string, unknown>): AgentView {
  const r = row as unknown as AgentView;
  return {
    ...r,
    contractHoursPerWeek: Number(r.contractHoursPerWeek),
    skills: typeof r.skills === "string" ? JSON.parse(r.skills) : r.skills,
  };
}

export async function getAgent(db: Kysely<Database>, agentId: string): Promise<AgentView> {
  const row = await agentQuery(db).where("agents.id", "=", agentId).executeTakeFirst();
  if (!row) throw new WorkforceError("NOT_FOUND", "No such agent.");
  return normalize(row);
}

/** The agent record of a signed-in user, or null when they are not an agent. */
export async function findAgentForUser(db: Kysely<Database>, userId: string): Promise<AgentView | null> {
  const row = await agentQuery(db).where("agents.user_id", "=", userId).executeTakeFirst();
  return row ? normalize(row) : null;
}

export async function requireAgentForUser(db: Kysely<Database>, userId: string): Promise<AgentView> {
  const agent = await findAgentForUser(db, userId);
  if (!agent) throw new WorkforceError("NOT_AN_AGENT", "You are not set up as an agent yet. Ask a workforce planner.");
  return agent;
}

/**
 * The agent's lock: their row, FOR NO KEY UPDATE (readers and foreign keys to it do not wait). Every change to
 * what one agent works or asks for (shifts, claims, time off, weekly availability) takes it first, so two such
 * changes take turns and the statements after it read what the other committed. Lock order everywhere: the
 * agent, then the shift or request.
 */
export async function lockAgent(db: Kysely<Database>, agentId: string): Promise<void> {
  await db.selectFrom("agents").select("id").where("id", "=", agentId).forNoKeyUpdate().execute();
}

export async function listAgents(
  db: Kysely<Database>,
  q: { teamId?: string; skillId?: string; search?: string; after?: { name: string; id: string }; limit: number },
) {
  let query = agentQuery(db).orderBy("users.name").orderBy("agents.id").limit(q.limit + 1);
  if (q.teamId) query = query.where("agents.team_id", "=", q.teamId);
  if (q.skillId) {
    const skillId = q.skillId;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom("agent_skills").whereRef("agent_skills.agent_id", "=", "agents.id").where("agent_skills.skill_id", "=", skillId)),
    );
  }
  if (q.search) {
    const pattern = containsPattern(q.search);
    query = query.where((eb) =>
      eb.or([eb("users.name", "ilike", pattern), eb("users.email", "ilike", pattern), eb("agents.employee_number", "ilike", pattern)]),
    );
  }
  if (q.after) {
    const { name, id } = q.after;
    query = query.where((eb) => eb.or([eb("users.name", ">", name), eb.and([eb("users.name", "=", name), eb("agents.id", ">", id)])]));
  }
  const rows = (await query.execute()).map(normalize);
  const agents = rows.slice(0, q.limit);
  const last = agents[agents.length - 1];
  return { agents, nextCursor: rows.length > q.limit && last ? { name: last.name, id: last.id } : null };
}

async function replaceSkills(db: Kysely<Database>, agentId: string, skills: { skillId: string; level: number }[]) {
  await db.deleteFrom("agent_skills").where("agent_id", "=", agentId).execute();
  if (skills.length) {
    await db
      .insertInto("agent_skills")
      .values(skills.map((s) => ({ agent_id: agentId, skill_id: s.skillId, level: s.level })))
      .execute();
  }
}

function auditView(a: AgentView) {
  return {
    employeeNumber: a.employeeNumber,
    timeZone: a.timeZone,
    laborRegion: a.laborRegion,
    employmentType: a.employmentType,
    contractHoursPerWeek: a.contractHoursPerWeek,
    hourlyRateCents: a.hourlyRateCents,
    currency: a.currency,
    team: a.teamName,
    hireDate: a.hireDate,
    terminationDate: a.terminationDate,
    skills: a.skills.map((s) => `${s.code}:${s.level}`).join(", "),
  };
}

async function translateWriteError<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error, "agents_employee_number_key")) {
      throw new WorkforceError("EMPLOYEE_NUMBER_TAKEN", "Another agent has this employee number.", { field: "employeeNumber" });
    }
    if (isUniqueViolation(error, "agents_user_id_key")) {
      throw new WorkforceError("ALREADY_AN_AGENT", "This user is already an agent.", { field: "userId" });
    }
    throw error;
  }
}

/** Makes an existing user an agent. Run inside a transaction. */
export async function createAgent(db: Kysely<Database>, actor: Actor, input: CreateAgentInput): Promise<AgentView> {
  const user = await db.selectFrom("users").select(["id"]).where("id", "=", input.userId).executeTakeFirst();
  if (!user) throw new WorkforceError("NOT_FOUND", "No such user.", { field: "userId" });
  const created = await translateWriteError(() =>
    db
      .insertInto("agents")
      .values({
        user_id: input.userId,
        employee_number: input.employeeNumber,
        time_zone: input.timeZone,
        labor_region: input.laborRegion,
        employment_type: input.employmentType,
        contract_hours_per_week: input.contractHoursPerWeek,
        hourly_rate_cents: input.hourlyRateCents,
        currency: input.currency,
        team_id: input.teamId,
        hire_date: input.hireDate,
        termination_date: input.terminationDate,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  await replaceSkills(db, created.id, input.skills);
  const agent = await getAgent(db, created.id);
  await recordAudit(db, actor, { action: "agent.created", entityType: "agent", entityId: agent.id, after: auditView(agent) });
  return agent;
}

export async function updateAgent(db: Kysely<Database>, actor: Actor, input: UpdateAgentInput): Promise<AgentView> {
  const before = await getAgent(db, input.agentId);
  const hireDate = input.hireDate ?? before.hireDate;
  const terminationDate = input.terminationDate === undefined ? before.terminationDate : input.terminationDate;
  if (terminationDate && terminationDate < hireDate) {
    throw new WorkforceError("INVALID", "The termination date cannot be before the hire date.", { field: "terminationDate" });
  }
  await translateWriteError(() =>
    db
      .updateTable("agents")
      .set({
        employee_number: input.employeeNumber,
        time_zone: input.timeZone,
        labor_region: input.laborRegion,
        employment_type: input.employmentType,
        contract_hours_per_week: input.contractHoursPerWeek,
        hourly_rate_cents: input.hourlyRateCents,
        currency: input.currency,
        team_id: input.teamId,
        hire_date: input.hireDate,
        termination_date: input.terminationDate,
        updated_at: new Date(),
      })
      .where("id", "=", input.agentId)
      .execute(),
  );
  if (input.skills) await replaceSkills(db, input.agentId, input.skills);
  const after = await getAgent(db, input.agentId);
  await recordAudit(db, actor, {
    action: "agent.updated",
    entityType: "agent",
    entityId: after.id,
    before: auditView(before),
    after: auditView(after),
  });
  return after;
}

export async function createTeam(db: Kysely<Database>, actor: Actor, name: string) {
  const team = await db
    .insertInto("teams")
    .values({ name })
    .onConflict((oc) => oc.column("name").doNothing())
    .returning(["id", "name"])
    .executeTakeFirst();
  if (!team) throw new WorkforceError("NAME_TAKEN", `A team named ${name} already exists.`, { field: "name" });
  await recordAudit(db, actor, { action: "team.created", entityType: "team", entityId: team.id, after: { name } });
  return team;
}

export async function listSkills(db: Kysely<Database>) {
  return db
    .selectFrom("skills")
    .select(["id", "code", "name", "kind", "handoff_sla_seconds as handoffSlaSeconds"])
    .select((eb) =>
      eb
        .selectFrom("agent_skills")
        .whereRef("agent_skills.skill_id", "=", "skills.id")
        .select((c) => c.fn.countAll<number>().as("n"))
        .as("agentCount"),
    )
    .orderBy("kind")
    .orderBy("name")
    .execute();
}

/** Renames a skill or sets its handoff SLA (seconds to accept; null: the 60 s default). Audited. */
export async function updateSkill(
  db: Kysely<Database>,
  actor: Actor,
  input: { skillId: string; name?: string; handoffSlaSeconds?: number | null },
) {
  const before = await db.selectFrom("skills").select(["id", "name", "handoff_sla_seconds"]).where("id", "=", input.skillId).forUpdate().executeTakeFirst();
  if (!before) throw new WorkforceError("NOT_FOUND", "No such skill.");
  const after = await db
    .updateTable("skills")
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.handoffSlaSeconds !== undefined ? { handoff_sla_seconds: input.handoffSlaSeconds } : {}),
    })
    .where("id", "=", input.skillId)
    .returning(["id", "code", "name", "kind", "handoff_sla_seconds as handoffSlaSeconds"])
    .executeTakeFirstOrThrow();
  await recordAudit(db, actor, {
    action: "skill.updated",
    entityType: "skill",
    entityId: input.skillId,
    before: { name: before.name, handoffSlaSeconds: before.handoff_sla_seconds },
    after: { name: after.name, handoffSlaSeconds: after.handoffSlaSeconds },
  });
  return after;
}

export async function createSkill(db: Kysely<Database>, actor: Actor, input: { code: string; name: string; kind: "skill" | "language" }) {
  const skill = await db
    .insertInto("skills")
    .values(input)
    .onConflict((oc) => oc.column("code").doNothing())
    .returning(["id", "code", "name", "kind"])
    .executeTakeFirst();
  if (!skill) throw new WorkforceError("NAME_TAKEN", `A skill with the code ${input.code} already exists.`, { field: "code" });
  await recordAudit(db, actor, { action: "skill.created", entityType: "skill", entityId: skill.id, after: input });
  return skill;
}

/** Active users with the agent role who have no agent record yet: who a planner can set up. */
export async function listAgentCandidates(db: Kysely<Database>, limit = 500) {
  return db
    .selectFrom("users")
    .select(["users.id", "users.name", "users.email"])
    .where("users.role", "=", "agent")
    .where("users.disabled_at", "is", null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("agents").whereRef("agents.user_id", "=", "users.id"))))
    .orderBy("users.name")
    .limit(limit)
    .execute();
}

/**
 * Colleagues to hand work to (a case's owner): active agents — not terminated, user
 * not disabled — whose name starts a word with what was typed, by name. Only names
 * and teams: this is for everyone who edits cases, agents included.
 */
export async function agentDirectory(db: Kysely<Database>, q: { q?: string; limit: number }, today = new Date()) {
  const day = today.toISOString().slice(0, 10);
  let query = db
    .selectFrom("agents")
    .innerJoin("users", "users.id", "agents.user_id")
    .leftJoin("teams", "teams.id", "agents.team_id")
    .select(["agents.id", "users.name", "teams.name as teamName"])
    .where("users.disabled_at", "is", null)
    .where((eb) => eb.or([eb("agents.termination_date", "is", null), eb("agents.termination_date", ">=", day)]))
    .orderBy("users.name")
    .orderBy("agents.id")
    .limit(q.limit);
  const typed = q.q?.trim();
  if (typed) {
    const [first, later] = wordPrefixPatterns(typed);
    query = query.where((eb) => eb.or([eb("users.name", "ilike", first), eb("users.name", "ilike", later)]));
  }
  return query.execute();
}
