import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_AGENTS, seedDemo, type SeedSummary } from "../../db/seed";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { searchCustomers } from "../../server/crm/customer-search";
import { customer360, customerTimeline } from "../../server/crm/timeline.service";
import { checkShiftRules } from "../../server/workforce/schedule-rules";
import { availabilityOverlapMessage } from "../../server/workforce/weekly-availability";
import { claimableShifts, claimOpenShift, loadScheduleRules, onShiftNow } from "../../server/workforce/shifts.service";
import { callerFor } from "../setup/fixtures";
import { routeWaiting } from "../../server/support/routing.service";
import { freshDatabase, type TestDatabase } from "../setup/test-db";

const HOUR = 3_600_000;
// An ordinary instant, not a round hour, so nothing lines up by accident.
const now = new Date(Date.now() - 17 * 60_000);

let h: TestDatabase;
let first: SeedSummary;
let arjunId: string;

beforeAll(async () => {
  h = await freshDatabase();
  first = await h.db.transaction().execute((trx) => seedDemo(trx, now));
  arjunId = (await h.db.selectFrom("users").select("id").where("email", "=", "agent@demo.test").executeTakeFirstOrThrow()).id;
});
afterAll(() => h.close());

describe("the demo seed's workforce", () => {
  it("creates the logins, about two dozen agents, weeks of shifts, open shifts, time off and availability", () => {
    expect(first.usersCreated).toBe(5 + DEMO_AGENTS.length);
    expect(first.agentsCreated).toBe(1 + DEMO_AGENTS.length);
    expect(first.shiftsCreated).toBeGreaterThan(first.agentsCreated * 4 * 5);
    expect(first.openShiftsCreated).toBeGreaterThanOrEqual(10);
    expect(first.timeOffRequestsCreated).toBeGreaterThanOrEqual(5);
    expect(first.availabilitySlotsCreated).toBeGreaterThan(0);
  });

  it("gives some agents weekly availability that saves as is, the night agents' slots ending the next day", async () => {
    const rows = await h.db
      .selectFrom("availability")
      .innerJoin("agents", "agents.id", "availability.agent_id")
      .innerJoin("users", "users.id", "agents.user_id")
      .select(["users.email", "availability.weekday", "availability.start_time", "availability.end_time"])
      .execute();
    const byAgent = new Map<string, typeof rows>();
    for (const r of rows) byAgent.set(r.email, [...(byAgent.get(r.email) ?? []), r]);
    for (const [email, slots] of byAgent) {
      const week = slots.map((r) => ({ weekday: r.weekday, start: r.start_time.slice(0, 5), end: r.end_time.slice(0, 5) }));
      expect(availabilityOverlapMessage(week), email).toBeNull();
      expect(week.some((s) => s.end === "23:59"), `${email} splits a night at midnight`).toBe(false);
    }
    expect(byAgent.get("angelica.cruz@demo.test")?.map((r) => `${r.start_time}–${r.end_time}`)).toContain("21:00:00–07:00:00");
  });

  it("makes agent@demo.test an agent who is on shift right now and has shifts to come", async () => {
    const { caller } = callerFor(h.db, { id: arjunId, email: "agent@demo.test", name: "Arjun Mehta", role: "agent" });
    const me = await caller.agents.me();
    expect(me).toMatchObject({ name: "Arjun Mehta", timeZone: "Asia/Kolkata" });
    expect(me!.skills.length).toBeGreaterThanOrEqual(2);
    const onShift = await onShiftNow(h.db, { at: now });
    expect(onShift.map((a) => a.name)).toContain("Arjun Mehta");
    const upcoming = await h.db
      .selectFrom("shifts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("agent_id", "=", me!.id)
      .where("starts_at", ">", now)
      .executeTakeFirstOrThrow();
    expect(Number(upcoming.n)).toBeGreaterThanOrEqual(10);
  });

  it("offers agent@demo.test at least two open shifts he can claim, and he can", async () => {
    const claimable = await claimableShifts(h.db, arjunId, now);
    expect(claimable.length).toBeGreaterThanOrEqual(2);
    // Open shifts needing skills he lacks exist too, and are not offered to him.
    const open = await h.db.selectFrom("shifts").select("id").where("status", "=", "open").execute();
    expect(open.length).toBeGreaterThan(claimable.length);
    // Claiming really works (rolled back, so the other tests see the seed as it was).
    const actor = { id: arjunId, label: "agent@demo.test", ip: null };
    await expect(
      h.db.transaction().execute(async (trx) => {
        await claimOpenShift(trx, actor, claimable[0]!.id, now);
        await claimOpenShift(trx, actor, claimable[1]!.id, now);
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
  });

  it("has someone on shift at every half hour of the next 24 hours", async () => {
    for (let t = now.getTime(); t < now.getTime() + 24 * HOUR; t += HOUR / 2) {
      const onShift = await onShiftNow(h.db, { at: new Date(t) });
      expect(onShift.length, `nobody on shift at ${new Date(t).toISOString()}`).toBeGreaterThanOrEqual(1);
    }
  });

  it("spreads agents over at least five time zones", async () => {
    const zones = await h.db.selectFrom("agents").select("time_zone").distinct().execute();
    expect(zones.length).toBeGreaterThanOrEqual(5);
  });

  it("keeps every scheduled shift within the schedule rules and out of approved time off", async () => {
    const rules = await loadScheduleRules(h.db);
    const agents = await h.db.selectFrom("agents").select(["id", "time_zone", "hire_date", "termination_date"]).execute();
    const shifts = await h.db
      .selectFrom("shifts")
      .select(["id", "agent_id", "starts_at", "ends_at", "break_minutes"])
      .where("status", "=", "scheduled")
      .execute();
    const timeOff = await h.db.selectFrom("time_off_requests").select(["agent_id", "starts_at", "ends_at", "status"]).execute();
    expect(new Set(timeOff.map((t) => t.status))).toEqual(new Set(["pending", "approved", "rejected"]));
    const broken: string[] = [];
    for (const agent of agents) {
      const mine = shifts.filter((s) => s.agent_id === agent.id);
      const approved = timeOff.filter((t) => t.agent_id === agent.id && t.status === "approved");
      for (const shift of mine) {
        const violations = checkShiftRules({
          shift: { startsAt: shift.starts_at, endsAt: shift.ends_at, breakMinutes: shift.break_minutes, skillId: null },
          agent: { timeZone: agent.time_zone, hireDate: agent.hire_date, terminationDate: agent.termination_date, skillIds: [] },
          otherShifts: mine
            .filter((o) => o.id !== shift.id)
            .map((o) => ({ id: o.id, startsAt: o.starts_at, endsAt: o.ends_at, breakMinutes: o.break_minutes })),
          approvedTimeOff: approved.map((t) => ({ startsAt: t.starts_at, endsAt: t.ends_at })),
          rules,
        });
        broken.push(...violations.map((v) => v.message));
      }
    }
    expect(broken).toEqual([]);
  });

  it("lets every demo agent sign in with the demo password", async () => {
    const { caller } = callerFor(h.db, null, { ip: null });
    const { user } = await caller.auth.login({ email: DEMO_AGENTS[0]!.email, password: DEMO_PASSWORD });
    expect(user.role).toBe("agent");
    const demo = await h.db.selectFrom("users").select(["is_demo"]).execute();
    expect(demo.every((u) => u.is_demo)).toBe(true);
  });

  it("creates nothing new when run again", async () => {
    const count = async () => {
      const tables = ["users", "agents", "shifts", "time_off_requests", "availability", "audit_log", "customers", "contacts", "cases", "customer_notes", "field_history", "interactions", "handoffs"] as const;
      const [users, agents, shifts, timeOff, slots, audit, customers, contacts, cases, notes, history, interactions, handoffs] = await Promise.all(
        tables.map((table) =>
          h.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
            .then((r) => Number(r.n)),
        ),
      );
      return { users, agents, shifts, timeOff, slots, audit, customers, contacts, cases, notes, history, interactions, handoffs };
    };
    const before = await count();
    const again = await h.db.transaction().execute((trx) => seedDemo(trx, new Date(now.getTime() + 5 * HOUR)));
    expect(Object.values(again).every((n) => n === 0)).toBe(true);
    expect(await count()).toEqual(before);
  });
});

describe("the demo seed's customers", () => {
  it("creates about 150 people and companies with contacts, cases, notes and field changes", async () => {
    expect(first.customersCreated).toBeGreaterThanOrEqual(140);
    expect(first.customersCreated).toBeLessThanOrEqual(170);
    expect(first.contactsCreated).toBeGreaterThanOrEqual(40);
    expect(first.casesCreated).toBeGreaterThan(first.customersCreated);
    expect(first.notesCreated).toBeGreaterThan(50);
    expect(first.fieldChangesCreated).toBeGreaterThan(10);
    const kinds = await h.db.selectFrom("customers").select("kind").distinct().execute();
    expect(new Set(kinds.map((k) => k.kind))).toEqual(new Set(["person", "company"]));
    const countries = await h.db.selectFrom("customers").select("country").distinct().execute();
    expect(countries.length).toBeGreaterThanOrEqual(8);
    // Only companies have contacts.
    const personContacts = await h.db
      .selectFrom("contacts")
      .innerJoin("customers", "customers.id", "contacts.customer_id")
      .select("contacts.id")
      .where("customers.kind", "=", "person")
      .execute();
    expect(personContacts).toEqual([]);
  });

  it("gives every phone a valid E.164 number of the customer's own country, and no two customers one phone", async () => {
    const rows = await h.db.selectFrom("customers").select(["name", "phone", "country"]).where("phone", "is not", null).execute();
    expect(rows.length).toBeGreaterThan(100);
    const wrong = rows.filter((r) => {
      const parsed = parsePhoneNumberFromString(r.phone!);
      return !parsed || !parsed.isValid() || parsed.number !== r.phone || parsed.country !== r.country;
    });
    expect(wrong).toEqual([]);
    expect(new Set(rows.map((r) => r.phone)).size).toBe(rows.length);
  });

  it("mixes case statuses and priorities over the last weeks, closed ones with a closing time before now", async () => {
    const cases = await h.db.selectFrom("cases").select(["status", "priority", "opened_at", "closed_at", "owner_agent_id"]).execute();
    expect(new Set(cases.map((c) => c.status))).toEqual(new Set(["new", "open", "pending", "closed"]));
    expect(new Set(cases.map((c) => c.priority))).toEqual(new Set(["low", "medium", "high", "urgent"]));
    for (const c of cases) {
      expect(c.opened_at.getTime()).toBeLessThan(now.getTime());
      expect(c.opened_at.getTime()).toBeGreaterThan(now.getTime() - 43 * 24 * HOUR);
      if (c.closed_at) expect(c.closed_at.getTime()).toBeLessThan(now.getTime());
    }
    expect(cases.some((c) => c.owner_agent_id !== null)).toBe(true);
  });

  it("finds the accented demo names by search, typos and all, and shows them a timeline of cases and notes", async () => {
    for (const [typed, expected] of [
      ["zoe muller", "Zoë Müller"],
      ["Jose Alvarez", "José Álvarez"],
      ["Siobahn O'Brien", "Siobhán O'Brien"],
    ] as const) {
      const page = await searchCustomers(h.db, { q: typed, limit: 5 });
      expect(page.items.map((i) => i.name), typed).toContain(expected);
    }
    const zoe = (await searchCustomers(h.db, { q: "Zoë Müller", limit: 1 })).items[0]!;
    const view = await customer360(h.db, zoe.id);
    expect(view.openCases.length + view.closedCases.length).toBeGreaterThanOrEqual(3);
    const kinds = new Set(view.timeline.items.map((i) => i.kind));
    expect(kinds.has("case_opened")).toBe(true);
    expect(kinds.has("note")).toBe(true);
    // Newest first.
    const times = view.timeline.items.map((i) => i.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("keeps field changes in step with the records: the newest change's value is the current one", async () => {
    const changes = await h.db.selectFrom("field_history").selectAll().where("entity_type", "=", "customer").execute();
    expect(changes.length).toBe(first.fieldChangesCreated);
    for (const change of changes) {
      const customer = await h.db.selectFrom("customers").selectAll().where("id", "=", change.entity_id).executeTakeFirstOrThrow();
      expect(customer[change.field as "tier" | "phone" | "email"]).toBe(change.new_value);
      const timeline = await customerTimeline(h.db, customer.id, { limit: 100 });
      expect(timeline.items.some((i) => i.kind === "field_change")).toBe(true);
    }
  });

  it("is the same on every run: a second fresh database gets the same customers", async () => {
    const other = await freshDatabase();
    try {
      await other.db.transaction().execute((trx) => seedDemo(trx, now));
      const names = async (db: TestDatabase["db"]) =>
        (await db.selectFrom("customers").select(["name", "email", "phone", "tier"]).orderBy("name").orderBy("email").execute());
      expect(await names(other.db)).toEqual(await names(h.db));
    } finally {
      await other.close();
    }
  });
});

describe("the demo seed's support history", () => {
  it("logs weeks of interactions, each linked to the agent's shift covering its start, a few off shift, and leaves customers waiting", async () => {
    expect(first.interactionsCreated).toBeGreaterThan(500);
    // Four waiting, one an agent on shift is talking with (when anyone but agent@demo.test is on shift).
    expect([4, 5]).toContain(first.handoffsCreated);
    // Every on-shift interaction's shift is the agent's own and covers its start; the off-shift ones are covered by none.
    const mislinked = await h.db
      .selectFrom("interactions as i")
      .leftJoin("shifts as s", "s.id", "i.shift_id")
      .select("i.id")
      .where((eb) =>
        eb.or([
          eb.and([eb("i.off_shift", "=", false), eb.or([eb("s.starts_at", ">", eb.ref("i.started_at")), eb("s.ends_at", "<=", eb.ref("i.started_at"))])]),
          eb.and([
            eb("i.off_shift", "=", true),
            eb.exists(
              eb
                .selectFrom("shifts as o")
                .select("o.id")
                .whereRef("o.agent_id", "=", "i.agent_id")
                .where("o.status", "=", "scheduled")
                .whereRef("o.starts_at", "<=", "i.started_at")
                .whereRef("o.ends_at", ">", "i.started_at"),
            ),
          ]),
        ]),
      )
      .execute();
    expect(mislinked).toEqual([]);
    const offShift = await h.db.selectFrom("interactions").select("id").where("off_shift", "=", true).execute();
    expect(offShift.length).toBeGreaterThanOrEqual(1);
    const future = await h.db.selectFrom("interactions").select("id").where("started_at", ">", now).execute();
    expect(future).toEqual([]);
    const arjun = await h.db
      .selectFrom("interactions")
      .innerJoin("agents", "agents.id", "interactions.agent_id")
      .select("interactions.id")
      .where("agents.user_id", "=", arjunId)
      .execute();
    expect(arjun.length).toBeGreaterThan(10);
    const handoffs = await h.db.selectFrom("handoffs").select(["id", "status", "requested_at", "agent_id"]).execute();
    const waiting = handoffs.filter((w) => w.status === "waiting");
    expect(waiting).toHaveLength(4);
    expect(handoffs.every((w) => new Date(w.requested_at) < now)).toBe(true);
    // Someone who signs in as agent@demo.test and says they are available is offered a customer at once.
    const arjunAgent = await h.db.selectFrom("agents").select("id").where("user_id", "=", arjunId).executeTakeFirstOrThrow();
    expect(await h.db.selectFrom("agent_presence").select("agent_id").where("status", "=", "available").execute()).toEqual([]);
    await h.db.insertInto("agent_presence").values({ agent_id: arjunAgent.id, status: "available", changed_at: now, idle_since: now }).execute();
    const offers = await routeWaiting(h.db, now);
    expect(offers).toEqual([{ handoffId: expect.any(String), agentId: arjunAgent.id }]);
    // Every handoff's history starts with its request.
    const firstSteps = await h.db.selectFrom("handoff_events").select(["handoff_id", "kind"]).where("kind", "=", "requested").execute();
    expect(new Set(firstSteps.map((e) => e.handoff_id))).toEqual(new Set(handoffs.map((x) => x.id)));
    // …and holds every step its status implies, in order, each at its own time.
    const statuses = new Map((await h.db.selectFrom("handoffs").select(["id", "status"]).execute()).map((x) => [x.id, x.status]));
    const events = await h.db.selectFrom("handoff_events").select(["handoff_id", "kind"]).orderBy("at").orderBy("id").execute();
    const steps = new Map<string, string[]>();
    for (const e of events) steps.set(e.handoff_id, [...(steps.get(e.handoff_id) ?? []), e.kind]);
    const expected: Record<string, string[]> = {
      waiting: ["requested"],
      offered: ["requested", "offered"],
      active: ["requested", "offered", "accepted"],
      resolved: ["requested", "offered", "accepted", "resolved"],
    };
    for (const [id, status] of statuses) expect(steps.get(id), `${status} handoff ${id}`).toEqual(expected[status]);
  });
});
