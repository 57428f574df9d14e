import { sql, type Insertable, type Kysely } from "kysely";
import type { AgentSkillsTable, AgentsTable, Database, EmploymentType, LaborRegion, ShiftsTable, UsersTable } from "./schema";
import { hashPassword } from "../server/auth/password";
import { isoWeekday, localShiftInstants } from "../server/workforce/local-time";

/**
 * Synthetic data at the sizes the issues name, for `npm run bench` on
 * PostgreSQL. Scale rows are recognisable: users at @scale.test (employee
 * numbers S000001…), teams named "… [scale]". Skills are shared reference
 * data: reused when they exist, never removed. Rows of anyone else are
 * never touched.
 *
 * Re-running replaces rather than skips: users and agents are upserted on
 * their emails, their schedules deleted and recreated, all in the caller's
 * transaction. So the database ends up as after one run of that size today,
 * and a failure leaves the previous data in place. A later issue adds its
 * rows to `clearScaleSchedule` and a step to `seedScale`.
 */

export const SCALE_EMAIL_DOMAIN = "scale.test";
/** Every scale user signs in with it (benchmarks sign in as any agent). */
export const SCALE_PASSWORD = "frontline-scale";
export const SCALE_PLANNER_EMAIL = `planner@${SCALE_EMAIL_DOMAIN}`;
const TEAM_SUFFIX = " [scale]";
const BREAK_MINUTES = 30;
const SHIFT_HOURS = 8;

export interface ScaleSize {
  name: string;
  agents: number;
  teams: number;
  /** Whole local weeks (Monday to Sunday) of shifts before the current one… */
  weeksBack: number;
  /** …and from the current one on. */
  weeksAhead: number;
  /** Posted in the coming `weeksAhead` weeks, each needing a skill. */
  openShifts: number;
}

export const SCALE_SIZES = {
  /** The workforce issue: 2,000 agents, 12 weeks of shifts. */
  full: { name: "full", agents: 2000, teams: 20, weeksBack: 8, weeksAhead: 4, openShifts: 300 },
  /** A quick check. */
  small: { name: "small", agents: 200, teams: 4, weeksBack: 2, weeksAhead: 2, openShifts: 50 },
} satisfies Record<string, ScaleSize>;

/** `full`, `small`, or a positive multiplier of `full`'s counts (weeks stay as they are). */
export function parseScaleSize(value: string): ScaleSize {
  const named = (SCALE_SIZES as Record<string, ScaleSize>)[value];
  if (named) return named;
  const factor = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  const full = SCALE_SIZES.full;
  if (!(factor > 0) || Math.round(full.agents * factor) < 1 || factor > 50) {
    throw new RangeError(`Unknown scale "${value}": use ${Object.keys(SCALE_SIZES).join(", ")} or a multiplier of full such as 0.5.`);
  }
  return {
    ...full,
    name: `full×${factor}`,
    agents: Math.round(full.agents * factor),
    teams: Math.max(1, Math.round(full.teams * factor)),
    openShifts: Math.round(full.openShifts * factor),
  };
}

export class ScaleSeedRefusedError extends Error {}

export interface ScaleProgress {
  step: string;
  done: number;
  total: number;
}

export interface ScaleSeedOptions {
  size: ScaleSize;
  /** Shifts are placed around this instant's week. */
  now?: Date;
  onProgress?: (progress: ScaleProgress) => void;
}

export interface ScaleSeedResult {
  /** What an earlier run left: its shifts were replaced; users beyond this size were removed. */
  replaced: { shifts: number; usersRemoved: number };
  users: number;
  agents: number;
  teams: number;
  skills: number;
  agentSkills: number;
  shifts: number;
  openShifts: number;
  /** Local dates covered, inclusive. */
  fromDate: string;
  toDate: string;
}

// ---------------------------------------------------------------------------
// Deterministic randomness: the same size (and week) gives the same data.

/** mulberry32: tiny, fast, good enough for synthetic data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }
  weighted<T>(list: readonly (readonly [T, number])[]): T {
    const total = list.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of list) if ((r -= w) < 0) return value;
    return list[list.length - 1]![0];
  }
}

// ---------------------------------------------------------------------------
// What the synthetic company looks like.

// Codes and names as the demo seed has them, so both can share a database.
const SKILLS = [
  { code: "general", name: "General support", kind: "skill" },
  { code: "billing", name: "Billing", kind: "skill" },
  { code: "technical", name: "Technical support", kind: "skill" },
  { code: "refunds", name: "Refunds", kind: "skill" },
  { code: "escalations", name: "Escalations", kind: "skill" },
  { code: "lang:en", name: "English", kind: "language" },
  { code: "lang:es", name: "Spanish", kind: "language" },
  { code: "lang:fr", name: "French", kind: "language" },
  { code: "lang:de", name: "German", kind: "language" },
  { code: "lang:pt", name: "Portuguese", kind: "language" },
  { code: "lang:tl", name: "Tagalog", kind: "language" },
  { code: "lang:hi", name: "Hindi", kind: "language" },
] as const;
const WORK_SKILLS = SKILLS.filter((s) => s.kind === "skill").map((s) => s.code);

interface Region {
  zone: string;
  city: string;
  labor: LaborRegion;
  currency: string;
  /** Hourly rate range in cents of `currency`. */
  rate: [number, number];
  native: string;
  /** Second languages some agents have. */
  second: string[];
  first: string[];
  last: string[];
}

const REGIONS: Region[] = [
  {
    zone: "America/Los_Angeles", city: "Los Angeles", labor: "US-CA", currency: "USD", rate: [2400, 3400], native: "lang:en", second: ["lang:es"],
    first: ["James", "Maria", "Michael", "Jennifer", "Carlos", "Aisha", "Kevin", "Emily", "Marcus", "Sofia", "Tyler", "Grace", "Andre", "Olivia"],
    last: ["Johnson", "Garcia", "Nguyen", "Martinez", "Kim", "Lopez", "Anderson", "Rivera", "Walker", "Hernandez", "Chen", "Brooks"],
  },
  {
    zone: "America/New_York", city: "New York", labor: "US-FLSA", currency: "USD", rate: [2200, 3200], native: "lang:en", second: ["lang:es", "lang:fr"],
    first: ["David", "Linda", "Daniel", "Jasmine", "Robert", "Keisha", "Anthony", "Rachel", "Jamal", "Megan", "Luis", "Hannah", "Brian", "Nicole"],
    last: ["Smith", "Brown", "Davis", "Wilson", "Thomas", "Jackson", "Lee", "Rodriguez", "Cohen", "Murphy", "Williams", "Diaz"],
  },
  {
    zone: "Europe/London", city: "London", labor: "NONE", currency: "GBP", rate: [1300, 1900], native: "lang:en", second: ["lang:fr", "lang:es"],
    first: ["Oliver", "Amelia", "Harry", "Isla", "George", "Ava", "Jack", "Mia", "Noah", "Freya", "Priya", "Samuel", "Chloe", "Kwame"],
    last: ["Taylor", "Evans", "Wright", "Patel", "Hughes", "Roberts", "Khan", "Clarke", "Walsh", "Turner", "Bennett", "Okafor"],
  },
  {
    zone: "Europe/Berlin", city: "Berlin", labor: "NONE", currency: "EUR", rate: [1600, 2300], native: "lang:de", second: ["lang:en", "lang:fr"],
    first: ["Lukas", "Anna", "Jonas", "Lea", "Felix", "Hannah", "Paul", "Marie", "Leon", "Emma", "Elias", "Sophie", "Emre", "Lina"],
    last: ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schulz", "Koch", "Yilmaz"],
  },
  {
    zone: "Asia/Manila", city: "Manila", labor: "NONE", currency: "PHP", rate: [15000, 28000], native: "lang:tl", second: ["lang:en", "lang:es"],
    first: ["Jose", "Maria", "Mark", "Kristine", "Paolo", "Angelica", "Carlo", "Patricia", "Miguel", "Jasmine", "Rafael", "Camille", "Joy", "Ramon"],
    last: ["Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Mendoza", "Torres", "Villanueva", "Ramos", "Aquino", "Dela Cruz", "Navarro"],
  },
  {
    zone: "Asia/Kolkata", city: "Kolkata", labor: "NONE", currency: "INR", rate: [18000, 40000], native: "lang:en", second: ["lang:hi"],
    first: ["Arjun", "Priya", "Rahul", "Ananya", "Vikram", "Sneha", "Rohan", "Kavya", "Aditya", "Ishita", "Sourav", "Riya", "Farhan", "Meera"],
    last: ["Banerjee", "Chatterjee", "Mukherjee", "Sharma", "Gupta", "Das", "Bose", "Sen", "Ghosh", "Iyer", "Reddy", "Singh"],
  },
  {
    zone: "America/Sao_Paulo", city: "São Paulo", labor: "NONE", currency: "BRL", rate: [2500, 4200], native: "lang:pt", second: ["lang:es", "lang:en"],
    first: ["Lucas", "Ana", "Gabriel", "Beatriz", "Rafael", "Juliana", "Mateus", "Larissa", "Pedro", "Camila", "Thiago", "Fernanda", "Bruno", "Letícia"],
    last: ["Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Costa", "Ferreira", "Almeida", "Carvalho", "Rodrigues", "Gomes"],
  },
  {
    zone: "Australia/Sydney", city: "Sydney", labor: "NONE", currency: "AUD", rate: [3400, 4600], native: "lang:en", second: ["lang:es", "lang:de"],
    first: ["Jack", "Charlotte", "William", "Olivia", "Thomas", "Chloe", "Lachlan", "Ruby", "Cooper", "Zoe", "Liam", "Isabella", "Mai", "Ethan"],
    last: ["Jones", "Williams", "Brown", "Wilson", "Taylor", "Nguyen", "Martin", "White", "Kelly", "Thompson", "Ryan", "O'Brien"],
  },
];

/** Local wall-clock starts of 8-hour shifts; most work days, a few work nights. */
export const SCALE_SHIFT_STARTS: readonly (readonly [string, number])[] = [
  ["06:00", 2],
  ["07:00", 3],
  ["08:00", 5],
  ["09:00", 6],
  ["10:00", 4],
  ["12:00", 3],
  ["14:00", 3],
  ["16:00", 2],
  ["22:00", 1],
];

const EMPLOYMENT: readonly (readonly [{ type: EmploymentType; shiftsPerWeek: number; contractHours: number }, number])[] = [
  [{ type: "full_time", shiftsPerWeek: 5, contractHours: 37.5 }, 85],
  [{ type: "part_time", shiftsPerWeek: 4, contractHours: 30 }, 15],
];

export function scaleAgentEmail(n: number): string {
  return `agent${String(n).padStart(5, "0")}@${SCALE_EMAIL_DOMAIN}`;
}

export function scaleEmployeeNumber(n: number): string {
  return `S${String(n).padStart(6, "0")}`;
}

// ---------------------------------------------------------------------------
// Dates: plain 'YYYY-MM-DD' arithmetic on UTC noon, no zone involved.

const DAY = 86_400_000;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

function endOfShift(start: string): string {
  const hour = (Number(start.slice(0, 2)) + SHIFT_HOURS) % 24;
  return `${String(hour).padStart(2, "0")}:${start.slice(3)}`;
}

/** Rows inserted per statement: large enough to be fast, under PostgreSQL's 65,535 parameters. */
const BATCH_ROWS = 4000;

async function inBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>, progress: (done: number) => void) {
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    const batch = rows.slice(i, i + BATCH_ROWS);
    await insert(batch);
    progress(i + batch.length);
  }
  if (rows.length === 0) progress(0);
}

// ---------------------------------------------------------------------------

/**
 * Scale users share a published password, so they never go next to real
 * ones (the same rule as the demo seed). Call before `seedScale`.
 */
export async function assertScaleSeedAllowed(db: Kysely<Database>): Promise<void> {
  const real = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("is_demo", "=", false)
    .where("email", "not like", `%@${SCALE_EMAIL_DOMAIN}`)
    .executeTakeFirstOrThrow();
  const n = Number(real.n);
  if (n > 0) {
    throw new ScaleSeedRefusedError(
      `Refusing to seed scale data: this database holds ${n} real user${n === 1 ? "" : "s"}, ` +
        `and scale users share the password "${SCALE_PASSWORD}". Use a benchmark database.`,
    );
  }
}

const scaleUsers = (db: Kysely<Database>) =>
  db.selectFrom("users").select("users.id").where("users.email", "like", `%@${SCALE_EMAIL_DOMAIN}`);
const scaleAgents = (db: Kysely<Database>) => db.selectFrom("agents").select("agents.id").where("agents.user_id", "in", scaleUsers(db));

/** The previous run's schedule: everything that hangs off scale agents and is recreated wholesale. */
async function clearScaleSchedule(db: Kysely<Database>): Promise<number> {
  const shifts = await db
    .deleteFrom("shifts")
    .where((eb) => eb.or([eb("agent_id", "in", scaleAgents(db)), eb("created_by", "in", scaleUsers(db))]))
    .executeTakeFirst();
  await db.deleteFrom("time_off_requests").where("agent_id", "in", scaleAgents(db)).execute();
  await db.deleteFrom("availability").where("agent_id", "in", scaleAgents(db)).execute();
  await db.deleteFrom("agent_skills").where("agent_id", "in", scaleAgents(db)).execute();
  return Number(shifts.numDeletedRows);
}

/**
 * Scale users a smaller size no longer has. Slow per row (the foreign-key
 * checks scan shifts, which has no plain agent_id or created_by index), so
 * re-runs keep users and agents in place and only a shrink comes here.
 */
async function removeScaleUsersExcept(db: Kysely<Database>, keep: string[]): Promise<number> {
  const gone = (qb: Kysely<Database>) =>
    qb.selectFrom("users").select("users.id").where("users.email", "like", `%@${SCALE_EMAIL_DOMAIN}`).where("users.email", "not in", keep);
  await db.deleteFrom("agents").where("user_id", "in", gone(db)).execute();
  const users = await db.deleteFrom("users").where("id", "in", gone(db)).executeTakeFirst();
  return Number(users.numDeletedRows);
}

interface PlannedAgent {
  email: string;
  agent: Omit<Insertable<AgentsTable>, "user_id" | "team_id">;
  team: string | null;
  skills: { code: string; level: number }[];
  workSkill: string;
  shifts: { startsAt: string; endsAt: string }[];
}

/**
 * Fills the database with `size` worth of workforce data. The caller runs it
 * in a transaction (and may VACUUM ANALYZE afterwards: `analyzeScaleData`).
 *
 * Re-runnable, keyed on the scale users' emails: users and agents are
 * updated in place (their ids, and so sessions, survive), while skills
 * held, shifts and time off of scale agents are deleted and recreated.
 */
export async function seedScale(db: Kysely<Database>, options: ScaleSeedOptions): Promise<ScaleSeedResult> {
  const { size } = options;
  const now = options.now ?? new Date();
  const report = (step: string, total: number) => (done: number) => options.onProgress?.({ step, done, total });
  const rng = new Random(mulberry32((size.agents * 7919 + size.teams * 104_729 + size.openShifts) ^ 0x5ca1e));

  // Plan everything first (pure, deterministic), then write.
  const teamDefs = Array.from({ length: size.teams }, (_, i) => {
    const region = REGIONS[i % REGIONS.length]!;
    return { name: `${region.city} ${Math.floor(i / REGIONS.length) + 1}${TEAM_SUFFIX}`, region };
  });

  // Calendar: whole local weeks, Monday first, around today's (UTC) date.
  const today = now.toISOString().slice(0, 10);
  const thisMonday = addDays(today, 1 - isoWeekday(today));
  const firstMonday = addDays(thisMonday, -7 * size.weeksBack);
  const weeks = size.weeksBack + size.weeksAhead;
  const dates = Array.from({ length: weeks * 7 }, (_, i) => addDays(firstMonday, i));
  const lastDate = dates[dates.length - 1]!;

  // The same local shift is computed once per zone, date and start.
  const instants = new Map<string, { startsAt: string; endsAt: string }>();
  const shiftAt = (date: string, start: string, zone: string) => {
    const key = `${zone} ${date} ${start}`;
    let found = instants.get(key);
    if (!found) {
      const { startsAt, endsAt } = localShiftInstants(date, start, endOfShift(start), zone);
      found = { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
      instants.set(key, found);
    }
    return found;
  };

  const planned: PlannedAgent[] = [];
  const names = new Map<string, string>();
  for (let n = 1; n <= size.agents; n++) {
    const team = teamDefs.length ? rng.pick(teamDefs) : null;
    // Mostly where the team is; some work remotely from elsewhere.
    const region = team && rng.next() < 0.85 ? team.region : rng.pick(REGIONS);
    const email = scaleAgentEmail(n);
    names.set(email, `${rng.pick(region.first)} ${rng.pick(region.last)}`);
    const employment = rng.weighted(EMPLOYMENT);

    // 2–4 skills: the native language, maybe a second, at least one kind of work.
    const codes = [region.native];
    if (rng.next() < 0.4) codes.push(rng.pick(region.second.filter((c) => c !== region.native)));
    const count = Math.max(rng.int(2, 4), codes.length + 1);
    while (codes.length < count) {
      const code = rng.pick(WORK_SKILLS);
      if (!codes.includes(code)) codes.push(code);
    }

    // One start time per agent keeps 16 h between shifts (15–17 across DST); days off move now and then.
    const start = rng.weighted(SCALE_SHIFT_STARTS);
    const shifts: PlannedAgent["shifts"] = [];
    let firstDayOff = rng.int(0, 6);
    for (let week = 0; week < weeks; week++) {
      if (rng.next() < 0.25) firstDayOff = rng.int(0, 6);
      const daysOff = 7 - employment.shiftsPerWeek;
      for (let day = 0; day < 7; day++) {
        if ((day - firstDayOff + 7) % 7 >= daysOff) shifts.push(shiftAt(dates[week * 7 + day]!, start, region.zone));
      }
    }

    planned.push({
      email,
      agent: {
        employee_number: scaleEmployeeNumber(n),
        time_zone: region.zone,
        labor_region: region.labor,
        employment_type: employment.type,
        contract_hours_per_week: employment.contractHours,
        hourly_rate_cents: Math.round(rng.int(region.rate[0], region.rate[1]) / 25) * 25,
        currency: region.currency,
        hire_date: addDays(firstMonday, -rng.int(30, 2000)),
        termination_date: null,
      },
      team: team?.name ?? null,
      skills: codes.map((code, i) => ({ code, level: i === 0 ? 5 : rng.int(1, 5) })),
      workSkill: codes[codes.length - 1]!,
      shifts,
    });
  }

  // Open shifts from tomorrow to the end of the seeded weeks, each asking for a skill.
  const openDays = Math.max(1, Math.round((Date.parse(lastDate) - Date.parse(today)) / DAY));
  const plannedOpen = Array.from({ length: size.openShifts }, () => {
    const region = rng.pick(REGIONS);
    const at = shiftAt(addDays(today, rng.int(1, openDays)), rng.weighted(SCALE_SHIFT_STARTS), region.zone);
    const code = rng.next() < 0.3 ? rng.pick(SKILLS.filter((s) => s.kind === "language")).code : rng.pick(WORK_SKILLS);
    return { ...at, code };
  });

  // Write.
  const replacedShifts = await clearScaleSchedule(db);
  const userEmails = [SCALE_PLANNER_EMAIL, ...planned.map((p) => p.email)];
  const removedUsers = await removeScaleUsersExcept(db, userEmails);
  if (replacedShifts) report("earlier scale shifts removed", replacedShifts)(replacedShifts);

  const passwordHash = await hashPassword(SCALE_PASSWORD);

  // Skills: shared with whatever else uses them.
  await db
    .insertInto("skills")
    .values(SKILLS.map((s) => ({ code: s.code, name: s.name, kind: s.kind })))
    .onConflict((oc) => oc.column("code").doNothing())
    .execute();
  const skillRows = await db.selectFrom("skills").select(["id", "code"]).where("code", "in", SKILLS.map((s) => s.code)).execute();
  const skillId = new Map(skillRows.map((s) => [s.code, s.id]));

  if (teamDefs.length) {
    await db
      .insertInto("teams")
      .values(teamDefs.map((t) => ({ name: t.name })))
      .onConflict((oc) => oc.column("name").doNothing())
      .execute();
  }
  const teamRows = teamDefs.length
    ? await db.selectFrom("teams").select(["id", "name"]).where("name", "in", teamDefs.map((t) => t.name)).execute()
    : [];
  const teamId = new Map(teamRows.map((t) => [t.name, t.id]));

  const users: Insertable<UsersTable>[] = userEmails.map((email) => ({
    email,
    name: names.get(email) ?? "Scale Planner",
    role: email === SCALE_PLANNER_EMAIL ? "planner" : "agent",
    password_hash: passwordHash,
    // Synthetic, with a published password: never counted as real users.
    is_demo: true,
  }));
  const userId = new Map<string, string>();
  await inBatches(
    users,
    async (batch) => {
      const rows = await db
        .insertInto("users")
        .values(batch)
        .onConflict((oc) =>
          oc.column("email").doUpdateSet((eb) => ({
            name: eb.ref("excluded.name"),
            role: eb.ref("excluded.role"),
            password_hash: eb.ref("excluded.password_hash"),
            is_demo: true,
            disabled_at: null,
            updated_at: sql`now()`,
          })),
        )
        .returning(["id", "email"])
        .execute();
      for (const r of rows) userId.set(r.email.toLowerCase(), r.id);
    },
    report("users", users.length),
  );
  const plannerId = userId.get(SCALE_PLANNER_EMAIL)!;

  const agentId = new Map<string, string>();
  await inBatches(
    planned,
    async (batch) => {
      const rows = await db
        .insertInto("agents")
        .values(batch.map((p) => ({ ...p.agent, user_id: userId.get(p.email)!, team_id: p.team ? teamId.get(p.team)! : null })))
        .onConflict((oc) =>
          oc.column("user_id").doUpdateSet((eb) => ({
            employee_number: eb.ref("excluded.employee_number"),
            time_zone: eb.ref("excluded.time_zone"),
            labor_region: eb.ref("excluded.labor_region"),
            employment_type: eb.ref("excluded.employment_type"),
            contract_hours_per_week: eb.ref("excluded.contract_hours_per_week"),
            hourly_rate_cents: eb.ref("excluded.hourly_rate_cents"),
            currency: eb.ref("excluded.currency"),
            team_id: eb.ref("excluded.team_id"),
            hire_date: eb.ref("excluded.hire_date"),
            termination_date: null,
            updated_at: sql`now()`,
          })),
        )
        .returning(["id", "employee_number"])
        .execute();
      for (const r of rows) agentId.set(r.employee_number, r.id);
    },
    report("agents", planned.length),
  );
  // Teams an earlier, larger size made and nobody is in now.
  await db
    .deleteFrom("teams")
    .where("name", "like", `%${TEAM_SUFFIX}`)
    .where("name", "not in", teamDefs.length ? teamDefs.map((t) => t.name) : [""])
    .where((eb) => eb.not(eb.exists(eb.selectFrom("agents").select("agents.id").whereRef("agents.team_id", "=", "teams.id"))))
    .execute();

  const idOf = (p: PlannedAgent) => agentId.get(p.agent.employee_number)!;
  const agentSkills: Insertable<AgentSkillsTable>[] = planned.flatMap((p) =>
    p.skills.map((s) => ({ agent_id: idOf(p), skill_id: skillId.get(s.code)!, level: s.level })),
  );
  await inBatches(agentSkills, (batch) => db.insertInto("agent_skills").values(batch).execute(), report("agent skills", agentSkills.length));

  const shifts: Insertable<ShiftsTable>[] = planned.flatMap((p) =>
    p.shifts.map((s) => ({
      agent_id: idOf(p),
      starts_at: s.startsAt,
      ends_at: s.endsAt,
      skill_id: skillId.get(p.workSkill)!,
      break_minutes: BREAK_MINUTES,
      status: "scheduled" as const,
      created_by: plannerId,
    })),
  );
  // In time order, as schedules get published week by week: a week's shifts then sit together on disk,
  // as they would in a real database (agent by agent would scatter every week over the whole table).
  shifts.sort((a, b) => (a.starts_at < b.starts_at ? -1 : a.starts_at > b.starts_at ? 1 : 0));
  await inBatches(shifts, (batch) => db.insertInto("shifts").values(batch).execute(), report("shifts", shifts.length));

  const open: Insertable<ShiftsTable>[] = plannedOpen.map((o) => ({
    agent_id: null,
    starts_at: o.startsAt,
    ends_at: o.endsAt,
    skill_id: skillId.get(o.code)!,
    break_minutes: BREAK_MINUTES,
    status: "open",
    created_by: plannerId,
  }));
  await inBatches(open, (batch) => db.insertInto("shifts").values(batch).execute(), report("open shifts", open.length));

  return {
    replaced: { shifts: replacedShifts, usersRemoved: removedUsers },
    users: users.length,
    agents: planned.length,
    teams: teamRows.length,
    skills: skillRows.length,
    agentSkills: agentSkills.length,
    shifts: shifts.length,
    openShifts: open.length,
    fromDate: firstMonday,
    toDate: lastDate,
  };
}

/** Fresh statistics and visibility maps after a bulk load (PostgreSQL; outside any transaction). */
export async function analyzeScaleData(db: Kysely<Database>): Promise<void> {
  await sql`VACUUM (ANALYZE) users, teams, skills, agents, agent_skills, shifts`.execute(db);
}

/** Progress as lines, at most one a second per step plus each step's last: "shifts 120000/120000 (12.3 s)". */
export function progressPrinter(write: (line: string) => void): (progress: ScaleProgress) => void {
  const started = performance.now();
  const lastAt = new Map<string, number>();
  return ({ step, done, total }) => {
    const t = performance.now();
    if (done < total && t - (lastAt.get(step) ?? -Infinity) < 1000) return;
    lastAt.set(step, t);
    write(`${step} ${done}/${total} (${((t - started) / 1000).toFixed(1)} s)`);
  };
}
