import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../server/auth/lucia";
import { callerFor, errorOf, makeAgent, makeSkill, makeUser } from "../setup/fixtures";
import { dbKind, freshDatabase, type TestDatabase } from "../setup/test-db";

let h: TestDatabase;
let admin: SessionUser;
let planner: SessionUser;
let token = "";
let otherToken = "";
beforeAll(async () => {
  h = await freshDatabase();
  admin = await makeUser(h.db, "admin");
  planner = await makeUser(h.db, "planner");
  token = (await callerFor(h.db, admin).caller.apiKeys.create({ name: "Website bot", rateLimitPerMinute: 10_000 })).token;
  otherToken = (await callerFor(h.db, admin).caller.apiKeys.create({ name: "Mobile app", rateLimitPerMinute: 10_000 })).token;
});
afterAll(() => h.close());

/** What a program outside gets: no session, its key in the Authorization header. */
const bot = (key = token) => callerFor(h.db, null, { authorization: `Bearer ${key}` }).caller.handoff;


let n = 0;
const email = () => `caller${++n}-${process.pid}@example.org`;

describe("handoff.request", () => {
  it("creates an unknown customer by email and queues them with an SLA and a stated estimate", async () => {
    const address = email();
    const r = await bot().request({
      customer: { email: address, name: "Maya Lindqvist", country: "SE" },
      reason: "Bot could not change the delivery address",
      channel: "chat",
      language: "sv",
      transcript: [
        { from: "customer", text: "I need to change my address" },
        { from: "bot", text: "I can't do that, let me get a human." },
      ],
    });
    expect(r).toMatchObject({ status: "waiting", queuePosition: 1, customerCreated: true });
    expect(Date.parse(r.slaDueAt) - Date.parse(r.requestedAt)).toBe(60_000);
    const customer = await h.db.selectFrom("customers").selectAll().where("id", "=", r.customerId).executeTakeFirstOrThrow();
    expect(customer).toMatchObject({ name: "Maya Lindqvist", email: address, country: "SE", kind: "person" });
    const row = await h.db.selectFrom("handoffs").selectAll().where("id", "=", r.handoffId).executeTakeFirstOrThrow();
    expect(row.transcript).toEqual([
      { from: "customer", text: "I need to change my address" },
      { from: "bot", text: "I can't do that, let me get a human." },
    ]);
    const audit = await h.db.selectFrom("audit_log").select(["action", "actor_label"]).where("entity_id", "=", r.handoffId).execute();
    expect(audit).toEqual([{ action: "handoff.request", actor_label: "api-key:Website bot" }]);
    // The same customer asking again does not create a second record or a second place.
    const again = await errorOf(bot().request({ customer: { email: address.toUpperCase() }, reason: "Still waiting" }));
    expect(again.code).toBe("CONFLICT");
    expect((again.cause as { details?: unknown }).details).toEqual({ handoffId: r.handoffId });
    const viaOtherKey = await errorOf(bot(otherToken).request({ customer: { email: address }, reason: "From the app" }));
    expect((viaOtherKey.cause as { details?: unknown }).details).toEqual({ handoffId: null });
    expect(await h.db.selectFrom("customers").select("id").where("email", "=", address).execute()).toHaveLength(1);
  });

  it("estimates the wait from the agents on shift with the skill and language", async () => {
    const skill = await makeSkill(h.db, "estimates");
    const swedish = await makeSkill(h.db, "lang:sv", "language");
    const none = await bot().request({ customer: { email: email() }, reason: "Refund", skill: "estimates", language: "sv" });
    expect(none.estimate).toMatchObject({ estimatedWaitSeconds: null, agentsOnShift: 0, averageHandleSeconds: 360 });
    expect(none.estimate!.basis).toMatch(/No agent with the needed skills is on shift now/);

    const now = Date.now();
    for (const skills of [
      [{ skillId: skill.id, level: 3 }, { skillId: swedish.id, level: 5 }],
      [{ skillId: skill.id, level: 3 }, { skillId: swedish.id, level: 4 }],
      [{ skillId: skill.id, level: 3 }], // no Swedish: not counted
    ]) {
      const a = await makeAgent(h.db, { skills });
      await callerFor(h.db, planner).caller.shifts.create({
        agentId: a.agent.id,
        startsAt: new Date(now - 3_600_000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        override: { reason: "test: a shift covering now" },
      });
    }
    const second = await bot().request({ customer: { email: email() }, reason: "Refund", skill: "estimates", language: "sv" });
    expect(second.queuePosition).toBe(2);
    expect(second.estimate).toMatchObject({ agentsOnShift: 2, averageHandleSeconds: 360, estimatedWaitSeconds: 360 });
    expect(second.estimate!.basis).toBe("Position 2 × 360 s average handle time ÷ 2 agents on shift with the needed skills.");
  });

  it("keeps one queue per skill, longest waiting first, and puts a customer who gave up earlier first", async () => {
    const skill = await makeSkill(h.db, "queueing");
    await h.db.updateTable("skills").set({ handoff_sla_seconds: 30 }).where("id", "=", skill.id).execute();
    const first = await bot().request({ customer: { email: email() }, reason: "1", skill: "queueing" });
    const second = await bot().request({ customer: { email: email() }, reason: "2", skill: "queueing" });
    expect([first.queuePosition, second.queuePosition]).toEqual([1, 2]);
    expect(Date.parse(first.slaDueAt) - Date.parse(first.requestedAt)).toBe(30_000);

    const leaver = email();
    const gaveUp = await bot().request({ customer: { email: leaver }, reason: "3", skill: "queueing" });
    expect(gaveUp.queuePosition).toBe(3);
    expect(await bot().cancel({ handoffId: gaveUp.handoffId, reason: "customer_left" })).toMatchObject({ status: "abandoned", queuePosition: null });
    const back = await bot().request({ customer: { email: leaver }, reason: "I'm back", skill: "queueing" });
    expect(back.queuePosition).toBe(1);
    expect((await bot().status({ handoffId: first.handoffId })).queuePosition).toBe(2);
    expect((await bot().status({ handoffId: second.handoffId })).queuePosition).toBe(3);
  });

  it("finds customers by id (a merged id means the survivor) and by external id; refuses what it cannot find", async () => {
    const supervisor = await makeUser(h.db, "supervisor");
    const survivor = await callerFor(h.db, supervisor).caller.customers.create({ kind: "person", name: "Known Person", email: email() });
    const loser = await callerFor(h.db, supervisor).caller.customers.create({ kind: "person", name: "Old Record" });
    await h.db.updateTable("customers").set({ merged_into_id: survivor.id, archived_at: new Date() }).where("id", "=", loser.id).execute();
    const byId = await bot().request({ customer: { id: loser.id }, reason: "Help" });
    expect(byId).toMatchObject({ customerId: survivor.id, customerCreated: false });
    await bot().cancel({ handoffId: byId.handoffId });

    await h.db.updateTable("customers").set({ external_source: "salesforce", external_id: "001000000000123AAA" }).where("id", "=", survivor.id).execute();
    expect((await bot().request({ customer: { externalId: "001000000000123AAA" }, reason: "Help" })).customerId).toBe(survivor.id);

    const missing = await errorOf(bot().request({ customer: { externalId: "001NOPE" }, reason: "Help" }));
    expect(missing.code).toBe("NOT_FOUND");
    expect(missing.message).toMatch(/send their email too/);
    const created = await bot().request({ customer: { externalId: "001NEW", email: email(), name: "New From Site" }, reason: "Help" });
    expect(created.customerCreated).toBe(true);
    expect(await h.db.selectFrom("customers").select(["external_source", "external_id"]).where("id", "=", created.customerId).executeTakeFirst()).toEqual({
      external_source: "salesforce",
      external_id: "001NEW",
    });
    expect((await errorOf(bot().request({ customer: {}, reason: "Help" }))).message).toMatch(/by id, externalId or email/);
    expect((await errorOf(bot().request({ customer: { email: email() }, reason: "Help", skill: "no-such-skill" }))).message).toBe(
      'There is no skill "no-such-skill".',
    );
  });
});

describe("handoff.status, cancel and csat", () => {
  it("shows each key only its own handoffs", async () => {
    const r = await bot().request({ customer: { email: email() }, reason: "Mine" });
    expect((await errorOf(bot(otherToken).status({ handoffId: r.handoffId }))).code).toBe("NOT_FOUND");
    expect((await errorOf(bot(otherToken).cancel({ handoffId: r.handoffId }))).code).toBe("NOT_FOUND");
    expect((await bot().status({ handoffId: r.handoffId })).status).toBe("waiting");
  });

  it("cancels a waiting handoff once, and never one an agent has taken", async () => {
    const r = await bot().request({ customer: { email: email() }, reason: "Changed my mind" });
    const cancelled = await bot().cancel({ handoffId: r.handoffId });
    expect(cancelled).toMatchObject({ status: "cancelled", queuePosition: null, estimate: null });
    expect(cancelled.cancelledAt).not.toBeNull();
    expect((await errorOf(bot().cancel({ handoffId: r.handoffId }))).message).toBe("This handoff is already cancelled.");

    const taken = await bot().request({ customer: { email: email() }, reason: "Talking" });
    const a = await makeAgent(h.db);
    await h.db
      .updateTable("handoffs")
      .set({ status: "active", offered_at: new Date(), offered_agent_id: a.agent.id, accepted_at: new Date(), agent_id: a.agent.id })
      .where("id", "=", taken.handoffId)
      .execute();
    expect((await errorOf(bot().cancel({ handoffId: taken.handoffId }))).message).toMatch(/already with the customer/);
    expect((await bot().status({ handoffId: taken.handoffId })).agentName).toBe("Test agent");
  });

  it("takes a 1–5 rating only for a resolved conversation, onto its interaction", async () => {
    const r = await bot().request({ customer: { email: email() }, reason: "Rate me" });
    expect((await errorOf(bot().csat({ handoffId: r.handoffId, score: 5 }))).message).toBe("Only a resolved conversation can be rated; this one is waiting.");
    expect((await errorOf(bot().csat({ handoffId: r.handoffId, score: 6 }))).code).toBe("BAD_REQUEST");
    const a = await makeAgent(h.db);
    const interaction = await h.db
      .insertInto("interactions")
      .values({ customer_id: r.customerId, agent_id: a.agent.id, off_shift: true, source: "handoff", channel: "chat", direction: "inbound", started_at: new Date(), subject: "Rate me" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const at = new Date();
    await h.db
      .updateTable("handoffs")
      .set({ status: "resolved", offered_at: at, offered_agent_id: a.agent.id, accepted_at: at, agent_id: a.agent.id, resolved_at: at, interaction_id: interaction.id })
      .where("id", "=", r.handoffId)
      .execute();
    expect(await bot().csat({ handoffId: r.handoffId, score: 4 })).toEqual({ handoffId: r.handoffId, interactionId: interaction.id, csat: 4 });
    expect((await h.db.selectFrom("interactions").select("csat").where("id", "=", interaction.id).executeTakeFirstOrThrow()).csat).toBe(4);
  });

  it("refuses callers without a valid key, and signed-in users (a session is not a key)", async () => {
    const anonymous = callerFor(h.db, null).caller.handoff;
    expect((await errorOf(anonymous.status({ handoffId: "00000000-0000-4000-8000-000000000000" }))).code).toBe("UNAUTHORIZED");
    expect((await errorOf(bot("flk_wrong").request({ customer: { email: email() }, reason: "x" }))).code).toBe("UNAUTHORIZED");
    expect((await errorOf(callerFor(h.db, admin).caller.handoff.request({ customer: { email: email() }, reason: "x" }))).code).toBe("UNAUTHORIZED");
  });
});

describe("two programs asking for the same customer at once", () => {
  it.skipIf(dbKind() !== "postgres")("queue them once", async () => {
    const address = email();
    await bot().request({ customer: { email: address }, reason: "create" }).then((r) => bot().cancel({ handoffId: r.handoffId }));
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => bot(i % 2 ? otherToken : token).request({ customer: { email: address }, reason: `at once ${i}` })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as TRPCError).code).toBe("CONFLICT");
    const customer = await h.db.selectFrom("customers").select("id").where("email", "=", address).executeTakeFirstOrThrow();
    const open = await h.db.selectFrom("handoffs").select("id").where("customer_id", "=", customer.id).where("status", "=", "waiting").execute();
    expect(open).toHaveLength(1);
  });
});
