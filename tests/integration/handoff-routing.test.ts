import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../server/auth/lucia";
import { startLiveHub, publishLive, type LiveEvent } from "../../server/support/live";
import { routeWaiting, sweepHandoffs, REOFFER_AFTER_MS } from "../../server/support/routing.service";
import { callerFor, errorOf, makeAgent, makeSkill, makeUser } from "../setup/fixtures";
import { freshDatabase, type TestDatabase } from "../setup/test-db";

let h: TestDatabase;
let admin: SessionUser;
let planner: SessionUser;
let supervisor: SessionUser;
let token = "";
const HOUR = 3_600_000;

beforeAll(async () => {
  h = await freshDatabase();
  admin = await makeUser(h.db, "admin");
  planner = await makeUser(h.db, "planner");
  supervisor = await makeUser(h.db, "supervisor");
  token = (await callerFor(h.db, admin).caller.apiKeys.create({ name: "Chat bot", rateLimitPerMinute: 100_000 })).token;
});
afterAll(() => h.close());

const bot = () => callerFor(h.db, null, { authorization: `Bearer ${token}` }).caller.handoff;
const as = (user: SessionUser) => callerFor(h.db, user).caller;


let n = 0;
const email = () => `routed${++n}-${process.pid}@example.org`;
let skillN = 0;
/** Each test routes its own skill, so agents and handoffs of other tests stay out of its way. */
const freshSkill = () => makeSkill(h.db, `routing-${++skillN}`);

/** An agent with the skills, on a shift covering now (from `fromMs` ago to `toMs` ahead), signed in as available. */
async function agentOnShift(skillIds: string[], options: { available?: boolean; fromMs?: number; toMs?: number; name?: string } = {}) {
  const a = await makeAgent(h.db, { skills: skillIds.map((skillId) => ({ skillId, level: 3 })), name: options.name });
  const now = Date.now();
  const shift = await as(planner).shifts.create({
    agentId: a.agent.id,
    startsAt: new Date(now - (options.fromMs ?? HOUR)).toISOString(),
    endsAt: new Date(now + (options.toMs ?? HOUR)).toISOString(),
    override: { reason: "test: a shift covering now" },
  });
  if (options.available ?? true) await as(a.user).queue.setAvailability({ status: "available" });
  return { ...a, shift };
}

async function statusOf(handoffId: string) {
  return h.db.selectFrom("handoffs").selectAll().where("id", "=", handoffId).executeTakeFirstOrThrow();
}

async function eventsOf(handoffId: string) {
  const rows = await h.db.selectFrom("handoff_events").select(["kind", "agent_id"]).where("handoff_id", "=", handoffId).orderBy("at").orderBy("id").execute();
  return rows.map((r) => [r.kind, r.agent_id]);
}

describe("routing a request to an agent", () => {
  it("offers it at once to an available agent on shift with the skill, and the answer says so", async () => {
    const skill = await freshSkill();
    const a = await agentOnShift([skill.id]);
    const r = await bot().request({ customer: { email: email() }, reason: "Card declined", skill: skill.code });
    expect(r).toMatchObject({ status: "offered", queuePosition: null });
    expect(r.offeredAt).not.toBeNull();
    const row = await statusOf(r.handoffId);
    expect(row.offered_agent_id).toBe(a.agent.id);
    expect(row.offer_expires_at!.getTime() - row.offered_at!.getTime()).toBe(30_000);
    expect(await eventsOf(r.handoffId)).toEqual([
      ["requested", null],
      ["offered", a.agent.id],
    ]);
    const console = await as(a.user).queue.console();
    expect(console.offer).toMatchObject({ id: r.handoffId, reason: "Card declined", status: "offered" });
    expect(console.presence.status).toBe("available");
  });

  it("skips agents who are away or busy, off shift, without the skill or the language, or already holding a customer", async () => {
    const skill = await freshSkill();
    const german = await makeSkill(h.db, "lang:de", "language");
    await agentOnShift([skill.id], { available: false });
    const busy = await agentOnShift([skill.id, german.id]);
    await as(busy.user).queue.setAvailability({ status: "busy" });
    const noGerman = await agentOnShift([skill.id]);
    const offShift = await makeAgent(h.db, { skills: [{ skillId: skill.id, level: 3 }, { skillId: german.id, level: 3 }] });
    await as(offShift.user).queue.setAvailability({ status: "available" });

    const r = await bot().request({ customer: { email: email() }, reason: "Auf Deutsch bitte", skill: skill.code, language: "de" });
    expect(r.status).toBe("waiting");
    expect(await statusOf(r.handoffId)).toMatchObject({ status: "waiting", offered_agent_id: null });

    // Without a language, the agent without German can serve.
    const plain = await bot().request({ customer: { email: email() }, reason: "Any language", skill: skill.code });
    expect((await statusOf(plain.handoffId)).offered_agent_id).toBe(noGerman.agent.id);
    // Holding that offer, they are offered nothing else.
    const third = await bot().request({ customer: { email: email() }, reason: "Another", skill: skill.code });
    expect(third.status).toBe("waiting");

    // The busy German speaker becomes available: the German customer (waiting longest) is theirs.
    await as(busy.user).queue.setAvailability({ status: "available" });
    expect((await statusOf(r.handoffId)).offered_agent_id).toBe(busy.agent.id);
  });

  it("offers the longest idle agent first, and serves priority customers (an earlier request abandoned) first", async () => {
    const skill = await freshSkill();
    const first = await agentOnShift([skill.id], { name: "Idle Longest" });
    await new Promise((r) => setTimeout(r, 20));
    const second = await agentOnShift([skill.id], { name: "Idle Shorter" });
    // Both busy while the queue builds.
    await as(first.user).queue.setAvailability({ status: "busy" });
    await as(second.user).queue.setAvailability({ status: "busy" });
    const early = await bot().request({ customer: { email: email() }, reason: "early", skill: skill.code });
    const leaver = email();
    const left = await bot().request({ customer: { email: leaver }, reason: "left", skill: skill.code });
    await bot().cancel({ handoffId: left.handoffId, reason: "customer_left" });
    const back = await bot().request({ customer: { email: leaver }, reason: "back again", skill: skill.code });
    expect(back.queuePosition).toBe(1);

    // Idle time restarts when an agent comes back from busy: `first` comes back first, so it is idle longest.
    await as(first.user).queue.setAvailability({ status: "available" });
    expect((await statusOf(back.handoffId)).offered_agent_id).toBe(first.agent.id);
    await as(second.user).queue.setAvailability({ status: "available" });
    expect((await statusOf(early.handoffId)).offered_agent_id).toBe(second.agent.id);
  });
});

describe("offers", () => {
  it("accepting makes it active; resolving creates the interaction linked to the agent's shift, and the customer can rate it", async () => {
    const skill = await freshSkill();
    const a = await agentOnShift([skill.id]);
    const r = await bot().request({
      customer: { email: email(), name: "Rosa Díaz" },
      reason: "Wants to dispute a charge",
      skill: skill.code,
      transcript: [{ from: "customer", text: "I was charged twice" }],
    });
    expect(await as(a.user).queue.accept({ handoffId: r.handoffId })).toEqual({ handoffId: r.handoffId, status: "active" });
    // A second click is harmless.
    expect(await as(a.user).queue.accept({ handoffId: r.handoffId })).toEqual({ handoffId: r.handoffId, status: "active" });
    expect((await bot().status({ handoffId: r.handoffId })).agentName).toBe(a.user.name);
    const console = await as(a.user).queue.console();
    expect(console.active).toHaveLength(1);
    expect(console.active[0]!.transcript).toEqual([{ from: "customer", text: "I was charged twice" }]);

    const bad = await errorOf(as(a.user).queue.resolve({ handoffId: r.handoffId, subject: "", outcome: "resolved" }));
    expect(bad.code).toBe("BAD_REQUEST");
    const done = await as(a.user).queue.resolve({
      handoffId: r.handoffId,
      subject: "Duplicate charge refunded",
      summary: "Refunded the second charge.",
      outcome: "resolved",
    });
    expect(done.interaction).toMatchObject({
      customerId: r.customerId,
      agentId: a.agent.id,
      shiftId: a.shift.id,
      offShift: false,
      source: "handoff",
      channel: "chat",
      direction: "inbound",
      subject: "Duplicate charge refunded",
      outcome: "resolved",
    });
    const row = await statusOf(r.handoffId);
    expect(row).toMatchObject({ status: "resolved", interaction_id: done.interaction.id, agent_id: a.agent.id });
    expect(done.interaction.startedAt).toBe(row.accepted_at!.toISOString());
    expect(await eventsOf(r.handoffId)).toEqual([
      ["requested", null],
      ["offered", a.agent.id],
      ["accepted", a.agent.id],
      ["resolved", a.agent.id],
    ]);
    const timeline = await as(a.user).customers.timeline({ customerId: r.customerId });
    expect(timeline.items.find((i) => i.kind === "interaction")).toBeTruthy();
    expect(await bot().csat({ handoffId: r.handoffId, score: 5 })).toMatchObject({ csat: 5 });
    // Resolved twice? No.
    expect((await errorOf(as(a.user).queue.resolve({ handoffId: r.handoffId, subject: "x", outcome: "resolved" }))).message).toBe(
      "This conversation is already resolved.",
    );
  });

  it("declining puts the customer back in the queue, keeping their place, and the next agent gets the offer", async () => {
    const skill = await freshSkill();
    const a = await agentOnShift([skill.id]);
    const r = await bot().request({ customer: { email: email() }, reason: "Help", skill: skill.code });
    expect((await statusOf(r.handoffId)).offered_agent_id).toBe(a.agent.id);
    await as(a.user).queue.decline({ handoffId: r.handoffId });
    // Only `a` is free, and `a` just declined: it waits.
    expect(await statusOf(r.handoffId)).toMatchObject({ status: "waiting", offered_agent_id: null, offered_at: null });
    const b = await agentOnShift([skill.id]);
    expect((await statusOf(r.handoffId)).offered_agent_id).toBe(b.agent.id);
    // Someone else's offer cannot be declined or accepted.
    expect((await errorOf(as(a.user).queue.decline({ handoffId: r.handoffId }))).message).toBe("This offer is not yours.");
    expect((await errorOf(as(a.user).queue.accept({ handoffId: r.handoffId }))).message).toBe("This customer was offered to another agent.");
    await as(b.user).queue.decline({ handoffId: r.handoffId });
    // After a while the customer may go back to an agent who declined.
    const later = await routeWaiting(h.db, new Date(Date.now() + REOFFER_AFTER_MS + 1000));
    expect(later.map((o) => o.handoffId)).toContain(r.handoffId);
  });

  it("an offer not accepted in time moves on, and the agent who missed it is set away", async () => {
    const skill = await freshSkill();
    const a = await agentOnShift([skill.id]);
    const r = await bot().request({ customer: { email: email() }, reason: "Help", skill: skill.code });
    const b = await agentOnShift([skill.id]);
    // Not yet due: nothing moves.
    expect((await sweepHandoffs(h.db, new Date(Date.now() + 1000))).expired.filter((e) => e.handoffId === r.handoffId)).toEqual([]);
    const sweep = await sweepHandoffs(h.db, new Date(Date.now() + 31_000));
    expect(sweep.expired).toContainEqual({ handoffId: r.handoffId, agentId: a.agent.id });
    expect(sweep.offers).toContainEqual({ handoffId: r.handoffId, agentId: b.agent.id });
    expect((await as(a.user).queue.console()).presence.status).toBe("away");
    expect((await errorOf(as(a.user).queue.accept({ handoffId: r.handoffId }))).message).toBe("This customer was offered to another agent.");
    expect(await eventsOf(r.handoffId)).toEqual([
      ["requested", null],
      ["offered", a.agent.id],
      ["offer_expired", a.agent.id],
      ["offered", b.agent.id],
    ]);
  });

  it("a cancelled or abandoned request leaves the agent's console and cannot be accepted", async () => {
    const skill = await freshSkill();
    const a = await agentOnShift([skill.id]);
    const r = await bot().request({ customer: { email: email() }, reason: "Help", skill: skill.code });
    await bot().cancel({ handoffId: r.handoffId, reason: "customer_left" });
    expect((await as(a.user).queue.console()).offer).toBeNull();
    expect((await errorOf(as(a.user).queue.accept({ handoffId: r.handoffId }))).message).toBe("The customer left before anyone answered.");
  });
});

describe("SLA", () => {
  it("escalates a handoff not accepted by its SLA once, with an event, an audit entry and on the wall", async () => {
    const skill = await freshSkill();
    await h.db.updateTable("skills").set({ handoff_sla_seconds: 20 }).where("id", "=", skill.id).execute();
    const r = await bot().request({ customer: { email: email() }, reason: "Nobody on shift", skill: skill.code });
    expect((await sweepHandoffs(h.db, new Date(Date.now() + 5_000))).escalated).not.toContain(r.handoffId);
    const later = new Date(Date.now() + 25_000);
    expect((await sweepHandoffs(h.db, later)).escalated).toContain(r.handoffId);
    expect((await sweepHandoffs(h.db, new Date(later.getTime() + 1000))).escalated).not.toContain(r.handoffId);
    expect((await statusOf(r.handoffId)).escalated_at).toEqual(later);
    expect(await eventsOf(r.handoffId)).toEqual([
      ["requested", null],
      ["escalated", null],
    ]);
    const audit = await h.db.selectFrom("audit_log").select(["action", "actor_label"]).where("entity_id", "=", r.handoffId).where("action", "=", "handoff.escalate").execute();
    expect(audit).toEqual([{ action: "handoff.escalate", actor_label: "system:sla" }]);
    const wall = await as(supervisor).queue.wall({});
    expect(wall.queue.find((q) => q.id === r.handoffId)).toMatchObject({ escalatedAt: later.toISOString(), status: "waiting" });
    expect(wall.stats.slaBreachesToday).toBeGreaterThanOrEqual(1);
  });
});

describe("the supervisor wall", () => {
  it("shows who is on shift, their availability and customer, and the queue", async () => {
    const skill = await freshSkill();
    const a = await agentOnShift([skill.id], { name: "Wall Watcher" });
    const free = (await as(supervisor).queue.wall({})).stats.available;
    const r = await bot().request({ customer: { email: email(), name: "Quinn Walls" }, reason: "Help", skill: skill.code });
    await as(a.user).queue.accept({ handoffId: r.handoffId });
    const wall = await as(supervisor).queue.wall({});
    const row = wall.agents.find((x) => x.agentId === a.agent.id)!;
    expect(row).toMatchObject({ presence: "available", handoff: { id: r.handoffId, status: "active", customerName: "Quinn Walls" } });
    // Still "available" by their own toggle, but talking to a customer: not free to be offered another.
    expect(wall.stats.available).toBe(free - 1);
    expect(wall.stats.onShift).toBeGreaterThanOrEqual(1);
    expect((await errorOf(as(a.user).queue.wall({}))).code).toBe("FORBIDDEN");
    expect((await errorOf(as(planner).queue.console())).code).toBe("FORBIDDEN");
  });
});

describe("signing out", () => {
  it("sets an available agent away", async () => {
    const skill = await freshSkill();
    const a = await agentOnShift([skill.id]);
    await callerFor(h.db, a.user, { sessionId: "no-such-session" }).caller.auth.logout();
    expect((await as(a.user).queue.console()).presence.status).toBe("away");
  });
});

describe("races", () => {
  it("two agents accepting the same offer at once: exactly one has the customer, the handoff is not lost", async () => {
    const skill = await freshSkill();
    const a = await agentOnShift([skill.id]);
    const r = await bot().request({ customer: { email: email() }, reason: "Race", skill: skill.code });
    const b = await agentOnShift([skill.id]);
    const results = await Promise.allSettled([
      as(a.user).queue.accept({ handoffId: r.handoffId }),
      as(b.user).queue.accept({ handoffId: r.handoffId }),
      as(a.user).queue.accept({ handoffId: r.handoffId }),
    ]);
    expect(results.filter((x) => x.status === "rejected")).toHaveLength(1);
    const row = await statusOf(r.handoffId);
    expect(row).toMatchObject({ status: "active", agent_id: a.agent.id });
    expect((await eventsOf(r.handoffId)).filter(([k]) => k === "accepted")).toEqual([["accepted", a.agent.id]]);
  });

  it("an accept racing the offer's expiry: the customer ends up either with the agent or back in the queue, never lost", async () => {
    const skill = await freshSkill();
    for (let i = 0; i < 4; i++) {
      const a = await agentOnShift([skill.id]);
      const r = await bot().request({ customer: { email: email() }, reason: `Expiry race ${i}`, skill: skill.code });
      expect((await statusOf(r.handoffId)).offered_agent_id).toBe(a.agent.id);
      await Promise.allSettled([as(a.user).queue.accept({ handoffId: r.handoffId }), sweepHandoffs(h.db, new Date(Date.now() + 60_000))]);
      const row = await statusOf(r.handoffId);
      if (row.status === "active") expect(row.agent_id).toBe(a.agent.id);
      else expect(row.status).toBe("waiting");
      const kinds = (await eventsOf(r.handoffId)).map(([k]) => k);
      expect(kinds.filter((k) => k === "accepted" || k === "offer_expired")).toHaveLength(1);
      // Out of the way of the next round.
      if (row.status === "active") await as(a.user).queue.resolve({ handoffId: r.handoffId, subject: "done", outcome: "resolved" });
      await as(a.user).queue.setAvailability({ status: "away" });
      if (row.status === "waiting") await bot().cancel({ handoffId: r.handoffId });
    }
  });

  it("requests arriving together with one free agent: one offer, the rest wait", async () => {
    const skill = await freshSkill();
    const a = await agentOnShift([skill.id]);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => bot().request({ customer: { email: email() }, reason: `Together ${i}`, skill: skill.code })),
    );
    const rows = await Promise.all(results.map((r) => statusOf(r.handoffId)));
    expect(rows.filter((r) => r.status === "offered")).toHaveLength(1);
    expect(rows.find((r) => r.status === "offered")!.offered_agent_id).toBe(a.agent.id);
    expect(rows.filter((r) => r.status === "waiting")).toHaveLength(5);
    // A pass that waited for another is stamped after it got the lock, never before the request it offers.
    const offered = rows.find((r) => r.status === "offered")!;
    expect(offered.offered_at!.getTime()).toBeGreaterThanOrEqual(offered.requested_at.getTime());
  });
});

describe("live updates", () => {
  it("reach a listener when the change commits, and not when it rolls back", async () => {
    const live = await startLiveHub(h);
    const seen: LiveEvent[] = [];
    live.hub.subscribe({ onEvent: (e) => seen.push(e) });
    try {
      await h.db
        .transaction()
        .execute(async (trx) => {
          await publishLive(trx, { topic: "presence", kind: "busy", agentId: "rolled-back" });
          throw new Error("roll back");
        })
        .catch(() => undefined);
      const skill = await freshSkill();
      const a = await agentOnShift([skill.id]);
      const r = await bot().request({ customer: { email: email() }, reason: "Live", skill: skill.code });
      const deadline = Date.now() + 5_000;
      while (!seen.some((e) => e.topic === "handoffs" && e.kind === "offered" && e.handoffId === r.handoffId) && Date.now() < deadline) {
        await new Promise((res) => setTimeout(res, 20));
      }
      expect(seen).toContainEqual({ topic: "presence", kind: "available", agentId: a.agent.id });
      expect(seen).toContainEqual({ topic: "handoffs", kind: "requested", handoffId: r.handoffId, agentId: null });
      expect(seen).toContainEqual({ topic: "handoffs", kind: "offered", handoffId: r.handoffId, agentId: a.agent.id });
      expect(seen.some((e) => e.topic === "presence" && e.agentId === "rolled-back")).toBe(false);
    } finally {
      await live.stop();
    }
  });
});

describe("a skill's SLA", () => {
  it("planners and supervisors set it (audited); it times new requests; bad values change nothing", async () => {
    const skill = await freshSkill();
    expect((await as(supervisor).skills.update({ skillId: skill.id, handoffSlaSeconds: 45 })).handoffSlaSeconds).toBe(45);
    const r = await bot().request({ customer: { email: email() }, reason: "Timed", skill: skill.code });
    expect(Date.parse(r.slaDueAt) - Date.parse(r.requestedAt)).toBe(45_000);
    const bad = await errorOf(as(planner).skills.update({ skillId: skill.id, handoffSlaSeconds: 2 }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toMatch(/At least 5 seconds/);
    const agentUser = (await makeAgent(h.db)).user;
    expect((await errorOf(as(agentUser).skills.update({ skillId: skill.id, handoffSlaSeconds: 30 }))).code).toBe("FORBIDDEN");
    expect((await as(planner).skills.update({ skillId: skill.id, handoffSlaSeconds: null })).handoffSlaSeconds).toBeNull();
    const listed = (await as(planner).skills.list()).find((s) => s.id === skill.id)!;
    expect(listed).toMatchObject({ handoffSlaSeconds: null, agentCount: 0 });
    const audit = await h.db.selectFrom("audit_log").select(["action"]).where("entity_id", "=", skill.id).where("action", "=", "skill.updated").execute();
    expect(audit).toHaveLength(2);
  });
});

describe("the customer's 360 page", () => {
  it("shows the request for a human while it is open — waiting, offered, taken — with who has it, and not once it is done", async () => {
    const skill = await freshSkill();
    const r = await bot().request({ customer: { email: email(), name: "Ines Moreau" }, reason: "Wants a person about a refund", channel: "phone", skill: skill.code, language: "fr" });
    const view = () => as(supervisor).customers.view360({ customerId: r.customerId });
    // No agent on shift with the skill: it waits.
    expect((await view()).openHandoff).toEqual({
      status: "waiting",
      channel: "phone",
      reason: "Wants a person about a refund",
      language: "fr",
      skill: skill.name,
      priority: false,
      requestedAt: r.requestedAt,
      slaDueAt: r.slaDueAt,
      offeredAt: null,
      acceptedAt: null,
      agentName: null,
    });

    const a = await agentOnShift([skill.id], { name: "Odile Offered" });
    await routeWaiting(h.db);
    const offered = (await view()).openHandoff!;
    expect(offered).toMatchObject({ status: "offered", agentName: "Odile Offered", acceptedAt: null });
    expect(offered.offeredAt).not.toBeNull();

    await as(a.user).queue.accept({ handoffId: r.handoffId });
    const taken = (await as(a.user).customers.view360({ customerId: r.customerId })).openHandoff!;
    expect(taken).toMatchObject({ status: "active", agentName: "Odile Offered" });
    expect(taken.acceptedAt).not.toBeNull();

    await as(a.user).queue.resolve({ handoffId: r.handoffId, subject: "Refund explained", outcome: "resolved" });
    expect((await view()).openHandoff).toBeNull();
  });

  it("is empty for a customer who never asked, and a cancelled request is not open", async () => {
    const skill = await freshSkill();
    const r = await bot().request({ customer: { email: email() }, reason: "Changed their mind", skill: skill.code });
    await bot().cancel({ handoffId: r.handoffId });
    expect((await as(planner).customers.view360({ customerId: r.customerId })).openHandoff).toBeNull();
    const quiet = await as(supervisor).customers.create({ kind: "person", name: "Quentin Quiet" });
    expect((await as(supervisor).customers.view360({ customerId: quiet.id })).openHandoff).toBeNull();
  });
});
