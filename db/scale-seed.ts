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
  /** Customer records (every fifth a company, the rest people), names from many countries. */
  customers: number;
  /** People at the company customers. */
  contacts: number;
  /** Over the last year, most of them closed; a hundredth of the customers hold half of them. */
  cases: number;
  notes: number;
  /**
   * Support interactions over the seeded weeks up to now, each by a scale agent inside one of their
   * shifts (a few off shift, before it began) with a scale customer; a hundredth of the customers
   * get a third of them.
   */
  interactions: number;
}

export const SCALE_SIZES = {
  /**
   * The workforce issue: 2,000 agents, 12 weeks of shifts; the CRM issue: 1,000,000 customers, 2,000,000 contacts and cases;
   * the support issue: 5,000,000 interactions.
   */
  full: {
    name: "full", agents: 2000, teams: 20, weeksBack: 8, weeksAhead: 4, openShifts: 300,
    customers: 1_000_000, contacts: 2_000_000, cases: 2_000_000, notes: 300_000, interactions: 5_000_000,
  },
  /** A quick check. */
  small: {
    name: "small", agents: 200, teams: 4, weeksBack: 2, weeksAhead: 2, openShifts: 50,
    customers: 20_000, contacts: 40_000, cases: 40_000, notes: 6_000, interactions: 100_000,
  },
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
    customers: Math.round(full.customers * factor),
    contacts: Math.round(full.contacts * factor),
    cases: Math.round(full.cases * factor),
    notes: Math.round(full.notes * factor),
    interactions: Math.round(full.interactions * factor),
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
  crm: ScaleCrmResult;
  interactions: ScaleInteractionsResult;
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

/** Whether this database has a table (one a later migration adds). */
async function hasTable(db: Kysely<Database>, table: string): Promise<boolean> {
  const { rows } = await sql<{ t: string | null }>`SELECT to_regclass(${table})::text AS t`.execute(db);
  return Boolean(rows[0]?.t);
}

/** The seed drops indexes while it loads: only a transaction brings them back after a failure. */
function assertInTransaction(db: Kysely<Database>): void {
  if (!db.isTransaction) throw new Error("The scale seed must run in a transaction (it rebuilds indexes; a failure must restore them).");
}

/**
 * Runs `load` (which writes many rows into `table`) with the table's indexes, keys and foreign keys
 * out of the way, and the foreign keys of other tables that point at it, then puts each back as it
 * was: an index or key is built from the rows in one sort, a foreign key checked in one pass (adding
 * a constraint validates every row, as the per-row checks would have). Nothing reads `table` by key
 * while `load` writes it. The migrated schema is left exactly as it was.
 *
 * Needs a transaction (DDL is transactional): a failure in `load` or in a rebuild (say, a row the
 * checks refuse) rolls the drops back with everything else, so no index goes missing. The drops
 * lock the table (and those pointing at it) against readers too until the caller commits.
 */
async function withIndexesDeferred<T>(db: Kysely<Database>, table: string, load: () => Promise<T>): Promise<T> {
  assertInTransaction(db);
  // Indexes that back no constraint (a primary key, unique or exclusion constraint is put back through its constraint).
  const { rows: indexes } = await sql<{ name: string; def: string }>`
    SELECT ic.relname AS name, pg_get_indexdef(x.indexrelid) AS def
      FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid
     WHERE x.indrelid = ${table}::regclass AND x.indisvalid
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u', 'x'))
     ORDER BY ic.relname`.execute(db);
  // In the order they go back: the table's primary and unique keys, its foreign keys, then other tables' foreign keys to it.
  const { rows: constraints } = await sql<{ owner: string; name: string; def: string }>`
    SELECT k.conrelid::regclass::text AS owner, k.conname AS name, pg_get_constraintdef(k.oid) AS def
      FROM pg_constraint k
     WHERE (k.conrelid = ${table}::regclass AND k.contype IN ('p', 'u', 'f'))
        OR (k.confrelid = ${table}::regclass AND k.conrelid <> k.confrelid AND k.contype = 'f')
     ORDER BY k.conrelid <> ${table}::regclass, k.contype = 'f', k.conname`.execute(db);

  for (const k of [...constraints].reverse()) await sql`ALTER TABLE ${sql.raw(k.owner)} DROP CONSTRAINT ${sql.ref(k.name)}`.execute(db);
  for (const i of indexes) await sql`DROP INDEX ${sql.ref(i.name)}`.execute(db);
  const result = await load();
  // Sorts for the builds in memory (the setting ends with the transaction).
  await sql`SET LOCAL maintenance_work_mem = '1GB'`.execute(db);
  for (const i of indexes) await sql.raw(i.def).execute(db);
  for (const k of constraints) await sql`ALTER TABLE ${sql.raw(k.owner)} ADD CONSTRAINT ${sql.ref(k.name)} ${sql.raw(k.def)}`.execute(db);
  return result;
}

/**
 * Interactions of scale agents (the seed's, and those benchmarks logged since): they point at the
 * agents and at their shifts, so they go before either. Also any other interaction linked to a
 * shift the scale planner made (an open shift someone claimed).
 */
async function clearScaleInteractions(db: Kysely<Database>): Promise<number> {
  if (!(await hasTable(db, "interactions"))) return 0;
  const users = sql`(SELECT id FROM users WHERE email LIKE ${`%@${SCALE_EMAIL_DOMAIN}`})`;
  const gone = await sql`
    DELETE FROM interactions
     WHERE agent_id IN (SELECT id FROM agents WHERE user_id IN ${users})
        OR shift_id IN (SELECT id FROM shifts WHERE created_by IN ${users})`.execute(db);
  return Number(gone.numAffectedRows ?? 0);
}

/** The previous run's schedule: everything that hangs off scale agents and is recreated wholesale. */
async function clearScaleSchedule(db: Kysely<Database>): Promise<number> {
  await clearScaleInteractions(db);
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
  assertInTransaction(db);
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

  // Write. An earlier run's customers first: their cases name scale agents as owners.
  const earlierPlanner = await db.selectFrom("users").select("id").where("email", "=", SCALE_PLANNER_EMAIL).executeTakeFirst();
  // (Disabling takes a lock that keeps other writers of customers out until the caller commits.)
  await nameTriggers(db, "DISABLE");
  const replacedInteractions = await clearScaleInteractions(db);
  const replacedCustomers = earlierPlanner ? await clearScaleCustomers(db, earlierPlanner.id) : 0;
  if (replacedCustomers) report("earlier scale customers removed", replacedCustomers)(replacedCustomers);
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

  const crm = { replaced: replacedCustomers, ...(await seedScaleCustomers(db, { size, now, plannerId, report })) };
  await nameTriggers(db, "ENABLE");
  const seeded = await seedScaleInteractions(db, { size, now, onProgress: options.onProgress });
  const interactions = { ...seeded, replaced: replacedInteractions + seeded.replaced };

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
    crm,
    interactions,
  };
}

/** Fresh statistics and visibility maps after a bulk load (PostgreSQL; outside any transaction). */
export async function analyzeScaleData(db: Kysely<Database>): Promise<void> {
  await sql`VACUUM (ANALYZE) users, teams, skills, agents, agent_skills, shifts`.execute(db);
  // (Also sets the visibility maps, so the name search reads customer_name_tokens index-only.)
  await sql`VACUUM (ANALYZE) customers, contacts, cases, customer_notes, customer_name_tokens, name_vocabulary`.execute(db);
  await analyzeScaleInteractions(db);
}

/** Fresh statistics and visibility map for interactions alone (after `seedScaleInteractions` on its own). */
export async function analyzeScaleInteractions(db: Kysely<Database>): Promise<void> {
  await sql`VACUUM (ANALYZE) interactions`.execute(db);
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

// ---------------------------------------------------------------------------
// Customers, contacts, cases and notes: generated in SQL (generate_series over
// arrays of names), so a million rows cost the database's time, not a round
// trip each. Every value comes from a hash of the row number, so the same size
// (and "now") gives the same rows and the same ids (scaleUuidSql: from md5 of 'scale-customer-<n>'),
// whichever database runs it. Scale customers are those the scale planner
// created; their contacts, cases and notes hang off them. Each table is loaded
// with its indexes and constraints dropped and rebuilt afterwards
// (withIndexesDeferred): maintaining fifteen indexes and the foreign-key checks
// row by row cost several times the generating.

export interface ScaleCrmResult {
  /** Of an earlier run, removed first. */
  replaced: number;
  customers: number;
  companies: number;
  contacts: number;
  cases: number;
  notes: number;
  /** Rows in customer_name_tokens for the scale customers (words and word pairs). */
  nameKeys: number;
}

interface CustomerRegion {
  country: string;
  language: string;
  /** Country calling code, the national number's first digits (a mobile range) and its length after them. */
  calling: string;
  lead: string[];
  rest: number;
  domains: string[];
  legal: string[];
  first: string[];
  last: string[];
}

const CUSTOMER_REGIONS: CustomerRegion[] = [
  {
    country: "US", language: "en", calling: "1", lead: ["212", "310", "415", "617", "702", "305", "512", "206"], rest: 7,
    domains: ["example.com", "mail.example"], legal: ["Inc.", "LLC", "Corp."],
    first: ["James", "Mary", "Michael", "Jennifer", "Robert", "Linda", "David", "Elizabeth", "William", "Barbara", "Carlos", "Aisha", "Kevin", "Emily", "Marcus", "Sofia", "Tyler", "Grace", "Andre", "Olivia", "Jasmine", "Brandon", "Megan", "Jamal"],
    last: ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark"],
  },
  {
    country: "GB", language: "en", calling: "44", lead: ["77", "78", "79"], rest: 8,
    domains: ["example.co.uk", "post.example"], legal: ["Ltd", "PLC", "LLP"],
    first: ["Oliver", "Amelia", "Harry", "Isla", "George", "Ava", "Jack", "Mia", "Noah", "Freya", "Priya", "Samuel", "Chloe", "Kwame", "Siobhan", "Rhys", "Niamh", "Callum"],
    last: ["Taylor", "Evans", "Wright", "Patel", "Hughes", "Roberts", "Khan", "Clarke", "Walsh", "Turner", "Bennett", "Okafor", "O'Neill", "McDonald", "Fitzgerald", "Ashworth", "Pemberton", "Davies"],
  },
  {
    country: "DE", language: "de", calling: "49", lead: ["151", "160", "170", "176"], rest: 8,
    domains: ["beispiel.de", "example.de"], legal: ["GmbH", "AG", "KG"],
    first: ["Lukas", "Anna", "Jonas", "Lea", "Felix", "Hannah", "Paul", "Marie", "Leon", "Emma", "Elias", "Sophie", "Emre", "Lina", "Jürgen", "Jörg", "Björn", "Käthe"],
    last: ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schulz", "Koch", "Yılmaz", "Schäfer", "Krüger", "Groß", "Bäcker", "Köhler", "Weiß"],
  },
  {
    country: "FR", language: "fr", calling: "33", lead: ["6", "7"], rest: 8,
    domains: ["exemple.fr", "example.fr"], legal: ["SA", "SARL", "SAS"],
    first: ["Émilie", "Hélène", "François", "Chloé", "Jérôme", "Léa", "Théo", "Zoé", "Gaël", "Mathéo", "Camille", "Louis", "Inès", "Noël", "Anaïs", "Benoît"],
    last: ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Lefèvre", "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Fournier", "Girard", "Bonnet", "Dupré"],
  },
  {
    country: "ES", language: "es", calling: "34", lead: ["6"], rest: 8,
    domains: ["ejemplo.es", "example.es"], legal: ["S.L.", "S.A."],
    first: ["José", "María", "Antonio", "Carmen", "Manuel", "Lucía", "Javier", "Sofía", "Álvaro", "Martina", "Raúl", "Inés", "Sergio", "Pilar", "Iñigo", "Begoña"],
    last: ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Muñoz", "Núñez", "Peña", "Ibáñez"],
  },
  {
    country: "MX", language: "es", calling: "52", lead: ["55", "33", "81"], rest: 8,
    domains: ["ejemplo.mx", "correo.example"], legal: ["S.A. de C.V.", "S. de R.L."],
    first: ["Juan", "Guadalupe", "Luis", "Alejandra", "Miguel", "Fernanda", "Jesús", "Ximena", "Diego", "Valeria", "Emiliano", "Renata", "Santiago", "Citlali"],
    last: ["Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez", "Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres", "Ortíz"],
  },
  {
    country: "BR", language: "pt", calling: "55", lead: ["119", "219", "319"], rest: 8,
    domains: ["exemplo.com.br", "example.com.br"], legal: ["Ltda.", "S.A."],
    first: ["Lucas", "Ana", "Gabriel", "Beatriz", "Rafael", "Juliana", "Mateus", "Larissa", "Pedro", "Camila", "Thiago", "Fernanda", "João", "Letícia", "Conceição", "Antônio"],
    last: ["Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Costa", "Ferreira", "Almeida", "Carvalho", "Rodrigues", "Gomes", "Araújo", "Ribeiro", "Gonçalves", "Magalhães", "Simões", "Conceição"],
  },
  {
    country: "PH", language: "tl", calling: "63", lead: ["917", "918", "927", "995"], rest: 7,
    domains: ["example.ph", "mail.example"], legal: ["Inc.", "Corp."],
    first: ["Jose", "Maria", "Mark", "Kristine", "Paolo", "Angelica", "Carlo", "Patricia", "Miguel", "Jasmine", "Rafael", "Camille", "Joy", "Ramon"],
    last: ["Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Mendoza", "Torres", "Villanueva", "Ramos", "Aquino", "Dela Cruz", "Navarro", "Castillo", "Macaraeg"],
  },
  {
    country: "IN", language: "hi", calling: "91", lead: ["98", "99", "97", "90"], rest: 8,
    domains: ["example.in", "mail.example"], legal: ["Pvt. Ltd.", "Ltd."],
    first: ["Arjun", "Priya", "Rahul", "Ananya", "Vikram", "Sneha", "Rohan", "Kavya", "Aditya", "Ishita", "Sourav", "Riya", "Farhan", "Meera", "Lakshmi", "Venkatesh"],
    last: ["Banerjee", "Chatterjee", "Mukherjee", "Sharma", "Gupta", "Das", "Bose", "Sen", "Ghosh", "Iyer", "Reddy", "Singh", "Patel", "Nair", "Menon", "Krishnamurthy", "Agarwal", "Joshi"],
  },
  {
    country: "PL", language: "pl", calling: "48", lead: ["50", "60", "69", "79"], rest: 7,
    domains: ["przyklad.pl", "example.pl"], legal: ["Sp. z o.o.", "S.A."],
    first: ["Łukasz", "Agnieszka", "Paweł", "Małgorzata", "Michał", "Katarzyna", "Wojciech", "Zofia", "Krzysztof", "Joanna", "Jędrzej", "Bożena"],
    last: ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur"],
  },
  {
    country: "TR", language: "tr", calling: "90", lead: ["53", "54", "55"], rest: 8,
    domains: ["ornek.com.tr", "example.com.tr"], legal: ["A.Ş.", "Ltd. Şti."],
    first: ["Mehmet", "Ayşe", "Mustafa", "Fatma", "Emre", "Zeynep", "Burak", "Elif", "Can", "Şeyma", "Oğuz", "Gülşen"],
    last: ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan"],
  },
  {
    country: "AU", language: "en", calling: "61", lead: ["4"], rest: 8,
    domains: ["example.com.au", "mail.example"], legal: ["Pty Ltd", "Ltd"],
    first: ["Jack", "Charlotte", "William", "Olivia", "Thomas", "Chloe", "Lachlan", "Ruby", "Cooper", "Zoe", "Liam", "Isabella", "Mai", "Ethan"],
    last: ["Jones", "Williams", "Brown", "Wilson", "Taylor", "Nguyen", "Martin", "White", "Kelly", "Thompson", "Ryan", "O'Brien", "Campbell", "Stewart"],
  },
];

/** Built surnames (a start and an ending) widen the vocabulary the way a real customer base does. */
const SURNAME_STARTS = ["Ander", "Berg", "Kowal", "Petr", "Iván", "Mart", "Horn", "Lind", "Fern", "Rosen", "Hart", "Stein", "Wald", "Blum", "Gold", "Eich", "Kirch", "Brand", "Nov", "Jak", "Sokol", "Mel", "Dal", "Ros", "Kar", "Vas", "Bel", "Tom", "Pav", "Ost"];
const SURNAME_ENDS = ["son", "sen", "ski", "enko", "ov", "ová", "ez", "mann", "berg", "feld", "stein", "ström", "ini", "etti", "escu", "ović", "quist", "ley", "ford", "ton"];
const COMPANY_WORDS = ["Logistics", "Trading", "Foods", "Motors", "Textiles", "Pharma", "Builders", "Consulting", "Energy", "Software", "Travel", "Insurance", "Retail", "Media", "Farms", "Labs", "Dental", "Hotels", "Electric", "Design"];
const TITLES = ["Owner", "CEO", "Office Manager", "Head of Operations", "Accountant", "IT Administrator", "Buyer", "Customer Service Lead", "CFO", "Assistant"];
const CASE_SUBJECTS = [
  "Cannot log in", "Invoice shows the wrong amount", "Refund not received", "Package arrived damaged", "Change of billing address",
  "App crashes on start", "Double charged this month", "Cancel my subscription", "Upgrade to the business plan", "Password reset email never arrives",
  "Delivery is late", "Wrong item delivered", "Question about the contract", "Add a user to our account", "Card declined at checkout",
  "Export of my data", "Warranty claim", "Complaint about an agent", "Service outage in my area", "Update payment method",
];
const NOTE_BODIES = [
  "Called back, left a voicemail.", "Prefers email over phone.", "Asked about the loyalty discount; sent the terms.", "VIP: route to the senior team.",
  "Promised a callback on Monday.", "Spoke Spanish on the call; next time pass to a Spanish speaker.", "Escalated to billing.", "Customer was happy with the resolution.",
  "Do not call before 10:00 local time.", "Sent a replacement; tracking number in the case.",
];

/** One case in this many goes to a customer among the first hundredth, so those have long histories. */
const BUSY_SHARE = 100;
/** Rows per INSERT ... SELECT: progress shows between them. */
const CRM_CHUNK = 100_000;
/** The triggers that keep customer_name_tokens and name_vocabulary; the seed rebuilds both in bulk instead. */
const NAME_TRIGGERS = ["customers_sync_name_tokens_insert", "customers_sync_name_tokens_update", "customers_sync_name_tokens_delete"];

/** A non-negative pseudo-random integer for row `i` and purpose `k` (0…63). */
const rnd = (i: string, k: number) => `(hashint8((${i})::bigint * 64 + ${k}) & 2147483647)`;
const pick = (array: string, i: string, k: number) => `${array}[1 + ${rnd(i, k)} % cardinality(${array})]`;
/** A version 4 UUID made from md5('scale-<prefix>-<n>'): stable across runs, valid wherever ids are checked. */
export const scaleUuidSql = (prefix: string, n: string) =>
  `overlay(overlay(md5('scale-${prefix}-' || (${n})) placing '4' from 13 for 1) placing '8' from 17 for 1)::uuid`;
const uuidOf = scaleUuidSql;
/** The company (a customer number) contact `j` works at: every fifth customer is a company. */
const companyOf = (j: string, companies: number) => `5 * (1 + ${rnd(j, 1)} % ${companies})`;

async function chunked(total: number, run: (lo: number, hi: number) => Promise<unknown>, progress: (done: number) => void) {
  for (let lo = 1; lo <= total; lo += CRM_CHUNK) {
    const hi = Math.min(total, lo + CRM_CHUNK - 1);
    await run(lo, hi);
    progress(hi);
  }
  if (total === 0) progress(0);
}

/** What an earlier run left: scale customers and everything hanging off them. */
async function clearScaleCustomers(db: Kysely<Database>, plannerId: string): Promise<number> {
  const mine = sql`(SELECT id FROM customers WHERE created_by = ${plannerId})`;
  // Tables of later issues that point at customers or cases, when this database has them.
  if (await hasTable(db, "handoffs")) await sql`DELETE FROM handoffs WHERE customer_id IN ${mine}`.execute(db);
  if (await hasTable(db, "interactions")) {
    await sql`DELETE FROM interactions WHERE customer_id IN ${mine} OR case_id IN (SELECT id FROM cases WHERE customer_id IN ${mine})`.execute(db);
  }
  await sql`DELETE FROM customer_notes WHERE customer_id IN ${mine}`.execute(db);
  await sql`DELETE FROM cases WHERE customer_id IN ${mine}`.execute(db);
  await sql`DELETE FROM contacts WHERE customer_id IN ${mine}`.execute(db);
  await sql`DELETE FROM field_history WHERE entity_type = 'customer' AND entity_id IN ${mine}`.execute(db);
  await sql`DELETE FROM customer_duplicates WHERE customer_a IN ${mine} OR customer_b IN ${mine}`.execute(db);
  await sql`DELETE FROM customer_name_tokens WHERE customer_id IN ${mine}`.execute(db);
  await sql`UPDATE customers SET merged_into_id = NULL WHERE merged_into_id IN ${mine} AND created_by IS DISTINCT FROM ${plannerId}`.execute(db);
  const gone = await sql`DELETE FROM customers WHERE created_by = ${plannerId}`.execute(db);
  return Number(gone.numAffectedRows ?? 0);
}

/** The name search triggers off (the seed rebuilds their tables in bulk) or back on. */
async function nameTriggers(db: Kysely<Database>, action: "DISABLE" | "ENABLE") {
  for (const t of NAME_TRIGGERS) await sql`ALTER TABLE customers ${sql.raw(action)} TRIGGER ${sql.ref(t)}`.execute(db);
}

/** Customers, contacts, cases and notes of `size`, then the name search tables; the name triggers are off. */
async function seedScaleCustomers(
  db: Kysely<Database>,
  options: { size: ScaleSize; now: Date; plannerId: string; report: (step: string, total: number) => (done: number) => void },
): Promise<Omit<ScaleCrmResult, "replaced">> {
  const { size, now, plannerId, report } = options;

  const n = size.customers;
  const companies = Math.floor(n / 5);
  const contacts = companies > 0 ? size.contacts : 0;
  const busy = Math.max(1, Math.floor(n / BUSY_SHARE));
  // Materialized: inlined into a statement that names it once, its ARRAY(...) columns would be rebuilt for every row.
  const regions = sql`regions AS MATERIALIZED (
      SELECT (ord - 1)::int AS idx, x->>'country' AS country, x->>'language' AS language, x->>'calling' AS calling,
             (x->>'rest')::int AS rest,
             ARRAY(SELECT jsonb_array_elements_text(x->'lead')) AS lead,
             ARRAY(SELECT jsonb_array_elements_text(x->'domains')) AS domains,
             ARRAY(SELECT jsonb_array_elements_text(x->'legal')) AS legal,
             ARRAY(SELECT jsonb_array_elements_text(x->'first')) AS first,
             ARRAY(SELECT jsonb_array_elements_text(x->'last')) AS last
      FROM jsonb_array_elements(${JSON.stringify(CUSTOMER_REGIONS)}::jsonb) WITH ORDINALITY AS t(x, ord))`;
  const R = CUSTOMER_REGIONS.length;
  const lists = sql`lists AS (SELECT ${SURNAME_STARTS}::text[] AS starts, ${SURNAME_ENDS}::text[] AS ends, ${COMPANY_WORDS}::text[] AS words,
      ${TITLES}::text[] AS titles, ${CASE_SUBJECTS}::text[] AS subjects, ${NOTE_BODIES}::text[] AS bodies)`;
  const surname = (i: string, k: number) =>
    `CASE WHEN ${rnd(i, k)} % 10 < 3 THEN ${pick("l.starts", i, k + 1)} || ${pick("l.ends", i, k + 2)} ELSE ${pick("r.last", i, k + 3)} END`;
  const phone = (i: string, k: number) =>
    `'+' || r.calling || ${pick("r.lead", i, k)} || lpad((${rnd(i, k + 1)} % (10 ^ r.rest)::bigint)::text, r.rest, '0')`;
  const emailLocal = (text: string) => `regexp_replace(customer_search_fold(${text}), '[^a-z0-9.]+', '', 'g')`;
  const nowIso = now.toISOString();

  await withIndexesDeferred(db, "customers", () =>
    chunked(
      n,
      (lo, hi) =>
        sql`
        WITH ${regions}, ${lists},
        p AS (
          SELECT g.i, r.idx, g.i % 5 = 0 AS company,
                 ${sql.raw(pick("r.first", "g.i", 2))} AS first,
                 CASE WHEN ${sql.raw(rnd("g.i", 3))} % 10 = 0 THEN ' ' || ${sql.raw(pick("r.first", "g.i", 4))} ELSE '' END AS middle,
                 ${sql.raw(surname("g.i", 5))} AS last,
                 ${sql.raw(surname("g.i", 9))} AS partner
          FROM generate_series(${lo}::int, ${hi}::int) AS g(i)
          JOIN regions r ON r.idx = ${sql.raw(rnd("g.i", 1))} % ${R}
          CROSS JOIN lists l
        )
        INSERT INTO customers (id, kind, name, email, phone, country, language, segment, tier, external_source, external_id,
                               archived_at, created_by, created_at, updated_at)
        SELECT ${sql.raw(uuidOf("customer", "p.i"))},
               CASE WHEN p.company THEN 'company' ELSE 'person' END,
               CASE WHEN NOT p.company THEN p.first || p.middle || ' ' || p.last
                    WHEN ${sql.raw(rnd("p.i", 13))} % 4 = 0 THEN p.last || ' & ' || p.partner || ' ' || ${sql.raw(pick("r.legal", "p.i", 14))}
                    ELSE p.last || ' ' || ${sql.raw(pick("l.words", "p.i", 15))} || ' ' || ${sql.raw(pick("r.legal", "p.i", 16))} END,
               CASE WHEN p.company AND ${sql.raw(rnd("p.i", 17))} % 10 < 8
                      THEN 'info@' || ${sql.raw(emailLocal("p.last"))} || p.i || '.' || ${sql.raw(pick("r.domains", "p.i", 18))}
                    WHEN NOT p.company AND ${sql.raw(rnd("p.i", 17))} % 100 < 85
                      THEN ${sql.raw(emailLocal("p.first || '.' || p.last"))}
                           || CASE WHEN ${sql.raw(rnd("p.i", 19))} % 3 = 0 THEN (${sql.raw(rnd("p.i", 20))} % 100)::text ELSE '' END
                           || '@' || ${sql.raw(pick("r.domains", "p.i", 18))} END,
               CASE WHEN ${sql.raw(rnd("p.i", 21))} % 100 < 80 THEN ${sql.raw(phone("p.i", 22))} END,
               r.country, r.language,
               CASE WHEN p.company THEN (ARRAY['smb', 'mid-market', 'enterprise'])[1 + ${sql.raw(rnd("p.i", 24))} % 3] ELSE 'consumer' END,
               (ARRAY['bronze', 'bronze', 'silver', 'silver', 'gold', 'platinum'])[1 + ${sql.raw(rnd("p.i", 25))} % 6],
               CASE WHEN ${sql.raw(rnd("p.i", 26))} % 10 = 0 THEN 'scale' END,
               CASE WHEN ${sql.raw(rnd("p.i", 26))} % 10 = 0 THEN '001SC' || lpad(p.i::text, 13, '0') END,
               CASE WHEN ${sql.raw(rnd("p.i", 27))} % 50 = 0 THEN ${nowIso}::timestamptz - make_interval(days => ${sql.raw(rnd("p.i", 28))} % 300) END,
               ${plannerId}::uuid,
               ${nowIso}::timestamptz - make_interval(secs => ${sql.raw(rnd("p.i", 29))} % (3 * 365 * 86400)),
               ${nowIso}::timestamptz
        FROM p JOIN regions r ON r.idx = p.idx CROSS JOIN lists l`.execute(db),
      report("customers", n),
    ),
  );

  await withIndexesDeferred(db, "contacts", () =>
    chunked(
      contacts,
      (lo, hi) =>
        sql`
        WITH ${regions}, ${lists}
        INSERT INTO contacts (id, customer_id, first_name, last_name, email, phone, title, archived_at, created_at, updated_at)
        SELECT ${sql.raw(uuidOf("contact", "g.i"))},
               ${sql.raw(uuidOf("customer", companyOf("g.i", companies)))},
               ${sql.raw(pick("r.first", "g.i", 3))},
               ${sql.raw(surname("g.i", 4))},
               CASE WHEN ${sql.raw(rnd("g.i", 8))} % 10 < 9 THEN 'contact' || g.i || '@' || ${sql.raw(pick("r.domains", "g.i", 9))} END,
               CASE WHEN ${sql.raw(rnd("g.i", 10))} % 10 < 7 THEN ${sql.raw(phone("g.i", 11))} END,
               ${sql.raw(pick("l.titles", "g.i", 13))},
               CASE WHEN ${sql.raw(rnd("g.i", 14))} % 30 = 0 THEN ${nowIso}::timestamptz - make_interval(days => ${sql.raw(rnd("g.i", 15))} % 300) END,
               ${nowIso}::timestamptz - make_interval(secs => ${sql.raw(rnd("g.i", 16))} % (2 * 365 * 86400)),
               ${nowIso}::timestamptz
        FROM generate_series(${lo}::int, ${hi}::int) AS g(i)
        JOIN regions r ON r.idx = ${sql.raw(rnd("g.i", 2))} % ${R}
        CROSS JOIN lists l`.execute(db),
      report("contacts", contacts),
    ),
  );

  const agentIds = sql`(SELECT coalesce(array_agg(a.id ORDER BY a.employee_number), '{}') FROM agents a JOIN users u ON u.id = a.user_id
                         WHERE u.email LIKE ${`%@${SCALE_EMAIL_DOMAIN}`})`;
  const cases = n > 0 ? size.cases : 0;
  await withIndexesDeferred(db, "cases", () =>
    chunked(
      cases,
      (lo, hi) =>
        sql`
        WITH ${lists}, owners AS (SELECT ${agentIds} AS ids),
        c AS (
          SELECT g.i,
                 -- Odd cases come through a contact of a company; even ones half anyone, half the busy hundredth.
                 CASE WHEN g.i % 2 = 1 AND ${contacts} > 0 THEN 1 + ${sql.raw(rnd("g.i", 1))} % greatest(${contacts}, 1) END AS contact,
                 CASE WHEN ${sql.raw(rnd("g.i", 2))} % 2 = 0 THEN 1 + ${sql.raw(rnd("g.i", 3))} % ${n}
                      ELSE 1 + ${sql.raw(rnd("g.i", 3))} % ${busy} END AS customer,
                 ${nowIso}::timestamptz - make_interval(secs => ${sql.raw(rnd("g.i", 4))} % (365 * 86400)) AS opened_at,
                 ${sql.raw(rnd("g.i", 5))} % 100 AS state
          FROM generate_series(${lo}::int, ${hi}::int) AS g(i)
        )
        INSERT INTO cases (id, case_number, customer_id, contact_id, subject, description, status, priority, origin, owner_agent_id,
                           opened_at, closed_at, created_at, updated_at)
        SELECT ${sql.raw(uuidOf("case", "c.i"))},
               'S-' || lpad(c.i::text, 8, '0'),
               CASE WHEN c.contact IS NOT NULL THEN ${sql.raw(uuidOf("customer", companyOf("c.contact", Math.max(companies, 1))))}
                    ELSE ${sql.raw(uuidOf("customer", "c.customer"))} END,
               CASE WHEN c.contact IS NOT NULL THEN ${sql.raw(uuidOf("contact", "c.contact"))} END,
               ${sql.raw(pick("l.subjects", "c.i", 6))},
               CASE WHEN ${sql.raw(rnd("c.i", 7))} % 2 = 0 THEN 'Reported by ' || (ARRAY['phone', 'email', 'chat', 'the web form'])[1 + ${sql.raw(rnd("c.i", 8))} % 4] || '; reference ' || c.i END,
               CASE WHEN c.state < 75 THEN 'closed' WHEN c.state < 85 THEN 'open' WHEN c.state < 93 THEN 'new' ELSE 'pending' END,
               (ARRAY['low', 'low', 'low', 'medium', 'medium', 'medium', 'medium', 'high', 'high', 'urgent'])[1 + ${sql.raw(rnd("c.i", 9))} % 10],
               (ARRAY['phone', 'email', 'web', 'chat', 'social', 'other'])[1 + ${sql.raw(rnd("c.i", 10))} % 6],
               CASE WHEN cardinality(o.ids) > 0 AND ${sql.raw(rnd("c.i", 11))} % 10 > 0 THEN o.ids[1 + ${sql.raw(rnd("c.i", 12))} % cardinality(o.ids)] END,
               c.opened_at,
               CASE WHEN c.state < 75 THEN least(${nowIso}::timestamptz, c.opened_at + make_interval(secs => 600 + ${sql.raw(rnd("c.i", 13))} % (14 * 86400))) END,
               c.opened_at, c.opened_at
        FROM c CROSS JOIN lists l CROSS JOIN owners o`.execute(db),
      report("cases", cases),
    ),
  );

  const authorIds = sql`(SELECT coalesce(array_agg(u.id ORDER BY u.email), '{}') FROM users u WHERE u.email LIKE ${`%@${SCALE_EMAIL_DOMAIN}`})`;
  const notes = n > 0 ? size.notes : 0;
  await withIndexesDeferred(db, "customer_notes", () =>
    chunked(
      notes,
      (lo, hi) =>
        sql`
        WITH ${lists}, authors AS (SELECT ${authorIds} AS ids)
        INSERT INTO customer_notes (id, customer_id, body, author_id, created_at)
        SELECT ${sql.raw(uuidOf("note", "g.i"))},
               ${sql.raw(uuidOf("customer", `CASE WHEN ${rnd("g.i", 1)} % 10 < 7 THEN 1 + ${rnd("g.i", 2)} % ${busy} ELSE 1 + ${rnd("g.i", 2)} % ${n} END`))},
               ${sql.raw(pick("l.bodies", "g.i", 3))},
               a.ids[1 + ${sql.raw(rnd("g.i", 4))} % greatest(cardinality(a.ids), 1)],
               ${nowIso}::timestamptz - make_interval(secs => ${sql.raw(rnd("g.i", 5))} % (365 * 86400))
        FROM generate_series(${lo}::int, ${hi}::int) AS g(i) CROSS JOIN lists l CROSS JOIN authors a`.execute(db),
      report("notes", notes),
    ),
  );

  // Name search upkeep in bulk: the scale customers' words and word pairs in index order, then every
  // word's count again from scratch (exact, and cheap: the vocabulary is small).
  const keysDone = report("name search keys", n);
  // Their sort (4.5 million keys at full) in memory rather than in files; the setting ends with the transaction.
  await sql`SET LOCAL work_mem = '512MB'`.execute(db);
  const keys = await withIndexesDeferred(db, "customer_name_tokens", () =>
    sql`
      INSERT INTO customer_name_tokens (token, customer_id, name, archived)
      SELECT k, c.id, c.name, c.archived_at IS NOT NULL
      FROM customers c CROSS JOIN LATERAL unnest(customer_search_keys(c.name)) AS k
      WHERE c.created_by = ${plannerId} AND c.merged_into_id IS NULL AND c.erased_at IS NULL
      ORDER BY 1, 3, 2`.execute(db),
  );
  keysDone(n);
  await sql`DELETE FROM name_vocabulary`.execute(db);
  await sql`
    INSERT INTO name_vocabulary (token, customers)
    SELECT token, count(*) FROM customer_name_tokens WHERE position(' ' in token) = 0 GROUP BY token ORDER BY token`.execute(db);

  return {
    customers: n,
    companies,
    contacts,
    cases,
    notes,
    nameKeys: Number(keys.numAffectedRows ?? 0),
  };
}

// ---------------------------------------------------------------------------
// Support interactions: generated in SQL like the customers. Each picks one of
// the scale agents' scheduled shifts that began before now (numbered in a
// temporary table), starts inside it and lasts 3–15 minutes; a few start
// 10–120 minutes before their shift instead (off shift, no shift linked), and
// only before shifts with no other shift of the agent in the two hours ahead
// of them, so no shift covers them. Customers: a third among the busy
// hundredth, the rest anyone; some are about one of the customer's cases.

export interface ScaleInteractionsResult {
  /** Removed first: an earlier run's, and those benchmarks logged since. */
  replaced: number;
  interactions: number;
  offShift: number;
  withCase: number;
  withCsat: number;
  /** The scale agents' scheduled shifts begun before now that the interactions were spread over. */
  shifts: number;
}

/** Off shift, per thousand. */
const OFF_SHIFT_PER_MILLE = 30;
/** About one of the customer's cases, per hundred. */
const WITH_CASE_PERCENT = 15;
/** With a satisfaction score, per hundred. */
const WITH_CSAT_PERCENT = 30;
const INTERACTION_SUMMARIES = [
  "Walked the customer through the steps; confirmed it works now.", "Explained the charge line by line.", "Refund issued; 3–5 working days to show.",
  "Reset the password and checked the customer can sign in.", "Raised a ticket with the carrier; promised an update by email.",
  "Customer asked for a callback tomorrow morning.", "Sent the cancellation confirmation.", "Escalated to the second line with the logs attached.",
  "Updated the billing address and re-sent the invoice.", "Offered a replacement; customer accepted.", "Customer will check with their IT team and call back.",
  "Applied the loyalty discount to the next invoice.",
];

/**
 * `size.interactions` interactions of scale agents with scale customers, replacing those scale
 * agents had. Needs the scale agents, their shifts and `size`'s customers (and cases) already in
 * place: `seedScale` calls it last, and on a database seeded before interactions existed it can run
 * alone (in a transaction; `analyzeScaleInteractions` afterwards).
 */
export async function seedScaleInteractions(
  db: Kysely<Database>,
  options: { size: ScaleSize; now?: Date; onProgress?: (progress: ScaleProgress) => void },
): Promise<ScaleInteractionsResult> {
  assertInTransaction(db);
  const { size } = options;
  const nowIso = (options.now ?? new Date()).toISOString();
  const report = (step: string, total: number) => (done: number) => options.onProgress?.({ step, done, total });

  const replaced = await clearScaleInteractions(db);
  if (replaced) report("earlier scale interactions removed", replaced)(replaced);

  const planner = await db.selectFrom("users").select("id").where("email", "=", SCALE_PLANNER_EMAIL).executeTakeFirst();
  const customers = planner
    ? Number(
        (
          await db
            .selectFrom("customers")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("created_by", "=", planner.id)
            .executeTakeFirstOrThrow()
        ).n,
      )
    : 0;
  const empty = { replaced, interactions: 0, offShift: 0, withCase: 0, withCsat: 0, shifts: 0 };
  if (size.interactions === 0 || size.customers === 0) return empty;
  if (!planner || customers !== size.customers) {
    throw new Error(`Interactions of size "${size.name}" need its ${size.customers} scale customers; this database has ${customers}. Seed the whole size.`);
  }

  // The shifts to spread over, numbered in a stable order; `quiet` ones may have an off-shift start before them.
  await sql`DROP TABLE IF EXISTS pg_temp.scale_interaction_shifts`.execute(db);
  await sql`
    CREATE TEMPORARY TABLE scale_interaction_shifts ON COMMIT DROP AS
    WITH s AS (
      SELECT s.id, s.agent_id, a.user_id, a.employee_number, s.starts_at,
             -- Seconds in which one may start; in a shift under way, only those that end (15 minutes at most) by now.
             extract(epoch FROM least(s.ends_at, ${nowIso}::timestamptz - interval '15 minutes') - s.starts_at)::bigint AS span,
             lag(s.ends_at) OVER (PARTITION BY s.agent_id ORDER BY s.starts_at) AS previous_end
        FROM shifts s JOIN agents a ON a.id = s.agent_id JOIN users u ON u.id = a.user_id
       WHERE u.email LIKE ${`%@${SCALE_EMAIL_DOMAIN}`} AND s.status = 'scheduled'
    )
    SELECT (row_number() OVER (ORDER BY starts_at, employee_number))::int AS n,
           CASE WHEN previous_end IS NULL OR previous_end < starts_at - interval '2 hours'
                THEN (row_number() OVER (PARTITION BY previous_end IS NULL OR previous_end < starts_at - interval '2 hours'
                                         ORDER BY starts_at, employee_number))::int END AS quiet_n,
           id, agent_id, user_id, starts_at, span
      FROM s
     WHERE span >= 60`.execute(db);
  await sql`CREATE UNIQUE INDEX ON scale_interaction_shifts (n)`.execute(db);
  await sql`CREATE UNIQUE INDEX ON scale_interaction_shifts (quiet_n)`.execute(db);
  await sql`ANALYZE scale_interaction_shifts`.execute(db);
  const { rows } = await sql<{ shifts: number; quiet: number }>`
    SELECT count(*)::int AS shifts, count(quiet_n)::int AS quiet FROM scale_interaction_shifts`.execute(db);
  const { shifts, quiet } = rows[0]!;
  if (shifts === 0) throw new Error("No scale shifts began before now: seed the whole size first.");

  const n = size.customers;
  const busy = Math.max(1, Math.floor(n / BUSY_SHARE));
  const cases = size.cases;
  const lists = sql`lists AS (SELECT ${CASE_SUBJECTS}::text[] AS subjects, ${INTERACTION_SUMMARIES}::text[] AS summaries)`;
  // Counted as they go in (counting afterwards would read every row again).
  const c = { interactions: 0, offShift: 0, withCase: 0, withCsat: 0 };
  await withIndexesDeferred(db, "interactions", () =>
    chunked(
      size.interactions,
      async (lo, hi) => {
        const { rows: counted } = await sql<typeof c>`
        WITH ${lists},
        g AS (
          SELECT g.i,
                 ${quiet} > 0 AND ${sql.raw(rnd("g.i", 1))} % 1000 < ${OFF_SHIFT_PER_MILLE} AS off,
                 ${sql.raw(rnd("g.i", 2))} AS pick,
                 CASE WHEN ${cases} > 0 AND ${sql.raw(rnd("g.i", 3))} % 100 < ${WITH_CASE_PERCENT} THEN 1 + ${sql.raw(rnd("g.i", 4))} % greatest(${cases}, 1) END AS kase,
                 CASE WHEN ${sql.raw(rnd("g.i", 5))} % 3 = 0 THEN 1 + ${sql.raw(rnd("g.i", 6))} % ${busy} ELSE 1 + ${sql.raw(rnd("g.i", 6))} % ${n} END AS customer,
                 60 * (3 + ${sql.raw(rnd("g.i", 7))} % 12) + ${sql.raw(rnd("g.i", 8))} % 60 AS secs
            FROM generate_series(${lo}::int, ${hi}::int) AS g(i)
        ),
        x AS (
          SELECT g.*, s.id AS shift, s.agent_id, s.user_id, s.starts_at + make_interval(secs => ${sql.raw(rnd("g.i", 9))} % s.span) AS started_at
            FROM g JOIN scale_interaction_shifts s ON s.n = 1 + g.pick % ${shifts}
           WHERE NOT g.off
          UNION ALL
          SELECT g.*, NULL, s.agent_id, s.user_id, s.starts_at - make_interval(secs => 600 + ${sql.raw(rnd("g.i", 9))} % 6600)
            FROM g JOIN scale_interaction_shifts s ON s.quiet_n = 1 + g.pick % greatest(${quiet}, 1)
           WHERE g.off
        ),
        inserted AS (
          INSERT INTO interactions (id, customer_id, agent_id, shift_id, off_shift, source, channel, direction, started_at, ended_at,
                                    subject, summary, outcome, case_id, csat, reviewed_at, reviewed_by, created_by, created_at)
          SELECT ${sql.raw(uuidOf("interaction", "x.i"))},
                 coalesce(k.customer_id, ${sql.raw(uuidOf("customer", "x.customer"))}),
                 x.agent_id, x.shift, x.off, 'agent',
                 (ARRAY['phone', 'phone', 'phone', 'phone', 'chat', 'chat', 'chat', 'email', 'email', 'social'])[1 + ${sql.raw(rnd("x.i", 10))} % 10],
                 CASE WHEN ${sql.raw(rnd("x.i", 11))} % 100 < 80 THEN 'inbound' ELSE 'outbound' END,
                 x.started_at,
                 x.started_at + make_interval(secs => x.secs),
                 coalesce(k.subject, ${sql.raw(pick("l.subjects", "x.i", 12))}),
                 CASE WHEN ${sql.raw(rnd("x.i", 13))} % 10 < 6 THEN ${sql.raw(pick("l.summaries", "x.i", 14))} END,
                 (ARRAY['resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved',
                        'resolved', 'resolved', 'resolved', 'follow_up', 'follow_up', 'follow_up', 'follow_up', 'escalated', 'escalated', NULL])[1 + ${sql.raw(rnd("x.i", 15))} % 20],
                 k.id,
                 CASE WHEN ${sql.raw(rnd("x.i", 16))} % 100 < ${WITH_CSAT_PERCENT}
                      THEN (ARRAY[5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 3, 3, 2, 1, 1])[1 + ${sql.raw(rnd("x.i", 17))} % 20]::smallint END,
                 CASE WHEN x.off AND x.started_at < ${nowIso}::timestamptz - interval '7 days' THEN x.started_at + make_interval(hours => 2 + ${sql.raw(rnd("x.i", 18))} % 70) END,
                 CASE WHEN x.off AND x.started_at < ${nowIso}::timestamptz - interval '7 days' THEN ${planner.id}::uuid END,
                 x.user_id,
                 x.started_at + make_interval(secs => x.secs)
            FROM x CROSS JOIN lists l
            LEFT JOIN cases k ON k.id = ${sql.raw(uuidOf("case", "x.kase"))}
          RETURNING off_shift, case_id, csat
        )
        SELECT count(*)::int AS "interactions", count(*) FILTER (WHERE off_shift)::int AS "offShift",
               count(case_id)::int AS "withCase", count(csat)::int AS "withCsat"
          FROM inserted`.execute(db);
        for (const key of Object.keys(c) as (keyof typeof c)[]) c[key] += Number(counted[0]![key]);
      },
      report("interactions", size.interactions),
    ),
  );

  return { replaced, ...c, shifts };
}
