import type { Kysely } from "kysely";
import type { Database, EmploymentType, LaborRegion, Role } from "./schema";
import { recordAudit, type Actor } from "../server/audit/audit.service";
import { hashPassword } from "../server/auth/password";
import { countUsers } from "../server/users/users.service";
import { createAgent } from "../server/workforce/agents.service";
import { seedDemoCustomers, type DemoCustomerSummary } from "./demo-customers";
import { seedDemoSupport, type DemoSupportSummary } from "./demo-support";
import { seedDemoQuality, type DemoQualitySummary } from "./demo-quality";
import { isoWeekday, localDateOf, localShiftInstants, nextLocalDate, startOfLocalDate } from "../server/workforce/local-time";

/** Demo data only: printed by `npm start` on a demo database. */
export const DEMO_PASSWORD = "frontline-demo";

/** The five demo logins, one per role (the README lists them). */
export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "admin@demo.test", name: "Ada Okafor", role: "admin" },
  { email: "hr@demo.test", name: "Hana Sato", role: "hr" },
  { email: "planner@demo.test", name: "Pedro Alvarez", role: "planner" },
  { email: "supervisor@demo.test", name: "Sofia Lindqvist", role: "supervisor" },
  { email: "agent@demo.test", name: "Arjun Mehta", role: "agent" },
];

export class SeedRefusedError extends Error {}

const SEED_ACTOR: Actor = { id: null, label: "seed", ip: null };

export const DEMO_TEAMS = ["Tier 1 — Americas", "Tier 1 — EMEA", "Tier 1 — APAC", "Billing specialists"] as const;
type TeamName = (typeof DEMO_TEAMS)[number];

export const DEMO_SKILLS = [
  { code: "general", name: "General support", kind: "skill" },
  { code: "billing", name: "Billing", kind: "skill" },
  { code: "technical", name: "Technical support", kind: "skill" },
  { code: "refunds", name: "Refunds", kind: "skill" },
  { code: "lang:en", name: "English", kind: "language" },
  { code: "lang:es", name: "Spanish", kind: "language" },
  { code: "lang:fr", name: "French", kind: "language" },
  { code: "lang:de", name: "German", kind: "language" },
  { code: "lang:pt", name: "Portuguese", kind: "language" },
  { code: "lang:tl", name: "Tagalog", kind: "language" },
  { code: "lang:hi", name: "Hindi", kind: "language" },
] as const satisfies readonly { code: string; name: string; kind: "skill" | "language" }[];
type SkillCode = (typeof DEMO_SKILLS)[number]["code"];

interface DemoAgent {
  email: string;
  name: string;
  zone: string;
  region: LaborRegion;
  employment: EmploymentType;
  currency: string;
  /** Hourly rate range in minor units (cents); the PRNG picks within it. */
  rate: [number, number];
  team: TeamName;
  skills: Partial<Record<SkillCode, number>>;
  /** Local wall-clock start of the agent's usual shift. */
  start: string;
  /** Shift length in hours (a 30-minute unpaid break is inside it). */
  hours: number;
  /** ISO weekdays off (1 = Monday). */
  off: number[];
  /** Skill every scheduled shift of theirs is for, if any. */
  shiftSkill?: SkillCode;
  availability?: boolean;
}

const USD: [number, number] = [2200, 2800];
const USD_CA: [number, number] = [2600, 3100];
const EUR: [number, number] = [1650, 2150];
const PHP: [number, number] = [26000, 34000];
const INR: [number, number] = [32000, 45000];
const BRL: [number, number] = [3600, 4800];
const NGN: [number, number] = [260000, 380000];
const MXN: [number, number] = [11000, 14500];
const COP: [number, number] = [2400000, 3000000];

/**
 * Agents round the world. Usual start times follow the sun, so that every hour
 * of every day has several people on shift; days off are staggered within each
 * band of hours (a test checks the coverage).
 */
export const DEMO_AGENTS: DemoAgent[] = [
  // Americas
  { email: "emily.johnson@demo.test", name: "Emily Johnson", zone: "America/New_York", region: "US-FLSA", employment: "full_time", currency: "USD", rate: USD, team: "Tier 1 — Americas", skills: { general: 4, refunds: 3, "lang:en": 5 }, start: "09:00", hours: 8, off: [6, 7], availability: true },
  { email: "marcus.williams@demo.test", name: "Marcus Williams", zone: "America/Chicago", region: "US-FLSA", employment: "full_time", currency: "USD", rate: USD, team: "Billing specialists", skills: { billing: 4, general: 3, "lang:en": 5 }, start: "08:00", hours: 8, off: [3, 4], shiftSkill: "billing", availability: true },
  { email: "olivia.martinez@demo.test", name: "Olivia Martinez", zone: "America/Denver", region: "US-FLSA", employment: "full_time", currency: "USD", rate: USD, team: "Billing specialists", skills: { billing: 3, "lang:es": 4, "lang:en": 5 }, start: "12:00", hours: 8, off: [1, 2], shiftSkill: "billing" },
  { email: "jessica.nguyen@demo.test", name: "Jessica Nguyen", zone: "America/Los_Angeles", region: "US-CA", employment: "full_time", currency: "USD", rate: USD_CA, team: "Tier 1 — Americas", skills: { technical: 4, general: 3, "lang:en": 5 }, start: "10:00", hours: 8, off: [5, 6], availability: true },
  { email: "daniel.kim@demo.test", name: "Daniel Kim", zone: "America/Los_Angeles", region: "US-CA", employment: "part_time", currency: "USD", rate: USD_CA, team: "Tier 1 — Americas", skills: { general: 3, technical: 3, "lang:en": 5 }, start: "16:00", hours: 6, off: [2, 3, 4] },
  { email: "sofia.ramirez@demo.test", name: "Sofía Ramírez", zone: "America/Mexico_City", region: "NONE", employment: "full_time", currency: "MXN", rate: MXN, team: "Tier 1 — Americas", skills: { "lang:es": 5, "lang:en": 4, billing: 2 }, start: "10:00", hours: 8, off: [7, 1] },
  { email: "valentina.gomez@demo.test", name: "Valentina Gómez", zone: "America/Bogota", region: "NONE", employment: "contractor", currency: "COP", rate: COP, team: "Tier 1 — Americas", skills: { "lang:es": 5, "lang:en": 4, general: 3 }, start: "18:00", hours: 8, off: [4, 5] },
  { email: "camila.oliveira@demo.test", name: "Camila Oliveira", zone: "America/Sao_Paulo", region: "NONE", employment: "full_time", currency: "BRL", rate: BRL, team: "Tier 1 — Americas", skills: { "lang:pt": 5, "lang:es": 3, general: 4 }, start: "08:00", hours: 8, off: [6, 7], availability: true },
  { email: "rafael.souza@demo.test", name: "Rafael Souza", zone: "America/Sao_Paulo", region: "NONE", employment: "full_time", currency: "BRL", rate: BRL, team: "Tier 1 — Americas", skills: { technical: 3, "lang:pt": 5, "lang:en": 3 }, start: "14:00", hours: 8, off: [2, 3] },
  // Europe, Middle East, Africa
  { email: "javier.martin@demo.test", name: "Javier Martín", zone: "Europe/Madrid", region: "NONE", employment: "full_time", currency: "EUR", rate: EUR, team: "Tier 1 — EMEA", skills: { "lang:es": 5, "lang:en": 4, general: 4 }, start: "08:00", hours: 8, off: [6, 7], availability: true },
  { email: "lucia.garcia@demo.test", name: "Lucía García", zone: "Europe/Madrid", region: "NONE", employment: "full_time", currency: "EUR", rate: EUR, team: "Tier 1 — EMEA", skills: { refunds: 4, "lang:es": 5, "lang:fr": 3 }, start: "15:00", hours: 8, off: [1, 2] },
  { email: "lukas.schneider@demo.test", name: "Lukas Schneider", zone: "Europe/Berlin", region: "NONE", employment: "full_time", currency: "EUR", rate: EUR, team: "Tier 1 — EMEA", skills: { technical: 5, "lang:de": 5, "lang:en": 4 }, start: "07:00", hours: 8, off: [7, 1], availability: true },
  { email: "anna.mueller@demo.test", name: "Anna Müller", zone: "Europe/Berlin", region: "NONE", employment: "part_time", currency: "EUR", rate: EUR, team: "Billing specialists", skills: { billing: 4, "lang:de": 5 }, start: "09:00", hours: 6, off: [3, 6, 7], shiftSkill: "billing", availability: true },
  { email: "camille.dubois@demo.test", name: "Camille Dubois", zone: "Europe/Paris", region: "NONE", employment: "full_time", currency: "EUR", rate: EUR, team: "Tier 1 — EMEA", skills: { "lang:fr": 5, "lang:en": 4, general: 3 }, start: "09:00", hours: 8, off: [4, 5] },
  { email: "thomas.laurent@demo.test", name: "Thomas Laurent", zone: "Europe/Paris", region: "NONE", employment: "full_time", currency: "EUR", rate: EUR, team: "Tier 1 — EMEA", skills: { technical: 3, "lang:fr": 5 }, start: "16:00", hours: 8, off: [3, 4] },
  { email: "chinedu.okeke@demo.test", name: "Chinedu Okeke", zone: "Africa/Lagos", region: "NONE", employment: "full_time", currency: "NGN", rate: NGN, team: "Tier 1 — EMEA", skills: { "lang:en": 5, general: 4, refunds: 3 }, start: "08:00", hours: 8, off: [2, 3] },
  { email: "amara.nwosu@demo.test", name: "Amara Nwosu", zone: "Africa/Lagos", region: "NONE", employment: "full_time", currency: "NGN", rate: NGN, team: "Tier 1 — EMEA", skills: { "lang:en": 5, technical: 3, general: 3 }, start: "21:00", hours: 8, off: [6, 7], availability: true },
  // Asia-Pacific
  { email: "maria.santos@demo.test", name: "Maria Santos", zone: "Asia/Manila", region: "NONE", employment: "full_time", currency: "PHP", rate: PHP, team: "Tier 1 — APAC", skills: { "lang:tl": 5, "lang:en": 5, general: 4 }, start: "07:00", hours: 8, off: [1, 2], availability: true },
  { email: "jose.reyes@demo.test", name: "Jose Reyes", zone: "Asia/Manila", region: "NONE", employment: "full_time", currency: "PHP", rate: PHP, team: "Tier 1 — APAC", skills: { "lang:tl": 5, "lang:en": 4, billing: 3 }, start: "15:00", hours: 8, off: [4, 5] },
  { email: "angelica.cruz@demo.test", name: "Angelica Cruz", zone: "Asia/Manila", region: "NONE", employment: "full_time", currency: "PHP", rate: PHP, team: "Tier 1 — APAC", skills: { "lang:en": 5, "lang:tl": 5, refunds: 3 }, start: "22:00", hours: 8, off: [7, 1], availability: true },
  { email: "priya.sharma@demo.test", name: "Priya Sharma", zone: "Asia/Kolkata", region: "NONE", employment: "full_time", currency: "INR", rate: INR, team: "Tier 1 — APAC", skills: { "lang:hi": 5, "lang:en": 5, technical: 4 }, start: "09:00", hours: 8, off: [6, 7], availability: true },
  { email: "rahul.verma@demo.test", name: "Rahul Verma", zone: "Asia/Kolkata", region: "NONE", employment: "full_time", currency: "INR", rate: INR, team: "Billing specialists", skills: { billing: 4, "lang:hi": 5, "lang:en": 4 }, start: "17:00", hours: 8, off: [3, 4], shiftSkill: "billing" },
  { email: "yuki.tanaka@demo.test", name: "Yuki Tanaka", zone: "Asia/Tokyo", region: "NONE", employment: "contractor", currency: "USD", rate: USD, team: "Tier 1 — APAC", skills: { technical: 4, "lang:en": 4 }, start: "09:00", hours: 8, off: [3, 4], availability: true },
];

/** agent@demo.test: his shift times are chosen at seed time so that he is on shift when the demo starts. */
const ARJUN = {
  email: "agent@demo.test",
  zone: "Asia/Kolkata",
  region: "NONE" as LaborRegion,
  employment: "full_time" as EmploymentType,
  currency: "INR",
  rate: INR,
  team: "Tier 1 — APAC" as TeamName,
  skills: { general: 4, billing: 3, "lang:en": 5, "lang:hi": 5 } as Partial<Record<SkillCode, number>>,
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SCHEDULE_DAYS = 21; // three weeks back and three ahead
const BREAK_MINUTES = 30;

/** Mulberry32: a small seeded PRNG, so the demo is the same on every machine. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function addLocalDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function addToClock(time: string, hours: number): string {
  const [h, m] = time.split(":").map(Number) as [number, number];
  const minutes = (((h * 60 + m + Math.round(hours * 60)) % 1440) + 1440) % 1440;
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** Local wall-clock "HH:MM" of an instant, rounded down to the half hour. */
function localClockFloor30(instant: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(instant);
  const h = parts.find((p) => p.type === "hour")!.value;
  const m = Number(parts.find((p) => p.type === "minute")!.value);
  return `${h}:${m < 30 ? "00" : "30"}`;
}

interface PlannedShift {
  agentKey: string;
  startsAt: Date;
  endsAt: Date;
  skill: SkillCode | null;
}

/** The usual shift on each working day from three weeks back to three weeks ahead, in the agent's zone. */
function planShifts(
  agentKey: string,
  plan: { zone: string; start: string; hours: number; off: number[]; shiftSkill?: SkillCode },
  today: string,
): PlannedShift[] {
  const end = addToClock(plan.start, plan.hours);
  const shifts: PlannedShift[] = [];
  for (let offset = -SCHEDULE_DAYS; offset <= SCHEDULE_DAYS; offset++) {
    const date = addLocalDays(today, offset);
    if (plan.off.includes(isoWeekday(date))) continue;
    const { startsAt, endsAt } = localShiftInstants(date, plan.start, end, plan.zone);
    shifts.push({ agentKey, startsAt, endsAt, skill: plan.shiftSkill ?? null });
  }
  return shifts;
}

export interface SeedSummary extends DemoCustomerSummary, DemoSupportSummary, DemoQualitySummary {
  usersCreated: number;
  agentsCreated: number;
  shiftsCreated: number;
  openShiftsCreated: number;
  timeOffRequestsCreated: number;
  availabilitySlotsCreated: number;
}

/**
 * Fills an empty (or demo) database with the demo data, relative to `now`:
 * the five logins, teams and skills, 24 agents round the world with six weeks
 * of shifts, open shifts, time off and availability. Deterministic (seeded
 * PRNG). Safe to re-run: what exists is left as it is — an agent's schedule is
 * seeded only together with their agent record. Refuses a database that holds
 * real users, so demo logins never appear next to real ones. The caller runs
 * it in a transaction.
 */
export async function seedDemo(db: Kysely<Database>, now: Date = new Date()): Promise<SeedSummary> {
  const { real } = await countUsers(db);
  if (real > 0) {
    throw new SeedRefusedError(
      `Refusing to seed demo data: this database holds ${real} real user${real === 1 ? "" : "s"}. ` +
        "The demo seed only runs on an empty or demo database.",
    );
  }
  const summary: SeedSummary = {
    usersCreated: 0,
    agentsCreated: 0,
    shiftsCreated: 0,
    openShiftsCreated: 0,
    timeOffRequestsCreated: 0,
    availabilitySlotsCreated: 0,
    customersCreated: 0,
    contactsCreated: 0,
    casesCreated: 0,
    notesCreated: 0,
    fieldChangesCreated: 0,
    interactionsCreated: 0,
    handoffsCreated: 0,
    qaCriteriaCreated: 0,
    scorecardsCreated: 0,
    historicHandoffsCreated: 0,
  };
  const random = prng(20261125);

  // Users: hashed once (argon2id is slow on purpose), audited as createUser would.
  const people = [...DEMO_USERS, ...DEMO_AGENTS.map((a) => ({ email: a.email, name: a.name, role: "agent" as const }))];
  const existing = new Set((await db.selectFrom("users").select("email").execute()).map((u) => u.email.toLowerCase()));
  const missing = people.filter((p) => !existing.has(p.email));
  if (missing.length) {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const created = await db
      .insertInto("users")
      .values(missing.map((p) => ({ email: p.email, name: p.name, role: p.role, password_hash: passwordHash, is_demo: true })))
      .onConflict((oc) => oc.column("email").doNothing())
      .returning(["id", "email", "name", "role"])
      .execute();
    for (const u of created) {
      await recordAudit(db, SEED_ACTOR, {
        action: "user.created",
        entityType: "user",
        entityId: u.id,
        after: { email: u.email, name: u.name, role: u.role, disabled: false },
      });
    }
    summary.usersCreated = created.length;
  }

  const users = await db
    .selectFrom("users")
    .leftJoin("agents", "agents.user_id", "users.id")
    .select(["users.id", "users.email", "agents.id as agentId"])
    .where("users.email", "in", people.map((p) => p.email))
    .execute();
  const userByEmail = new Map(users.map((u) => [u.email.toLowerCase(), u]));
  const needsAgent = (email: string) => {
    const u = userByEmail.get(email);
    return u !== undefined && u.agentId === null;
  };
  const arjunIsNew = needsAgent(ARJUN.email);
  const newAgents = DEMO_AGENTS.filter((a) => needsAgent(a.email));
  if (!arjunIsNew && newAgents.length === 0) return Object.assign(summary, await seedDemoCustomers(db, now), await seedDemoSupport(db, now), await seedDemoQuality(db, now));

  // Teams and skills: the missing ones only.
  await db
    .insertInto("teams")
    .values(DEMO_TEAMS.map((name) => ({ name })))
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  await db
    .insertInto("skills")
    .values(DEMO_SKILLS.map((s) => ({ ...s })))
    .onConflict((oc) => oc.column("code").doNothing())
    .execute();
  const teamId = new Map((await db.selectFrom("teams").select(["id", "name"]).execute()).map((t) => [t.name, t.id]));
  const skillId = new Map((await db.selectFrom("skills").select(["id", "code"]).execute()).map((s) => [s.code, s.id]));
  const planner = userByEmail.get("planner@demo.test")?.id ?? null;
  const supervisor = userByEmail.get("supervisor@demo.test")?.id ?? null;
  // The demo supervisor leads every demo team still without one, so the demo's pending time off is theirs to decide.
  if (supervisor) {
    await db
      .updateTable("teams")
      .set({ supervisor_user_id: supervisor })
      .where("name", "in", [...DEMO_TEAMS])
      .where("supervisor_user_id", "is", null)
      .execute();
  }

  // Agents, through the domain service (validation of dates, audit).
  const agentIdByEmail = new Map<string, string>();
  let employeeNumber = 1000;
  const addAgent = async (email: string, spec: Omit<DemoAgent, "email" | "name" | "start" | "hours" | "off">) => {
    const number = employeeNumber++;
    const rate = spec.rate[0] + Math.round((random() * (spec.rate[1] - spec.rate[0])) / 50) * 50;
    const daysAgo = 90 + Math.floor(random() * 1400);
    const hours = spec.employment === "part_time" ? (random() < 0.5 ? 20 : 24) : 40;
    const levels = Object.entries(spec.skills) as [SkillCode, number][];
    if (!needsAgent(email)) return;
    const agent = await createAgent(db, SEED_ACTOR, {
      userId: userByEmail.get(email)!.id,
      employeeNumber: `FL-${number}`,
      timeZone: spec.zone,
      laborRegion: spec.region,
      employmentType: spec.employment,
      contractHoursPerWeek: hours,
      hourlyRateCents: rate,
      currency: spec.currency,
      teamId: teamId.get(spec.team) ?? null,
      hireDate: localDateOf(new Date(now.getTime() - daysAgo * DAY), spec.zone),
      terminationDate: null,
      skills: levels.map(([code, level]) => ({ skillId: skillId.get(code)!, level })),
    });
    agentIdByEmail.set(email, agent.id);
    summary.agentsCreated++;
  };
  // Every agent draws from the PRNG whether or not they are created, so numbers stay stable.
  await addAgent(ARJUN.email, ARJUN);
  for (const spec of DEMO_AGENTS) await addAgent(spec.email, spec);

  // Arjun is on shift as the demo starts: his shift began up to 2½ hours ago, and his days off are later in the week.
  const arjunStart = localClockFloor30(new Date(now.getTime() - 2 * HOUR), ARJUN.zone);
  const arjunShiftDate = localDateOf(new Date(now.getTime() - 2 * HOUR), ARJUN.zone);
  const arjunOff = [2, 3].map((d) => isoWeekday(addLocalDays(arjunShiftDate, d)));
  const arjunPlan = { zone: ARJUN.zone, start: arjunStart, hours: 8, off: arjunOff };

  const planned: PlannedShift[] = [];
  if (agentIdByEmail.has(ARJUN.email)) planned.push(...planShifts(ARJUN.email, arjunPlan, arjunShiftDate));
  for (const spec of DEMO_AGENTS) {
    if (agentIdByEmail.has(spec.email)) planned.push(...planShifts(spec.email, spec, localDateOf(now, spec.zone)));
  }

  // Time off: whole local days. Approved time off holds no shift (the planner moved them).
  const specByEmail = new Map<string, { zone: string }>([[ARJUN.email, ARJUN], ...DEMO_AGENTS.map((a) => [a.email, a] as const)]);
  const timeOff: {
    email: string;
    from: number;
    days: number;
    reason: string;
    status: "pending" | "approved" | "rejected";
    requestedDaysAgo: number;
    note?: string;
  }[] = [
    { email: "lucia.garcia@demo.test", from: 10, days: 2, reason: "Family wedding in Seville", status: "pending", requestedDaysAgo: 2 },
    { email: "jose.reyes@demo.test", from: 5, days: 1, reason: "Medical appointment", status: "pending", requestedDaysAgo: 1 },
    { email: ARJUN.email, from: 24, days: 3, reason: "Visiting family in Pune", status: "pending", requestedDaysAgo: 0 },
    { email: "camille.dubois@demo.test", from: 6, days: 5, reason: "Annual leave", status: "approved", requestedDaysAgo: 12, note: "Enjoy! Shifts reassigned." },
    { email: "chinedu.okeke@demo.test", from: -12, days: 3, reason: "Sick leave", status: "approved", requestedDaysAgo: 12, note: "Get well soon." },
    { email: "thomas.laurent@demo.test", from: 3, days: 1, reason: "Concert in Lyon", status: "rejected", requestedDaysAgo: 4, note: "We are short on French cover that day; could you pick another date?" },
  ];
  const timeOffRows = timeOff
    .filter((t) => agentIdByEmail.has(t.email))
    .map((t) => {
      const zone = specByEmail.get(t.email)!.zone;
      const first = addLocalDays(localDateOf(now, zone), t.from);
      const requestedAt = new Date(now.getTime() - t.requestedDaysAgo * DAY - 3 * HOUR);
      return {
        agent_id: agentIdByEmail.get(t.email)!,
        starts_at: startOfLocalDate(first, zone),
        ends_at: startOfLocalDate(nextLocalDate(addLocalDays(first, t.days - 1)), zone),
        reason: t.reason,
        status: t.status,
        decided_by: t.status === "pending" ? null : supervisor,
        decided_at: t.status === "pending" ? null : new Date(requestedAt.getTime() + DAY),
        decision_note: t.note ?? null,
        created_at: requestedAt,
        email: t.email,
      };
    });
  const approved = timeOffRows.filter((t) => t.status === "approved");
  const shifts = planned.filter(
    (s) => !approved.some((t) => t.email === s.agentKey && s.startsAt < t.ends_at && t.starts_at < s.endsAt),
  );

  for (let i = 0; i < shifts.length; i += 500) {
    await db
      .insertInto("shifts")
      .values(
        shifts.slice(i, i + 500).map((s) => ({
          agent_id: agentIdByEmail.get(s.agentKey)!,
          starts_at: s.startsAt,
          ends_at: s.endsAt,
          skill_id: s.skill ? skillId.get(s.skill)! : null,
          break_minutes: BREAK_MINUTES,
          status: "scheduled" as const,
          created_by: planner,
        })),
      )
      .execute();
  }
  summary.shiftsCreated = shifts.length;

  if (timeOffRows.length) {
    await db
      .insertInto("time_off_requests")
      .values(timeOffRows.map(({ email: _email, ...row }) => row))
      .execute();
    summary.timeOffRequestsCreated = timeOffRows.length;
  }

  // Open shifts in the coming two weeks. Three fall on Arjun's days off at his usual hours
  // and need skills he has, so he can claim them; the others need other skills or zones.
  if (agentIdByEmail.has(ARJUN.email)) {
    const arjunEnd = addToClock(arjunStart, 8);
    const open: { zone: string; date: string; start: string; end: string; skill: SkillCode | null; note: string }[] = [
      { zone: ARJUN.zone, date: addLocalDays(arjunShiftDate, 2), start: arjunStart, end: arjunEnd, skill: "billing", note: "Billing backlog after the price change" },
      { zone: ARJUN.zone, date: addLocalDays(arjunShiftDate, 9), start: arjunStart, end: arjunEnd, skill: "lang:hi", note: "Hindi queue cover" },
      { zone: ARJUN.zone, date: addLocalDays(arjunShiftDate, 10), start: arjunStart, end: arjunEnd, skill: "general", note: "Extra cover for the weekend sale" },
    ];
    const elsewhere: [string, number, string, string, SkillCode, string][] = [
      ["America/New_York", 1, "09:00", "17:00", "lang:es", "Spanish queue is running long"],
      ["Europe/Berlin", 2, "08:00", "16:00", "lang:de", "German cover while Lukas trains new hires"],
      ["Europe/Paris", 3, "12:00", "20:00", "lang:fr", "French cover"],
      ["Asia/Manila", 4, "22:00", "06:00", "refunds", "Night refunds queue"],
      ["America/Sao_Paulo", 5, "09:00", "17:00", "lang:pt", "Portuguese launch support"],
      ["America/Chicago", 6, "10:00", "18:00", "technical", "Release day: extra technical cover"],
      ["Europe/Madrid", 8, "09:00", "17:00", "refunds", "Refunds cover"],
      ["Asia/Manila", 11, "08:00", "16:00", "lang:tl", "Tagalog cover"],
      ["America/Los_Angeles", 13, "12:00", "20:00", "technical", "Technical cover"],
    ];
    for (const [zone, days, start, end, skill, note] of elsewhere) {
      open.push({ zone, date: addLocalDays(localDateOf(now, zone), days), start, end, skill, note });
    }
    await db
      .insertInto("shifts")
      .values(
        open.map((o) => {
          const { startsAt, endsAt } = localShiftInstants(o.date, o.start, o.end, o.zone);
          return {
            agent_id: null,
            starts_at: startsAt,
            ends_at: endsAt,
            skill_id: o.skill ? skillId.get(o.skill)! : null,
            break_minutes: BREAK_MINUTES,
            status: "open" as const,
            note: o.note,
            created_by: planner,
          };
        }),
      )
      .execute();
    summary.openShiftsCreated = open.length;
  }

  // Weekly availability (local times) around the usual hours of some agents; a night's slot ends the next day.
  const slots = DEMO_AGENTS.filter((a) => a.availability && agentIdByEmail.has(a.email)).flatMap((a) => {
    const from = addToClock(a.start, -1);
    const to = addToClock(a.start, a.hours + 1);
    return [1, 2, 3, 4, 5, 6, 7]
      .filter((weekday) => !a.off.includes(weekday))
      .map((weekday) => ({ agent_id: agentIdByEmail.get(a.email)!, weekday, start_time: from, end_time: to }));
  });
  if (agentIdByEmail.has(ARJUN.email)) {
    // His hours depend on when the seed runs; a night is one slot ending the next day.
    const agent_id = agentIdByEmail.get(ARJUN.email)!;
    const end = addToClock(arjunStart, 8);
    for (const weekday of [1, 2, 3, 4, 5, 6, 7].filter((d) => !arjunOff.includes(d))) {
      slots.push({ agent_id, weekday, start_time: arjunStart, end_time: end });
    }
  }
  if (slots.length) {
    await db.insertInto("availability").values(slots).execute();
    summary.availabilitySlotsCreated = slots.length;
  }

  // Customers last: their cases are owned by the agents made above; then support history over the shifts.
  Object.assign(summary, await seedDemoCustomers(db, now));
  return Object.assign(summary, await seedDemoSupport(db, now), await seedDemoQuality(db, now));
}
