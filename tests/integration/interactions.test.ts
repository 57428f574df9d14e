import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../server/auth/lucia";
import { localShiftInstants } from "../../server/workforce/local-time";
import { callerFor, errorOf, makeAgent, makeUser } from "../setup/fixtures";
import { freshDatabase, type TestDatabase } from "../setup/test-db";

let h: TestDatabase;
let planner: SessionUser;
let supervisor: SessionUser;
let editor: SessionUser;
beforeAll(async () => {
  h = await freshDatabase();
  planner = await makeUser(h.db, "planner");
  supervisor = await makeUser(h.db, "supervisor");
  editor = await makeUser(h.db, "agent");
});
afterAll(() => h.close());

const as = (user: SessionUser) => callerFor(h.db, user).caller;
const LA = "America/Los_Angeles";

async function customer(name = "Ada Lovelace") {
  return as(supervisor).customers.create({ kind: "person", name, country: "GB" });
}

async function shift(agentId: string, date: string, start: string, end: string, zone = LA) {
  const { startsAt, endsAt } = localShiftInstants(date, start, end, zone);
  return as(planner).shifts.create({ agentId, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() });
}


const at = (iso: string) => new Date(iso).toISOString();

describe("an interaction is tied to the customer, the agent and the agent's shift", () => {
  it("links the shift covering the start; the edges are start-inclusive, end-exclusive; back-to-back goes to the next", async () => {
    const a = await makeAgent(h.db, { timeZone: LA });
    const c = await customer();
    // 2026-01-05 09:00-13:00 and 13:00-17:00 Los Angeles (UTC-8): 17:00Z-21:00Z and 21:00Z-01:00Z.
    const morning = await shift(a.agent.id, "2026-01-05", "09:00", "13:00");
    const afternoon = await shift(a.agent.id, "2026-01-05", "13:00", "17:00");
    const log = (startedAt: string) =>
      as(a.user).interactions.log({ customerId: c.id, channel: "phone", direction: "inbound", subject: "Billing", startedAt: at(startedAt) });

    const atStart = await log("2026-01-05T17:00:00Z");
    expect(atStart).toMatchObject({ shiftId: morning.id, offShift: false, agentId: a.agent.id, customerId: c.id, source: "agent" });
    expect((await log("2026-01-05T20:59:59.999Z")).shiftId).toBe(morning.id);
    expect((await log("2026-01-05T21:00:00Z")).shiftId).toBe(afternoon.id);
    const atEnd = await log("2026-01-06T01:00:00Z");
    expect(atEnd).toMatchObject({ shiftId: null, offShift: true });
    const before = await log("2026-01-05T16:59:59Z");
    expect(before).toMatchObject({ shiftId: null, offShift: true });
  });

  it("links a shift across midnight in the agent's zone", async () => {
    const a = await makeAgent(h.db, { timeZone: "Europe/Berlin" });
    const c = await customer("Night Owl");
    // 22:00 to 06:00 Berlin (UTC+1 in January): 21:00Z to 05:00Z next day.
    const night = await shift(a.agent.id, "2026-01-10", "22:00", "06:00", "Europe/Berlin");
    const r = await as(a.user).interactions.log({
      customerId: c.id,
      channel: "chat",
      direction: "inbound",
      subject: "Locked out",
      startedAt: at("2026-01-11T01:30:00+01:00"),
      endedAt: at("2026-01-11T01:45:00+01:00"),
      outcome: "resolved",
    });
    expect(r).toMatchObject({ shiftId: night.id, offShift: false, outcome: "resolved", endedAt: "2026-01-11T00:45:00.000Z" });
  });

  it("does not link a cancelled shift, and takes the agent from the session, never from the input", async () => {
    const a = await makeAgent(h.db);
    const other = await makeAgent(h.db);
    const c = await customer();
    const s = await shift(a.agent.id, "2026-02-03", "09:00", "17:00");
    await as(planner).shifts.cancel({ shiftId: s.id });
    await shift(other.agent.id, "2026-02-03", "09:00", "17:00");
    const r = await as(a.user).interactions.log({
      customerId: c.id,
      channel: "email",
      direction: "outbound",
      subject: "Follow-up",
      startedAt: at("2026-02-03T18:00:00Z"),
      // An extra field naming another agent is not part of the input.
      ...({ agentId: other.agent.id } as object),
    });
    expect(r).toMatchObject({ agentId: a.agent.id, shiftId: null, offShift: true });
  });

  it("stores a merged-away customer's interaction on the survivor; refuses an erased customer, another customer's case, the future", async () => {
    const a = await makeAgent(h.db);
    const c = await customer("Case Holder");
    const stranger = await customer("Someone Else");
    const kase = await as(a.user).cases.create({ customerId: stranger.id, subject: "Their case" });
    const caseError = await errorOf(
      as(a.user).interactions.log({ customerId: c.id, channel: "phone", direction: "inbound", subject: "x", caseId: kase.id }),
    );
    expect(caseError.message).toBe("That case belongs to another customer.");
    const future = await errorOf(
      as(a.user).interactions.log({ customerId: c.id, channel: "phone", direction: "inbound", subject: "x", startedAt: at("2999-01-01T00:00:00Z") }),
    );
    expect(future.message).toBe("An interaction cannot start in the future.");
    const survivor = await customer("Survivor");
    await h.db.updateTable("customers").set({ merged_into_id: survivor.id, archived_at: new Date() }).where("id", "=", c.id).execute();
    const onSurvivor = await as(a.user).interactions.log({ customerId: c.id, channel: "social", direction: "inbound", subject: "Tweet" });
    expect(onSurvivor.customerId).toBe(survivor.id);
    await h.db.updateTable("customers").set({ erased_at: new Date() }).where("id", "=", stranger.id).execute();
    const erased = await errorOf(as(a.user).interactions.log({ customerId: stranger.id, channel: "phone", direction: "inbound", subject: "x" }));
    expect(erased.message).toMatch(/erased/);
    expect(await h.db.selectFrom("interactions").select("id").where("customer_id", "in", [c.id, stranger.id]).execute()).toEqual([]);
  });

  it("refuses users who are not agents, and bad input, changing nothing", async () => {
    const c = await customer();
    const notAgent = await errorOf(as(editor).interactions.log({ customerId: c.id, channel: "phone", direction: "inbound", subject: "x" }));
    expect(notAgent.message).toMatch(/not set up as an agent/);
    const a = await makeAgent(h.db);
    const bad = await errorOf(as(a.user).interactions.log({ customerId: c.id, channel: "fax" as "phone", direction: "inbound", subject: "x" }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toMatch(/^channel: /);
    const backwards = await errorOf(
      as(a.user).interactions.log({
        customerId: c.id,
        channel: "phone",
        direction: "inbound",
        subject: "x",
        startedAt: at("2026-01-01T10:00:00Z"),
        endedAt: at("2026-01-01T09:00:00Z"),
      }),
    );
    expect(backwards.message).toBe("endedAt: It cannot end before it started.");
    expect(await h.db.selectFrom("interactions").select("id").where("customer_id", "=", c.id).execute()).toEqual([]);
  });
});

describe("the schema's guarantees", () => {
  it("refuses an interaction without agent (unless imported), a shift of another agent, and an imported one without its owner", async () => {
    const a = await makeAgent(h.db);
    const b = await makeAgent(h.db);
    const c = await customer();
    const bShift = await shift(b.agent.id, "2026-03-02", "09:00", "17:00");
    const base = { customer_id: c.id, channel: "phone" as const, direction: "inbound" as const, subject: "x", started_at: new Date("2026-03-02T18:00:00Z") };
    const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (e: { code?: string }) => e.code);
    expect(await codeOf(h.db.insertInto("interactions").values({ ...base, agent_id: null, off_shift: true }).execute())).toBe("23514");
    expect(await codeOf(h.db.insertInto("interactions").values({ ...base, agent_id: a.agent.id, shift_id: bShift.id }).execute())).toBe("23503");
    expect(await codeOf(h.db.insertInto("interactions").values({ ...base, agent_id: a.agent.id, shift_id: null, off_shift: false }).execute())).toBe("23514");
    expect(await codeOf(h.db.insertInto("interactions").values({ ...base, source: "import" }).execute())).toBe("23514");
    expect(
      await codeOf(h.db.insertInto("interactions").values({ ...base, source: "import", imported_owner: "005xx0000012345AAA", external_source: "salesforce", external_id: "00Txx1" }).execute()),
    ).toBe("OK");
    expect(await codeOf(h.db.insertInto("interactions").values({ ...base, agent_id: b.agent.id, shift_id: bShift.id }).execute())).toBe("OK");
    expect(await codeOf(sql`UPDATE interactions SET customer_id = NULL WHERE agent_id = ${b.agent.id}`.execute(h.db))).toBe("23502");
  });
});

describe("off-shift review", () => {
  it("lists off-shift interactions for supervisors, newest first, until reviewed (audited)", async () => {
    const a = await makeAgent(h.db, { name: "Off Shifter" });
    const c = await customer("Reviewed Customer");
    const first = await as(a.user).interactions.log({ customerId: c.id, channel: "phone", direction: "inbound", subject: "Early", startedAt: at("2026-04-01T08:00:00Z") });
    const second = await as(a.user).interactions.log({ customerId: c.id, channel: "phone", direction: "inbound", subject: "Later", startedAt: at("2026-04-01T09:00:00Z") });
    const page = await as(supervisor).interactions.offShift({ limit: 100 });
    const mine = page.items.filter((i) => i.agentId === a.agent.id);
    expect(mine.map((i) => i.subject)).toEqual(["Later", "Early"]);
    expect(mine[0]).toMatchObject({ customerName: "Reviewed Customer", agentName: "Off Shifter" });
    await as(supervisor).interactions.markReviewed({ interactionId: second.id });
    const after = await as(supervisor).interactions.offShift({ limit: 100 });
    expect(after.items.map((i) => i.id)).toContain(first.id);
    expect(after.items.map((i) => i.id)).not.toContain(second.id);
    expect((await errorOf(as(supervisor).interactions.markReviewed({ interactionId: second.id }))).message).toBe("Already reviewed.");
    const audit = await h.db.selectFrom("audit_log").select(["action", "actor_id"]).where("entity_id", "=", second.id).execute();
    expect(audit).toEqual([{ action: "interaction.review", actor_id: supervisor.id }]);
    expect((await errorOf(as(a.user).interactions.offShift({}))).code).toBe("FORBIDDEN");
  });

  it("gives each item the agent's own time zone, so the page can show the agent's clock beside the viewer's", async () => {
    const a = await makeAgent(h.db, { name: "Night Owl", timeZone: "Asia/Kolkata" });
    const c = await customer("Zone Customer");
    const logged = await as(a.user).interactions.log({ customerId: c.id, channel: "email", direction: "outbound", subject: "Late reply", startedAt: at("2026-04-02T20:00:00Z") });
    const page = await as(supervisor).interactions.offShift({ limit: 100 });
    expect(page.items.find((i) => i.id === logged.id)).toMatchObject({ agentName: "Night Owl", agentTimeZone: "Asia/Kolkata" });
  });
});

describe("interactions in the customer's record", () => {
  it("move with a merge, are in the data-subject export, and lose their text on erasure", async () => {
    const admin = await makeUser(h.db, "admin");
    const a = await makeAgent(h.db);
    const survivor = await customer("Merge Survivor");
    const loser = await as(supervisor).customers.create({ kind: "person", name: "Merge Loser", country: "FR" });
    const logged = await as(a.user).interactions.log({
      customerId: loser.id,
      channel: "chat",
      direction: "inbound",
      subject: "Wants a refund for order 1234",
      summary: "Lives at 3 rue de la Paix",
      startedAt: at("2026-05-04T10:00:00Z"),
    });
    const merged = await as(admin).customers.merge({ survivorId: survivor.id, loserId: loser.id });
    expect(merged.moved.interactions).toBe(1);
    expect((await as(a.user).interactions.get({ interactionId: logged.id })).customerId).toBe(survivor.id);

    const record = await as(admin).customers.exportRecord({ customerId: survivor.id });
    expect(record.interactions).toEqual([
      expect.objectContaining({ id: logged.id, subject: "Wants a refund for order 1234", summary: "Lives at 3 rue de la Paix", channel: "chat", offShift: true }),
    ]);

    await as(admin).customers.erase({ customerId: survivor.id, reason: "DSR ticket 77" });
    const after = await as(a.user).interactions.get({ interactionId: logged.id });
    expect(after).toMatchObject({ subject: "[erased]", summary: "[erased]", channel: "chat", agentId: a.agent.id, startedAt: "2026-05-04T10:00:00.000Z" });
  });
});

describe("the customer's timeline", () => {
  it("shows an interaction at once, newest first among the customer's cases and notes", async () => {
    const a = await makeAgent(h.db, { name: "Tina Timeline" });
    const c = await customer("Timeline Customer");
    await as(a.user).customers.addNote({ customerId: c.id, body: "Called about the invoice" });
    const logged = await as(a.user).interactions.log({
      customerId: c.id,
      channel: "phone",
      direction: "inbound",
      subject: "Invoice question",
      summary: "Explained the VAT line",
      outcome: "resolved",
    });
    const page = await as(supervisor).customers.timeline({ customerId: c.id, limit: 10 });
    expect(page.items[0]).toMatchObject({
      kind: "interaction",
      title: "Call with Tina Timeline: Invoice question",
      detail: "Resolved · Off shift · Explained the VAT line",
      ref: { type: "interaction", id: logged.id },
    });
    expect(page.items.map((i) => i.kind)).toEqual(["interaction", "note"]);
    const older = await as(supervisor).customers.timeline({ customerId: c.id, limit: 1 });
    const next = await as(supervisor).customers.timeline({ customerId: c.id, limit: 1, before: older.nextCursor });
    expect([older.items[0]!.kind, next.items[0]!.kind]).toEqual(["interaction", "note"]);
  });

  it("names the case an interaction belongs to", async () => {
    const a = await makeAgent(h.db, { name: "Carl Case" });
    const c = await customer("Case Timeline Customer");
    const kase = await as(a.user).cases.create({ customerId: c.id, subject: "Broken router" });
    await as(a.user).interactions.log({ customerId: c.id, channel: "email", direction: "outbound", subject: "Replacement sent", caseId: kase.id, outcome: "follow_up" });
    const page = await as(supervisor).customers.timeline({ customerId: c.id, limit: 10 });
    const item = page.items.find((i) => i.kind === "interaction")!;
    expect(item.detail).toBe(`Follow-up · Off shift · Case ${kase.case_number}`);
  });
});
