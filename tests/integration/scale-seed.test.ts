import { spawn } from "node:child_process";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertScaleSeedAllowed,
  parseScaleSize,
  SCALE_PLANNER_EMAIL,
  SCALE_SHIFT_STARTS,
  SCALE_SIZES,
  scaleUuidSql,
  seedScale,
  seedScaleInteractions,
  type ScaleSize,
} from "../../db/scale-seed";
import { seedDemo } from "../../db/seed";
import { searchCustomers } from "../../server/crm/customer-search";
import { createAgent, createSkill } from "../../server/workforce/agents.service";
import { formatLocal, localShiftInstants, workweekOf } from "../../server/workforce/local-time";
import { makeUser } from "../setup/fixtures";
import { dbKind, freshDatabase, type TestDatabase } from "../setup/test-db";

// A Wednesday; the United States move their clocks on Sunday 8 March, inside the seeded weeks.
const NOW = new Date("2026-03-04T15:00:00Z");
const TINY: ScaleSize = {
  name: "tiny", agents: 12, teams: 3, weeksBack: 1, weeksAhead: 2, openShifts: 5,
  customers: 400, contacts: 300, cases: 900, notes: 120, interactions: 3000,
};
const WEEKS = TINY.weeksBack + TINY.weeksAhead;
const SYSTEM = { id: null, label: "test", ip: null };

let h: TestDatabase;
beforeAll(async () => {
  h = await freshDatabase();
});
afterAll(() => h.close());

const seed = (size: ScaleSize = TINY) => h.db.transaction().execute((trx) => seedScale(trx, { size, now: NOW }));

async function count(query: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`${sql.raw(query)}`.execute(h.db);
  return Number(rows[0]!.n);
}

const scaleUsers = () => count("SELECT count(*) AS n FROM users WHERE email LIKE '%@scale.test'");
const scaleShifts = () =>
  count("SELECT count(*) AS n FROM shifts WHERE agent_id IN (SELECT a.id FROM agents a JOIN users u ON u.id = a.user_id WHERE u.email LIKE '%@scale.test')");

const plannerId = () => h.db.selectFrom("users").select("id").where("email", "=", SCALE_PLANNER_EMAIL);

/** Everything a run generates, in a stable order: the same size and week must give the same data. */
async function fingerprint(): Promise<string> {
  const { rows } = await sql`
    SELECT u.email, u.name, a.employee_number, a.time_zone, a.employment_type, a.hourly_rate_cents, t.name AS team,
           (SELECT string_agg(sk.code || ':' || s.level, ',' ORDER BY sk.code) FROM agent_skills s JOIN skills sk ON sk.id = s.skill_id WHERE s.agent_id = a.id) AS skills,
           (SELECT string_agg(to_char(sh.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), ',' ORDER BY sh.starts_at) FROM shifts sh WHERE sh.agent_id = a.id) AS shifts
      FROM agents a JOIN users u ON u.id = a.user_id LEFT JOIN teams t ON t.id = a.team_id
     WHERE u.email LIKE '%@scale.test' ORDER BY a.employee_number`.execute(h.db);
  return JSON.stringify(rows);
}

/** The scale customers and what hangs off them, ids included (the same on every run). */
async function crmFingerprint(): Promise<string> {
  const { rows } = await sql`
    SELECT c.id, c.name, c.email, c.phone, c.external_id, c.archived_at,
           (SELECT count(*) FROM contacts ct WHERE ct.customer_id = c.id) AS contacts,
           (SELECT string_agg(k.case_number || k.status || coalesce(k.contact_id::text, ''), ',' ORDER BY k.case_number) FROM cases k WHERE k.customer_id = c.id) AS cases,
           (SELECT count(*) FROM customer_notes n WHERE n.customer_id = c.id) AS notes,
           (SELECT string_agg(t.token, ',' ORDER BY t.token) FROM customer_name_tokens t WHERE t.customer_id = c.id) AS tokens
      FROM customers c WHERE c.created_by IN (SELECT id FROM users WHERE email = ${SCALE_PLANNER_EMAIL}) ORDER BY c.id`.execute(h.db);
  return JSON.stringify(rows);
}

/** The scale interactions with what they link to by stable keys (shift ids change on every run; their times do not). */
async function interactionsFingerprint(): Promise<string> {
  const { rows } = await sql`
    SELECT i.id, i.customer_id, a.employee_number, sh.starts_at AS shift_start, i.off_shift, i.channel, i.direction, i.started_at, i.ended_at,
           i.subject, i.summary, i.outcome, i.case_id, i.csat, i.reviewed_at
      FROM interactions i JOIN agents a ON a.id = i.agent_id JOIN users u ON u.id = a.user_id LEFT JOIN shifts sh ON sh.id = i.shift_id
     WHERE u.email LIKE '%@scale.test' ORDER BY i.id`.execute(h.db);
  return JSON.stringify(rows);
}

/**
 * The schema as the catalogs describe it: every index, key, check and foreign key (validated or
 * not), trigger (enabled or not) and column. The seed drops and rebuilds indexes and constraints
 * while it loads; afterwards this must read exactly as the migrations left it.
 */
async function schemaFingerprint(): Promise<string> {
  const { rows } = await sql<{ line: string }>`
    SELECT 'index ' || tablename || '.' || indexname || ': ' || indexdef AS line FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL
    SELECT 'index state ' || x.indexrelid::regclass || ': ' || x.indisvalid || x.indisready || x.indisclustered || x.indisreplident
      FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid WHERE c.relnamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'constraint ' || conrelid::regclass || '.' || conname || ': ' || pg_get_constraintdef(oid) || ' validated ' || convalidated
           || ' deferrable ' || condeferrable || condeferred
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'trigger ' || tgrelid::regclass || '.' || tgname || ': ' || pg_get_triggerdef(t.oid) || ' enabled ' || tgenabled::text
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT tgisinternal AND c.relnamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'column ' || attrelid::regclass || '.' || attname || ': ' || format_type(atttypid, atttypmod) || ' not null ' || attnotnull
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY 1`.execute(h.db);
  return rows.map((r) => r.line).join("\n");
}

/** Every row that is not scale data (skills included: the seed reuses them, never changes them). */
let skillsBefore: string[] = [];
async function everythingElse(): Promise<string> {
  if (!skillsBefore.length) skillsBefore = (await h.db.selectFrom("skills").select("id").execute()).map((s) => s.id);
  const scaleUser = sql`(SELECT id FROM users WHERE email LIKE '%@scale.test')`;
  const scaleAgent = sql`(SELECT id FROM agents WHERE user_id IN ${scaleUser})`;
  const tables = await Promise.all([
    sql`SELECT * FROM users WHERE id NOT IN ${scaleUser} ORDER BY id`.execute(h.db),
    sql`SELECT * FROM agents WHERE id NOT IN ${scaleAgent} ORDER BY id`.execute(h.db),
    sql`SELECT * FROM agent_skills WHERE agent_id NOT IN ${scaleAgent} ORDER BY agent_id, skill_id`.execute(h.db),
    sql`SELECT * FROM shifts WHERE agent_id NOT IN ${scaleAgent} OR (agent_id IS NULL AND created_by NOT IN ${scaleUser}) ORDER BY id`.execute(h.db),
    sql`SELECT * FROM teams WHERE name NOT LIKE '% [scale]' ORDER BY id`.execute(h.db),
    sql`SELECT * FROM skills WHERE id IN (${sql.join(skillsBefore)}) ORDER BY id`.execute(h.db),
    sql`SELECT * FROM time_off_requests WHERE agent_id NOT IN ${scaleAgent} ORDER BY id`.execute(h.db),
    sql`SELECT * FROM interactions WHERE agent_id IS NULL OR agent_id NOT IN ${scaleAgent} ORDER BY id`.execute(h.db),
  ]);
  return JSON.stringify(tables.map((t) => t.rows));
}

/** A shift of a non-scale agent (the demo seed may make its own; this one is certain). */
async function makeDemoShift() {
  const demoUser = await makeUser(h.db, "agent", { email: "not-scale@example.com" });
  await h.db.updateTable("users").set({ is_demo: true }).where("id", "=", demoUser.id).execute();
  const agent = await createAgent(h.db, SYSTEM, {
    userId: demoUser.id,
    employeeNumber: "D-1",
    timeZone: "Europe/Lisbon",
    laborRegion: "NONE",
    employmentType: "full_time",
    contractHoursPerWeek: 40,
    hourlyRateCents: 1500,
    currency: "EUR",
    teamId: null,
    hireDate: "2025-01-01",
    terminationDate: null,
    skills: [],
  });
  const { startsAt, endsAt } = localShiftInstants("2026-03-04", "09:00", "17:00", "Europe/Lisbon");
  await h.db.insertInto("shifts").values({ agent_id: agent.id, starts_at: startsAt, ends_at: endsAt, status: "scheduled", break_minutes: 30 }).execute();
}

describe("the scale seed", () => {
  let othersBefore: string;
  let schemaBefore: string;

  it("goes next to the demo data and creates the promised counts", async () => {
    await h.db.transaction().execute((trx) => seedDemo(trx));
    // A skill the seed uses too, made before it.
    if (!(await h.db.selectFrom("skills").select("id").where("code", "=", "lang:es").executeTakeFirst())) {
      await createSkill(h.db, SYSTEM, { code: "lang:es", name: "Spanish", kind: "language" });
    }
    await makeDemoShift();
    await assertScaleSeedAllowed(h.db);
    othersBefore = await everythingElse();
    schemaBefore = await schemaFingerprint();

    const result = await seed();

    expect(result).toMatchObject({ users: TINY.agents + 1, agents: TINY.agents, teams: TINY.teams, openShifts: TINY.openShifts });
    expect(result.fromDate).toBe("2026-02-23");
    expect(result.toDate).toBe("2026-03-15");
    expect(await scaleUsers()).toBe(TINY.agents + 1);
    expect(await count("SELECT count(*) AS n FROM users WHERE email LIKE '%@scale.test' AND role = 'agent' AND is_demo")).toBe(TINY.agents);
    expect(await count(`SELECT count(*) AS n FROM users WHERE email = '${SCALE_PLANNER_EMAIL}' AND role = 'planner'`)).toBe(1);
    expect(await count("SELECT count(*) AS n FROM agents WHERE employee_number ~ '^S[0-9]{6}$'")).toBe(TINY.agents);
    expect(await count("SELECT count(*) AS n FROM teams WHERE name LIKE '% [scale]'")).toBe(TINY.teams);
    expect(await scaleShifts()).toBe(result.shifts);

    // 2–4 skills each, levels 1–5, always a language and a kind of work.
    const skills = await sql<{ n: number; languages: number; work: number; low: number; high: number }>`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE sk.kind = 'language')::int AS languages,
             count(*) FILTER (WHERE sk.kind = 'skill')::int AS work, min(s.level) AS low, max(s.level) AS high
        FROM agents a JOIN users u ON u.id = a.user_id JOIN agent_skills s ON s.agent_id = a.id JOIN skills sk ON sk.id = s.skill_id
       WHERE u.email LIKE '%@scale.test' GROUP BY a.id`.execute(h.db);
    expect(skills.rows).toHaveLength(TINY.agents);
    for (const r of skills.rows) {
      expect(r.n).toBeGreaterThanOrEqual(2);
      expect(r.n).toBeLessThanOrEqual(4);
      expect(r.languages).toBeGreaterThanOrEqual(1);
      expect(r.work).toBeGreaterThanOrEqual(1);
      expect(r.low).toBeGreaterThanOrEqual(1);
      expect(r.high).toBeLessThanOrEqual(5);
    }

    // Open shifts: unassigned, needing a skill, after "now" and within the seeded weeks.
    const open = await h.db.selectFrom("shifts").selectAll().where("status", "=", "open").where("created_by", "in", plannerId()).execute();
    expect(open).toHaveLength(TINY.openShifts);
    for (const s of open) {
      expect(s.agent_id).toBeNull();
      expect(s.skill_id).not.toBeNull();
      expect(new Date(s.starts_at).getTime()).toBeGreaterThan(NOW.getTime());
      expect(new Date(s.starts_at).getTime()).toBeLessThan(Date.parse("2026-03-17T00:00:00Z"));
    }
  });

  it("creates customers, contacts, cases and notes, with the name search tables exact", async () => {
    const mine = `(SELECT id FROM customers WHERE created_by = (SELECT id FROM users WHERE email = '${SCALE_PLANNER_EMAIL}'))`;
    expect(await count(`SELECT count(*) AS n FROM customers WHERE id IN ${mine}`)).toBe(TINY.customers);
    expect(await count(`SELECT count(*) AS n FROM customers WHERE id IN ${mine} AND kind = 'company'`)).toBe(TINY.customers / 5);
    expect(await count(`SELECT count(*) AS n FROM contacts WHERE customer_id IN ${mine}`)).toBe(TINY.contacts);
    expect(await count(`SELECT count(*) AS n FROM cases WHERE customer_id IN ${mine}`)).toBe(TINY.cases);
    expect(await count(`SELECT count(*) AS n FROM customer_notes WHERE customer_id IN ${mine}`)).toBe(TINY.notes);
    // Contacts only at companies; case contacts at the case's customer; owners among the scale agents.
    expect(await count(`SELECT count(*) AS n FROM contacts ct JOIN customers c ON c.id = ct.customer_id WHERE c.kind <> 'company'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM cases k JOIN contacts ct ON ct.id = k.contact_id WHERE ct.customer_id <> k.customer_id`)).toBe(0);
    expect(
      await count(`SELECT count(*) AS n FROM cases k JOIN agents a ON a.id = k.owner_agent_id JOIN users u ON u.id = a.user_id
                    WHERE k.customer_id IN ${mine} AND u.email NOT LIKE '%@scale.test'`),
    ).toBe(0);
    const cases = await sql<{ closed: number; open: number; owned: number; first: Date; last: Date }>`
      SELECT count(*) FILTER (WHERE status = 'closed')::int AS closed, count(*) FILTER (WHERE status <> 'closed')::int AS open,
             count(owner_agent_id)::int AS owned, min(opened_at) AS first, max(opened_at) AS last
        FROM cases WHERE case_number LIKE 'S-%'`.execute(h.db);
    const c = cases.rows[0]!;
    expect(c.closed).toBeGreaterThan(TINY.cases * 0.6);
    expect(c.open).toBeGreaterThan(0);
    expect(c.owned).toBeGreaterThan(TINY.cases * 0.8);
    expect(new Date(c.first).getTime()).toBeGreaterThanOrEqual(NOW.getTime() - 366 * 86_400_000);
    expect(new Date(c.last).getTime()).toBeLessThanOrEqual(NOW.getTime());
    // Many countries, some accents, E.164 phones (the column's check), emails, some external ids.
    expect(await count(`SELECT count(DISTINCT country) AS n FROM customers WHERE id IN ${mine}`)).toBeGreaterThanOrEqual(10);
    expect(await count(`SELECT count(*) AS n FROM customers WHERE id IN ${mine} AND name <> customer_search_fold(name) AND octet_length(name) > char_length(name)`)).toBeGreaterThan(10);
    expect(await count(`SELECT count(*) AS n FROM customers WHERE id IN ${mine} AND email LIKE '%@%.%'`)).toBeGreaterThan(TINY.customers / 2);
    expect(await count(`SELECT count(*) AS n FROM customers WHERE id IN ${mine} AND phone ~ '^[+][1-9][0-9]{6,14}$'`)).toBeGreaterThan(TINY.customers / 2);
    expect(await count(`SELECT count(*) AS n FROM customers WHERE id IN ${mine} AND external_id ~ '^[0-9A-Za-z]{18}$'`)).toBeGreaterThan(0);
    // Built in bulk with the triggers off: the same words and counts the triggers would keep, and the triggers back on.
    expect(
      await count(`SELECT count(*) AS n FROM (
        SELECT k, c.id FROM customers c CROSS JOIN LATERAL unnest(customer_search_keys(c.name)) AS k WHERE c.merged_into_id IS NULL AND c.erased_at IS NULL
        EXCEPT SELECT token, customer_id FROM customer_name_tokens) missing`),
    ).toBe(0);
    expect(
      await count(`SELECT count(*) AS n FROM (
        SELECT k AS token, count(*)::int AS customers FROM customers c CROSS JOIN LATERAL unnest(customer_search_words(c.name)) AS k
         WHERE c.merged_into_id IS NULL AND c.erased_at IS NULL GROUP BY k
        EXCEPT SELECT token, customers FROM name_vocabulary) wrong`),
    ).toBe(0);
    expect(
      await count(`SELECT count(*) AS n FROM pg_trigger WHERE tgrelid = 'customers'::regclass AND tgname LIKE 'customers_sync_name_tokens%' AND tgenabled = 'O'`),
    ).toBe(3);
    const someone = await h.db.selectFrom("customers").select(["id", "name"]).where("kind", "=", "person").where("created_by", "in", plannerId()).executeTakeFirstOrThrow();
    const found = await searchCustomers(h.db, { q: someone.name, limit: 50 });
    expect(found.items.map((i) => i.id)).toContain(someone.id);
  });

  it("links every interaction to a scale customer and to a shift of its own agent that covers its start, a few off shift", async () => {
    const scaleAgent = "(SELECT a.id FROM agents a JOIN users u ON u.id = a.user_id WHERE u.email LIKE '%@scale.test')";
    const mine = `(SELECT id FROM customers WHERE created_by = (SELECT id FROM users WHERE email = '${SCALE_PLANNER_EMAIL}'))`;
    const seeded = `(SELECT * FROM interactions WHERE agent_id IN ${scaleAgent})`;
    expect(await count(`SELECT count(*) AS n FROM ${seeded} i`)).toBe(TINY.interactions);
    expect(await count(`SELECT count(*) AS n FROM ${seeded} i WHERE i.customer_id NOT IN ${mine}`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM ${seeded} i WHERE i.source <> 'agent' OR i.started_at > '${NOW.toISOString()}' OR i.ended_at > '${NOW.toISOString()}'`)).toBe(0);
    // On shift: the shift is the agent's own, scheduled, and covers the start (as the service's shiftCovering has it).
    const onShift = await count(`SELECT count(*) AS n FROM ${seeded} i WHERE NOT i.off_shift`);
    expect(
      await count(`SELECT count(*) AS n FROM ${seeded} i JOIN shifts sh ON sh.id = i.shift_id
                    WHERE sh.agent_id = i.agent_id AND sh.status = 'scheduled' AND sh.starts_at <= i.started_at AND sh.ends_at > i.started_at`),
    ).toBe(onShift);
    // Off shift: no shift linked, and none of the agent's scheduled shifts covers the start.
    const offShift = await count(`SELECT count(*) AS n FROM ${seeded} i WHERE i.off_shift AND i.shift_id IS NULL`);
    expect(await count(`SELECT count(*) AS n FROM ${seeded} i WHERE i.off_shift`)).toBe(offShift);
    expect(offShift).toBeGreaterThan(TINY.interactions * 0.01);
    expect(offShift).toBeLessThan(TINY.interactions * 0.06);
    expect(
      await count(`SELECT count(*) AS n FROM ${seeded} i JOIN shifts sh ON sh.agent_id = i.agent_id AND sh.status = 'scheduled'
                    AND sh.starts_at <= i.started_at AND sh.ends_at > i.started_at WHERE i.off_shift`),
    ).toBe(0);
    // Logged by the agent's user; 3–15 minutes; a case only of the same customer; csat 1–5 on some.
    expect(await count(`SELECT count(*) AS n FROM ${seeded} i JOIN agents a ON a.id = i.agent_id WHERE i.created_by IS DISTINCT FROM a.user_id`)).toBe(0);
    expect(
      await count(`SELECT count(*) AS n FROM ${seeded} i WHERE i.ended_at < i.started_at + interval '3 minutes' OR i.ended_at >= i.started_at + interval '15 minutes'`),
    ).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM ${seeded} i JOIN cases k ON k.id = i.case_id WHERE k.customer_id <> i.customer_id`)).toBe(0);
    const mix = await sql<{ channels: number; inbound: number; cases: number; csat: number; outcomes: number; reviewed: number }>`
      SELECT count(DISTINCT channel)::int AS channels, count(*) FILTER (WHERE direction = 'inbound')::int AS inbound,
             count(case_id)::int AS cases, count(csat)::int AS csat, count(DISTINCT outcome)::int AS outcomes,
             count(reviewed_at)::int AS reviewed
        FROM interactions WHERE agent_id IN (SELECT a.id FROM agents a JOIN users u ON u.id = a.user_id WHERE u.email LIKE '%@scale.test')`.execute(h.db);
    const m = mix.rows[0]!;
    expect(m.channels).toBe(4);
    expect(m.outcomes).toBe(3);
    expect(m.inbound).toBeGreaterThan(TINY.interactions * 0.7);
    expect(m.inbound).toBeLessThan(TINY.interactions * 0.9);
    expect(m.cases).toBeGreaterThan(TINY.interactions * 0.1);
    expect(m.csat).toBeGreaterThan(TINY.interactions * 0.2);
    expect(m.reviewed).toBeLessThan(offShift);
    // The busy hundredth (customers 1 to 4 here) have close to a third of them.
    const busy = await count(
      `SELECT count(*) AS n FROM ${seeded} i WHERE i.customer_id IN (SELECT ${scaleUuidSql("customer", "g")} FROM generate_series(1, ${TINY.customers / 100}) g)`,
    );
    expect(busy).toBeGreaterThan(TINY.interactions * 0.25);
    expect(busy).toBeLessThan(TINY.interactions * 0.4);
  });

  it("gives each agent 4 or 5 shifts in every local week, never overlapping, with a full night's rest", async () => {
    expect(
      await count(`SELECT count(*) AS n FROM shifts a JOIN shifts b
        ON a.agent_id = b.agent_id AND a.id < b.id AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at`),
    ).toBe(0);
    const rest = await sql<{ hours: number }>`
      SELECT min(extract(epoch FROM starts_at - previous_end) / 3600)::float AS hours FROM (
        SELECT starts_at, lag(ends_at) OVER (PARTITION BY agent_id ORDER BY starts_at) AS previous_end
          FROM shifts WHERE agent_id IS NOT NULL) gaps`.execute(h.db);
    expect(rest.rows[0]!.hours).toBeGreaterThanOrEqual(11);

    const rows = await h.db
      .selectFrom("shifts")
      .innerJoin("agents", "agents.id", "shifts.agent_id")
      .innerJoin("users", "users.id", "agents.user_id")
      .select(["agents.id as agentId", "agents.time_zone as zone", "agents.employment_type as type", "shifts.starts_at", "shifts.break_minutes"])
      .where("users.email", "like", "%@scale.test")
      .execute();
    const perWeek = new Map<string, number>();
    for (const r of rows) {
      const key = `${r.agentId} ${workweekOf(new Date(r.starts_at), r.zone).start.toISOString()}`;
      perWeek.set(key, (perWeek.get(key) ?? 0) + 1);
      expect(r.break_minutes).toBe(30);
    }
    expect(perWeek.size).toBe(TINY.agents * WEEKS);
    const types = new Map(rows.map((r) => [r.agentId, r.type]));
    for (const [key, n] of perWeek) expect(n).toBe(types.get(key.split(" ")[0]!) === "full_time" ? 5 : 4);
  });

  it("places shifts in the agent's own time zone: the same local start all along, across the DST change", async () => {
    const rows = await h.db
      .selectFrom("shifts")
      .innerJoin("agents", "agents.id", "shifts.agent_id")
      .innerJoin("users", "users.id", "agents.user_id")
      .select(["agents.id as agentId", "agents.time_zone as zone", "shifts.starts_at", "shifts.ends_at"])
      .where("users.email", "like", "%@scale.test")
      .execute();
    const starts = new Map<string, Set<string>>();
    const offsets = new Map<string, Set<number>>();
    for (const r of rows) {
      const local = formatLocal(new Date(r.starts_at), r.zone, "HH:mm");
      starts.set(r.agentId, (starts.get(r.agentId) ?? new Set()).add(local));
      const offset = (new Date(r.starts_at).getUTCHours() - Number(local.slice(0, 2)) + 24) % 24;
      offsets.set(r.agentId, (offsets.get(r.agentId) ?? new Set()).add(offset));
      // Eight hours, but a night across a clock change is an hour shorter or longer.
      const hours = (new Date(r.ends_at).getTime() - new Date(r.starts_at).getTime()) / 3_600_000;
      expect([7, 8, 9]).toContain(hours);
    }
    const allowed = SCALE_SHIFT_STARTS.map(([start]) => start);
    for (const set of starts.values()) {
      expect(set.size).toBe(1);
      expect(allowed).toContain([...set][0]);
    }
    // Same local hour, so agents in the United States start at two UTC hours around 8 March; elsewhere at one.
    const zones = new Map(rows.map((r) => [r.agentId, r.zone]));
    for (const [agentId, set] of offsets) expect(set.size).toBe(zones.get(agentId)!.startsWith("America/") && !zones.get(agentId)!.includes("Sao_Paulo") ? 2 : 1);
    expect([...zones.values()]).toContain("America/Los_Angeles");
    expect(new Set(rows.map((r) => r.zone)).size).toBeGreaterThan(1);
  });

  it("re-runs without duplicating: same data, same user ids", async () => {
    const before = await fingerprint();
    const crmBefore = await crmFingerprint();
    const interactionsBefore = await interactionsFingerprint();
    const ids = await h.db.selectFrom("users").select(["id", "email"]).where("email", "like", "%@scale.test").orderBy("email").execute();
    const result = await seed();
    expect(result.replaced.shifts).toBe(result.shifts + result.openShifts);
    expect(await scaleUsers()).toBe(TINY.agents + 1);
    expect(await count("SELECT count(*) AS n FROM teams WHERE name LIKE '% [scale]'")).toBe(TINY.teams);
    expect(await h.db.selectFrom("shifts").select("id").where("status", "=", "open").where("created_by", "in", plannerId()).execute()).toHaveLength(
      TINY.openShifts,
    );
    expect(await fingerprint()).toBe(before);
    expect(await h.db.selectFrom("users").select(["id", "email"]).where("email", "like", "%@scale.test").orderBy("email").execute()).toEqual(ids);
    expect(result.crm.replaced).toBe(TINY.customers);
    expect(await crmFingerprint()).toBe(crmBefore);
    expect(result.interactions).toMatchObject({ replaced: TINY.interactions, interactions: TINY.interactions });
    expect(await interactionsFingerprint()).toBe(interactionsBefore);
  });

  it("re-seeds only the interactions, replacing those agents logged since", async () => {
    const before = await interactionsFingerprint();
    // One more, as a benchmark logging over HTTP would leave, on a scale shift.
    const shift = await h.db
      .selectFrom("shifts")
      .innerJoin("agents", "agents.id", "shifts.agent_id")
      .select(["shifts.id", "shifts.agent_id", "shifts.starts_at", "agents.user_id"])
      .where("shifts.created_by", "in", plannerId())
      .where("shifts.agent_id", "is not", null)
      .where("shifts.starts_at", "<", NOW)
      .executeTakeFirstOrThrow();
    const customer = await h.db.selectFrom("customers").select("id").where("created_by", "in", plannerId()).executeTakeFirstOrThrow();
    await h.db
      .insertInto("interactions")
      .values({ customer_id: customer.id, agent_id: shift.agent_id, shift_id: shift.id, channel: "chat", direction: "inbound", started_at: shift.starts_at, subject: "Extra" })
      .execute();
    const result = await h.db.transaction().execute((trx) => seedScaleInteractions(trx, { size: TINY, now: NOW }));
    expect(result).toMatchObject({ replaced: TINY.interactions + 1, interactions: TINY.interactions });
    expect(result.offShift + result.withCase + result.withCsat).toBeGreaterThan(0);
    expect(await interactionsFingerprint()).toBe(before);
    // It needs the size's customers in place, and says so.
    await expect(h.db.transaction().execute((trx) => seedScaleInteractions(trx, { size: { ...TINY, customers: 401 }, now: NOW }))).rejects.toThrow(
      /need its 401 scale customers; this database has 400/,
    );
  });

  it("shrinks to a smaller size, removing only its own extra rows", async () => {
    const smaller = { ...TINY, name: "smaller", agents: 7, teams: 2, openShifts: 2 };
    const result = await seed(smaller);
    expect(result.replaced.usersRemoved).toBe(TINY.agents - smaller.agents);
    expect(await scaleUsers()).toBe(smaller.agents + 1);
    expect(await count("SELECT count(*) AS n FROM agents WHERE employee_number LIKE 'S%'")).toBe(smaller.agents);
    expect(await count("SELECT count(*) AS n FROM teams WHERE name LIKE '% [scale]'")).toBe(smaller.teams);
    expect(await scaleShifts()).toBe(result.shifts);
  });

  it("leaves the migrated schema exactly as it was: every index, key and foreign key back, validated", async () => {
    const schema = await schemaFingerprint();
    expect(schema).toContain("index customers.customers_custom_idx: CREATE INDEX customers_custom_idx ON public.customers USING gin");
    expect(schema).toContain("constraint cases.cases_case_number_key: UNIQUE (case_number) validated true");
    expect(schema).toContain("constraint interactions.interactions_shift_of_agent: FOREIGN KEY (shift_id, agent_id) REFERENCES shifts(id, agent_id) validated true");
    expect(schema).toContain("constraint customer_name_tokens.customer_name_tokens_pkey: PRIMARY KEY (customer_id, token) validated true");
    expect(schema).toBe(schemaBefore);
  });

  it("restores every index and the earlier data when it fails half-way", async () => {
    const crmBefore = await crmFingerprint();
    const interactionsBefore = await interactionsFingerprint();
    // A case outside the scale data holding the number of the one case more a slightly larger size
    // makes: that load runs with the unique key dropped, and putting the key back refuses the run.
    const customer = await h.db.insertInto("customers").values({ kind: "person", name: "Not Scale" }).returning("id").executeTakeFirstOrThrow();
    const clash = await h.db
      .insertInto("cases")
      .values({ customer_id: customer.id, case_number: `S-${String(TINY.cases + 1).padStart(8, "0")}`, subject: "Clash" })
      .returning("id")
      .executeTakeFirstOrThrow();
    try {
      await expect(seed({ ...TINY, cases: TINY.cases + 1 })).rejects.toThrow(/cases_case_number_key/);
      expect(await schemaFingerprint()).toBe(schemaBefore);
      expect(await crmFingerprint()).toBe(crmBefore);
      expect(await interactionsFingerprint()).toBe(interactionsBefore);
    } finally {
      await h.db.deleteFrom("cases").where("id", "=", clash.id).execute();
      await h.db.deleteFrom("customers").where("id", "=", customer.id).execute();
    }
  });

  it("refuses to run outside a transaction before writing anything", async () => {
    const before = await fingerprint();
    await expect(seedScale(h.db, { size: TINY, now: NOW })).rejects.toThrow(/must run in a transaction/);
    await expect(seedScaleInteractions(h.db, { size: TINY, now: NOW })).rejects.toThrow(/must run in a transaction/);
    expect(await fingerprint()).toBe(before);
  });

  it("leaves everything else as it was", async () => {
    expect(await everythingElse()).toBe(othersBefore);
  });

  it("refuses a database with real users, and says why", async () => {
    await makeUser(h.db, "admin");
    await expect(assertScaleSeedAllowed(h.db)).rejects.toThrow(
      /^Refusing to seed scale data: this database holds 1 real user, and scale users share the password "frontline-scale"/,
    );
  });
});

describe("sizes", () => {
  it("names full and small, takes a multiplier, and refuses anything else", () => {
    expect(parseScaleSize("full")).toEqual(SCALE_SIZES.full);
    expect(parseScaleSize("full")).toMatchObject({ agents: 2000, weeksBack: 8, weeksAhead: 4 });
    expect(parseScaleSize("small").agents).toBe(200);
    expect(parseScaleSize("0.5")).toMatchObject({ agents: 1000, teams: 10, weeksBack: 8, weeksAhead: 4 });
    expect(() => parseScaleSize("huge")).toThrow(/Unknown scale "huge": use full, small or a multiplier/);
    expect(() => parseScaleSize("0")).toThrow(/Unknown scale/);
  });
});

describe.skipIf(dbKind() === "postgres")("npm run cli -- seed --scale", () => {
  it("refuses the embedded database with one clear line", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, FRONTLINE_DATA_DIR: "memory://" };
    delete env.DATABASE_URL;
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", "server/cli.ts", "seed", "--scale", "small"], { env });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (code) => resolve({ code: code ?? -1, stderr }));
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      "error: The scale seed is for benchmarks on PostgreSQL and never runs on the embedded database: set DATABASE_URL.",
    );
  });
});
