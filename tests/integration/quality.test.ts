import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../../server/auth/lucia";
import { callerFor, errorOf, makeAgent, makeUser } from "../setup/fixtures";
import { freshDatabase, type TestDatabase } from "../setup/test-db";

let h: TestDatabase;
let admin: SessionUser;
let supervisor: SessionUser;
let supervisor2: SessionUser;
let planner: SessionUser;
beforeAll(async () => {
  h = await freshDatabase();
  admin = await makeUser(h.db, "admin");
  supervisor = await makeUser(h.db, "supervisor");
  supervisor2 = await makeUser(h.db, "supervisor");
  planner = await makeUser(h.db, "planner");
});
afterAll(() => h.close());

const as = (user: SessionUser) => callerFor(h.db, user).caller;


let customerCounter = 0;
async function customer(db: Kysely<Database>, name = `Customer ${++customerCounter}`) {
  return db.insertInto("customers").values({ kind: "person", name, custom: "{}" }).returning("id").executeTakeFirstOrThrow();
}

async function shift(db: Kysely<Database>, agentId: string, startsAt: string, endsAt: string) {
  return db
    .insertInto("shifts")
    .values({ agent_id: agentId, starts_at: startsAt, ends_at: endsAt, status: "scheduled" })
    .returning("id")
    .executeTakeFirstOrThrow();
}

const MIN = 60_000;

async function interaction(
  db: Kysely<Database>,
  i: {
    agentId: string | null;
    shiftId?: string | null;
    customerId: string;
    startedAt: string;
    minutes?: number | null;
    outcome?: "resolved" | "follow_up" | "escalated" | null;
    csat?: number | null;
  },
) {
  const started = new Date(i.startedAt);
  const imported = i.agentId === null;
  return db
    .insertInto("interactions")
    .values({
      customer_id: i.customerId,
      agent_id: i.agentId,
      shift_id: i.shiftId ?? null,
      off_shift: !imported && !i.shiftId,
      source: imported ? "import" : "agent",
      imported_owner: imported ? "Old CRM user" : null,
      channel: "phone",
      direction: "inbound",
      started_at: started,
      ended_at: i.minutes === null || i.minutes === undefined ? null : new Date(started.getTime() + i.minutes * MIN),
      subject: "Question",
      outcome: i.outcome ?? null,
      csat: i.csat ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** A handoff accepted `waitSeconds` after it was asked for, with a 60 s SLA. */
async function acceptedHandoff(db: Kysely<Database>, agentId: string, requestedAt: string, waitSeconds: number) {
  const requested = new Date(requestedAt);
  const accepted = new Date(requested.getTime() + waitSeconds * 1000);
  const c = await customer(db);
  await db
    .insertInto("handoffs")
    .values({
      customer_id: c.id,
      channel: "chat",
      reason: "Wants a person",
      status: "resolved",
      requested_at: requested,
      sla_due_at: new Date(requested.getTime() + 60_000),
      accepted_at: accepted,
      agent_id: agentId,
      resolved_at: new Date(accepted.getTime() + 5 * MIN),
    })
    .execute();
}

describe("the QA form (criteria)", () => {
  it("supervisors and admins add, edit and retire criteria; other roles may not", async () => {
    const greeting = await as(supervisor).quality.createCriterion({ name: "Greeting", kind: "points", maxPoints: 5, weight: 1 });
    expect(greeting).toMatchObject({ name: "Greeting", kind: "points", maxPoints: 5, weight: 1, critical: false, retiredAt: null });
    const compliance = await as(admin).quality.createCriterion({ name: "Compliance", kind: "pass_fail", maxPoints: 7, weight: 2, critical: true });
    expect(compliance).toMatchObject({ kind: "pass_fail", maxPoints: 1, critical: true, position: greeting.position + 1 });

    expect((await errorOf(as(planner).quality.createCriterion({ name: "X", kind: "pass_fail" }))).code).toBe("FORBIDDEN");
    const agent = await makeAgent(h.db);
    expect((await errorOf(as(agent.user).quality.criteria())).code).toBe("FORBIDDEN");

    const taken = await errorOf(as(supervisor).quality.createCriterion({ name: "greeting", kind: "pass_fail" }));
    expect(taken).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("already has a criterion called") });
    const noMax = await errorOf(as(supervisor).quality.createCriterion({ name: "Empathy", kind: "points" }));
    expect(noMax).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("maxPoints") });

    const edited = await as(supervisor).quality.updateCriterion({
      criterionId: greeting.id,
      name: "Greeting and name",
      kind: "points",
      maxPoints: 4,
      weight: 2,
    });
    expect(edited).toMatchObject({ name: "Greeting and name", maxPoints: 4, weight: 2 });
    const audit = await h.db.selectFrom("audit_log").select(["action", "before", "after"]).where("entity_id", "=", greeting.id).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["qa.criterion.create", "qa.criterion.update"]);
    expect(audit[1]).toMatchObject({ before: { name: "Greeting", maxPoints: 5 }, after: { name: "Greeting and name", maxPoints: 4 } });

    await as(supervisor).quality.retireCriterion({ criterionId: compliance.id });
    expect((await errorOf(as(supervisor).quality.retireCriterion({ criterionId: compliance.id }))).code).toBe("CONFLICT");
    expect((await errorOf(as(supervisor).quality.updateCriterion({ criterionId: compliance.id, name: "C", kind: "pass_fail" }))).code).toBe("CONFLICT");
    expect((await as(supervisor).quality.criteria()).map((c) => c.name)).toEqual(["Greeting and name"]);
    const all = await as(supervisor).quality.criteria({ includeRetired: true });
    expect(all.map((c) => [c.name, c.retiredAt !== null])).toEqual([
      ["Greeting and name", false],
      ["Compliance", true],
    ]);
    // A retired name is free again on the live form.
    const again = await as(supervisor).quality.createCriterion({ name: "Compliance", kind: "pass_fail", weight: 2, critical: true });
    await as(supervisor).quality.retireCriterion({ criterionId: again.id });
    await as(supervisor).quality.retireCriterion({ criterionId: greeting.id });
    expect(await as(supervisor).quality.criteria()).toEqual([]);
  });
});

describe("scoring an interaction", () => {
  let agent: Awaited<ReturnType<typeof makeAgent>>;
  let other: Awaited<ReturnType<typeof makeAgent>>;
  let interactionId: string;
  let k: { greeting: string; resolution: string; compliance: string };

  beforeAll(async () => {
    agent = await makeAgent(h.db, { name: "Agent Scored" });
    other = await makeAgent(h.db, { name: "Agent Other" });
    const c = await customer(h.db);
    interactionId = (await interaction(h.db, { agentId: agent.agent.id, customerId: c.id, startedAt: "2026-02-02T09:00:00Z", minutes: 5, outcome: "resolved" })).id;
  });

  it("refuses to score while the form is empty", async () => {
    const e = await errorOf(as(supervisor).quality.score({ interactionId, scores: [{ criterionId: crypto.randomUUID(), points: 1 }] }));
    expect(e).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("no criteria yet") });
  });

  it("computes the weighted percentage on the server, leaves out what does not apply, and fails a critical miss", async () => {
    const make = (name: string, kind: "points" | "pass_fail", weight: number, maxPoints?: number, critical = false) =>
      as(supervisor).quality.createCriterion({ name, kind, weight, maxPoints, critical }).then((c) => c.id);
    k = {
      greeting: await make("Greets by name", "points", 1, 5),
      resolution: await make("Solves the problem", "points", 3, 10),
      compliance: await make("Verifies identity", "pass_fail", 2, undefined, true),
    };
    const score = (greeting: number | null, resolution: number | null, compliance: number | null, comment?: string) =>
      as(supervisor).quality.score({
        interactionId,
        comment,
        scores: [
          { criterionId: k.greeting, points: greeting },
          { criterionId: k.resolution, points: resolution },
          { criterionId: k.compliance, points: compliance },
        ],
      });
    // (1 × 3/5 + 3 × 5/10 + 2 × 1/1) / 6 = 4.1 / 6 = 68.33 %
    const first = await score(3, 5, 1, "Good recovery after a slow start.");
    expect(first).toMatchObject({ scorePercent: 68.33, autoFailed: false, comment: "Good recovery after a slow start.", reviewerId: supervisor.id });
    expect(first.items.map((i) => [i.name, i.points, i.maxPoints, i.weight])).toEqual([
      ["Greets by name", 3, 5, 1],
      ["Solves the problem", 5, 10, 3],
      ["Verifies identity", 1, 1, 2],
    ]);
    // Not applicable is left out: (1 × 4/5 + 2 × 1) / 3 = 93.33 %. The same reviewer again edits their scorecard.
    const second = await score(4, null, 1);
    expect(second).toMatchObject({ id: first.id, scorePercent: 93.33, comment: null });
    // A critical criterion failed: 0 % whatever else scored.
    const failed = await score(5, 10, 0);
    expect(failed).toMatchObject({ id: first.id, scorePercent: 0, autoFailed: true });
    const rows = await h.db.selectFrom("qa_scorecards").select(["id", "score_percent"]).where("interaction_id", "=", interactionId).execute();
    expect(rows).toHaveLength(1);
    const audit = await h.db.selectFrom("audit_log").select(["action", "before", "after"]).where("entity_id", "=", first.id).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["qa.scorecard.create", "qa.scorecard.update", "qa.scorecard.update"]);
    expect(audit[2]).toMatchObject({ before: { scorePercent: 93.33 }, after: { scorePercent: 0, autoFailed: true } });

    // A second supervisor keeps a scorecard of their own: (1 + 3 + 2) / 6 = 100 %.
    const theirs = await as(supervisor2).quality.score({
      interactionId,
      scores: [
        { criterionId: k.greeting, points: 5 },
        { criterionId: k.resolution, points: 10 },
        { criterionId: k.compliance, points: 1 },
      ],
    });
    expect(theirs.id).not.toBe(first.id);
    const view = await as(supervisor).quality.scorecards({ interactionId });
    expect(view.scorecards.map((s) => [s.reviewerId, s.scorePercent])).toEqual([
      [supervisor.id, 0],
      [supervisor2.id, 100],
    ]);
    expect(view).toMatchObject({ mineId: first.id, cannotScore: null, interaction: { agentId: agent.agent.id, agentName: "Agent Scored" } });
  });

  it("refuses bad answers with a clear message and changes nothing", async () => {
    const before = await as(supervisor).quality.scorecards({ interactionId });
    const attempt = (scores: { criterionId: string; points: number | null }[]) => errorOf(as(supervisor).quality.score({ interactionId, scores }));
    const tooMany = await attempt([
      { criterionId: k.greeting, points: 6 },
      { criterionId: k.resolution, points: 1 },
      { criterionId: k.compliance, points: 1 },
    ]);
    expect(tooMany).toMatchObject({ code: "BAD_REQUEST", message: "“Greets by name” is out of 5 points." });
    const passFail = await attempt([
      { criterionId: k.greeting, points: 1 },
      { criterionId: k.resolution, points: 1 },
      { criterionId: k.compliance, points: 2 },
    ]);
    expect(passFail.message).toBe("“Verifies identity” is pass (1) or fail (0).");
    const missing = await attempt([{ criterionId: k.greeting, points: 1 }]);
    expect(missing.message).toBe("Answer every criterion (or mark it not applicable): “Solves the problem”, “Verifies identity” are missing.");
    const twice = await attempt([
      { criterionId: k.greeting, points: 1 },
      { criterionId: k.greeting, points: 2 },
    ]);
    expect(twice.message).toBe("Each criterion is scored once.");
    const allNa = await attempt([
      { criterionId: k.greeting, points: null },
      { criterionId: k.resolution, points: null },
      { criterionId: k.compliance, points: null },
    ]);
    expect(allNa.message).toContain("every one was marked not applicable");
    const unknown = await attempt([
      { criterionId: k.greeting, points: 1 },
      { criterionId: k.resolution, points: 1 },
      { criterionId: k.compliance, points: 1 },
      { criterionId: crypto.randomUUID(), points: 1 },
    ]);
    expect(unknown.message).toContain("not on the QA form");
    const negative = await attempt([{ criterionId: k.greeting, points: -1 }]);
    expect(negative.code).toBe("BAD_REQUEST");
    const noSuch = await errorOf(as(supervisor).quality.score({ interactionId: crypto.randomUUID(), scores: [{ criterionId: k.greeting, points: 1 }] }));
    expect(noSuch.code).toBe("NOT_FOUND");
    expect(await as(supervisor).quality.scorecards({ interactionId })).toEqual(before);
  });

  it("keeps old scorecards' meaning when a criterion is edited or retired, and refuses retired criteria in new ones", async () => {
    await as(supervisor).quality.updateCriterion({ criterionId: k.greeting, name: "Greets warmly", kind: "points", maxPoints: 10, weight: 5 });
    const kept = (await as(supervisor).quality.scorecards({ interactionId })).scorecards.find((s) => s.reviewerId === supervisor2.id)!;
    expect(kept.items[0]).toMatchObject({ name: "Greets by name", maxPoints: 5, weight: 1, points: 5 });
    expect(kept.scorePercent).toBe(100);

    await as(supervisor).quality.retireCriterion({ criterionId: k.resolution });
    const retired = await errorOf(
      as(supervisor2).quality.score({
        interactionId,
        scores: [
          { criterionId: k.greeting, points: 5 },
          { criterionId: k.resolution, points: 10 },
          { criterionId: k.compliance, points: 1 },
        ],
      }),
    );
    expect(retired).toMatchObject({ code: "BAD_REQUEST", message: "“Solves the problem” was retired; score against the current form." });
    const afterRetire = (await as(supervisor).quality.scorecards({ interactionId })).scorecards.find((s) => s.reviewerId === supervisor2.id)!;
    expect(afterRetire.items.map((i) => i.name)).toContain("Solves the problem");
    // Rescored against the current form: (5 × 5/10 + 2 × 1) / 7 = 64.29 %.
    const rescored = await as(supervisor2).quality.score({
      interactionId,
      scores: [
        { criterionId: k.greeting, points: 5 },
        { criterionId: k.compliance, points: 1 },
      ],
    });
    expect(rescored).toMatchObject({ id: kept.id, scorePercent: 64.29 });
    expect(rescored.items.map((i) => i.name)).toEqual(["Greets warmly", "Verifies identity"]);
  });

  it("checks who may score and who may read", async () => {
    const scores = [
      { criterionId: k.greeting, points: 5 },
      { criterionId: k.compliance, points: 1 },
    ];
    expect((await errorOf(as(agent.user).quality.score({ interactionId, scores }))).code).toBe("FORBIDDEN");
    expect((await errorOf(as(planner).quality.score({ interactionId, scores }))).code).toBe("FORBIDDEN");
    expect((await errorOf(as(planner).quality.scorecards({ interactionId }))).code).toBe("FORBIDDEN");

    // The agent reads the scorecards of their own interaction, not someone else's.
    const mine = await as(agent.user).quality.scorecards({ interactionId });
    expect(mine.scorecards).toHaveLength(2);
    expect(mine.cannotScore).toBe("Only supervisors score interactions.");
    expect((await errorOf(as(other.user).quality.scorecards({ interactionId }))).code).toBe("NOT_FOUND");

    // A supervisor who takes customers too cannot score their own work.
    const selfScorer = await makeAgent(h.db, { name: "Sam Supervisor" });
    await h.db.updateTable("users").set({ role: "supervisor" }).where("id", "=", selfScorer.user.id).execute();
    const asSupervisor = { ...selfScorer.user, role: "supervisor" as const };
    const c = await customer(h.db);
    const own = await interaction(h.db, { agentId: selfScorer.agent.id, customerId: c.id, startedAt: "2026-02-02T10:00:00Z", minutes: 3 });
    const selfScore = await errorOf(as(asSupervisor).quality.score({ interactionId: own.id, scores }));
    expect(selfScore).toMatchObject({ code: "FORBIDDEN", message: "You cannot score your own interaction." });
    expect((await as(asSupervisor).quality.scorecards({ interactionId: own.id })).cannotScore).toBe("You cannot score your own interaction.");

    // Imported history has no agent of ours.
    const imported = await interaction(h.db, { agentId: null, customerId: c.id, startedAt: "2026-01-02T10:00:00Z" });
    expect((await errorOf(as(supervisor).quality.score({ interactionId: imported.id, scores }))).message).toBe(
      "Imported history has no agent of ours to score.",
    );

    // Only its reviewer (or an admin) deletes a scorecard.
    const theirs = (await as(supervisor).quality.scorecards({ interactionId })).scorecards.find((s) => s.reviewerId === supervisor2.id)!;
    expect((await errorOf(as(supervisor).quality.deleteScorecard({ scorecardId: theirs.id }))).code).toBe("FORBIDDEN");
    await as(supervisor2).quality.deleteScorecard({ scorecardId: theirs.id });
    expect((await as(supervisor).quality.scorecards({ interactionId })).scorecards.map((s) => s.reviewerId)).toEqual([supervisor.id]);
  });

  it("lists recent interactions to score with how they were scored", async () => {
    const page = await as(supervisor).quality.recent({ from: "2026-02-02", to: "2026-02-02", zone: "UTC", agentId: agent.agent.id });
    expect(page.items).toEqual([expect.objectContaining({ id: interactionId, scorecards: 1, qaAverage: 0, myScore: 0, agentName: "Agent Scored" })]);
    const unscored = await as(supervisor).quality.recent({ from: "2026-02-02", to: "2026-02-02", zone: "UTC", unscoredOnly: true });
    expect(unscored.items.map((i) => i.id)).not.toContain(interactionId);
    expect(unscored.items.length).toBeGreaterThanOrEqual(1);
    // An agent lists their own interactions only, whatever they ask for.
    const own = await as(agent.user).quality.recent({ from: "2026-02-02", to: "2026-02-02", zone: "UTC" });
    expect(own.items.map((i) => i.id)).toEqual([interactionId]);
    const notTheirs = await as(other.user).quality.recent({ from: "2026-02-02", to: "2026-02-02", zone: "UTC", agentId: agent.agent.id });
    expect(notTheirs.items).toEqual([]);
    expect((await errorOf(as(planner).quality.recent({ from: "2026-02-02", to: "2026-02-02", zone: "UTC" }))).code).toBe("FORBIDDEN");
  });
});

describe("the quality report, on a data set worked out by hand", () => {
  let r: TestDatabase;
  let sup: SessionUser;
  let sup2: SessionUser;
  const ids = {} as Record<string, string>;
  let A: Awaited<ReturnType<typeof makeAgent>>;
  let B: Awaited<ReturnType<typeof makeAgent>>;
  let C: Awaited<ReturnType<typeof makeAgent>>;
  let team1: string;
  const asR = (user: SessionUser) => callerFor(r.db, user).caller;

  beforeAll(async () => {
    r = await freshDatabase();
    sup = await makeUser(r.db, "supervisor");
    sup2 = await makeUser(r.db, "supervisor");
    team1 = (await r.db.insertInto("teams").values({ name: "Team One" }).returning("id").executeTakeFirstOrThrow()).id;
    const team2 = (await r.db.insertInto("teams").values({ name: "Team Two" }).returning("id").executeTakeFirstOrThrow()).id;
    A = await makeAgent(r.db, { name: "Alice Agent", teamId: team1 });
    B = await makeAgent(r.db, { name: "Bob Agent", teamId: team1 });
    C = await makeAgent(r.db, { name: "Cleo Agent", teamId: team2 });
    const S1 = (await shift(r.db, A.agent.id, "2026-02-02T08:00:00Z", "2026-02-02T16:00:00Z")).id;
    const S2 = (await shift(r.db, A.agent.id, "2026-02-03T08:00:00Z", "2026-02-03T16:00:00Z")).id;
    const S3 = (await shift(r.db, B.agent.id, "2026-02-02T08:00:00Z", "2026-02-02T16:00:00Z")).id;
    const S4 = (await shift(r.db, B.agent.id, "2026-02-03T08:00:00Z", "2026-02-03T16:00:00Z")).id;
    const S5 = (await shift(r.db, C.agent.id, "2026-02-02T08:00:00Z", "2026-02-02T16:00:00Z")).id;
    ids.S1 = S1;
    ids.S2 = S2;
    const c = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(() => customer(r.db)));
    const [c1, c2, c3, c4, c5, c6, c7] = c.map((x) => x.id) as [string, string, string, string, string, string, string];
    // c1 was in touch 3 days before (imported history): A's contact with c1 is not a first contact.
    await interaction(r.db, { agentId: null, customerId: c1, startedAt: "2026-01-30T09:00:00Z" });
    const ia = async (name: string, v: Parameters<typeof interaction>[1]) => (ids[name] = (await interaction(r.db, v)).id);
    await ia("a1", { agentId: A.agent.id, shiftId: S1, customerId: c1, startedAt: "2026-02-02T09:00:00Z", minutes: 10, outcome: "resolved", csat: 5 });
    await ia("a2", { agentId: A.agent.id, shiftId: S1, customerId: c2, startedAt: "2026-02-02T10:00:00Z", minutes: 20, outcome: "resolved", csat: 4 });
    await ia("a3", { agentId: A.agent.id, shiftId: S1, customerId: c3, startedAt: "2026-02-02T11:00:00Z", minutes: 6, outcome: "resolved" });
    await ia("a4", { agentId: A.agent.id, shiftId: S2, customerId: c4, startedAt: "2026-02-03T09:00:00Z", minutes: 4, outcome: "follow_up", csat: 2 });
    await ia("a5", { agentId: A.agent.id, customerId: c5, startedAt: "2026-02-03T20:00:00Z", minutes: null, outcome: "resolved", csat: 3 });
    await ia("b1", { agentId: B.agent.id, shiftId: S3, customerId: c6, startedAt: "2026-02-02T09:30:00Z", minutes: 8, outcome: "resolved", csat: 4 });
    // c2 comes back the next day: a2 was not resolved at the first contact, and b2 is a repeat.
    await ia("b2", { agentId: B.agent.id, shiftId: S4, customerId: c2, startedAt: "2026-02-03T12:00:00Z", minutes: 12, outcome: "resolved" });
    await ia("c1x", { agentId: C.agent.id, shiftId: S5, customerId: c7, startedAt: "2026-02-02T13:00:00Z", minutes: 30, outcome: "escalated", csat: 1 });
    // Outside the range: c3 again after 10 days and c6 7 days and a minute after b1 (both past the window).
    await interaction(r.db, { agentId: C.agent.id, customerId: c3, startedAt: "2026-02-12T11:00:00Z", minutes: 5, outcome: "resolved" });
    await interaction(r.db, { agentId: C.agent.id, customerId: c6, startedAt: "2026-02-09T09:31:00Z", minutes: 5, outcome: "resolved" });

    // The QA form and scorecards.
    const crit = (name: string, kind: "points" | "pass_fail", weight: number, maxPoints?: number, critical = false) =>
      asR(sup).quality.createCriterion({ name, kind, weight, maxPoints, critical }).then((x) => x.id);
    const K1 = await crit("Greeting", "points", 1, 5);
    const K2 = await crit("Resolution", "points", 3, 10);
    const K3 = await crit("Compliance", "pass_fail", 2, undefined, true);
    const score = (who: SessionUser, interactionId: string, p1: number | null, p2: number | null, p3: number | null) =>
      asR(who).quality.score({
        interactionId,
        scores: [
          { criterionId: K1, points: p1 },
          { criterionId: K2, points: p2 },
          { criterionId: K3, points: p3 },
        ],
      });
    await score(sup, ids.a1!, 5, 10, 1); // 100
    await score(sup, ids.a2!, 3, 5, 1); // 68.33
    await score(sup2, ids.a2!, 4, null, 1); // 93.33
    await score(sup, ids.a4!, 5, 10, 0); // 0, critical miss
    await score(sup, ids.b1!, 5, 8, 1); // 90

    // Handoffs: A waited 10, 30, 50, 90 s on 2 Feb (shift S1) and 70 s on 3 Feb (S2); B 20 s and 40 s; SLA 60 s.
    await acceptedHandoff(r.db, A.agent.id, "2026-02-02T09:00:00Z", 10);
    await acceptedHandoff(r.db, A.agent.id, "2026-02-02T10:00:00Z", 30);
    await acceptedHandoff(r.db, A.agent.id, "2026-02-02T11:00:00Z", 50);
    await acceptedHandoff(r.db, A.agent.id, "2026-02-02T12:00:00Z", 90);
    await acceptedHandoff(r.db, A.agent.id, "2026-02-03T09:00:00Z", 70);
    await acceptedHandoff(r.db, B.agent.id, "2026-02-02T09:30:00Z", 20);
    await acceptedHandoff(r.db, B.agent.id, "2026-02-03T09:30:00Z", 40);
    await acceptedHandoff(r.db, A.agent.id, "2026-02-04T09:00:00Z", 5); // outside the range
    // Nobody accepted: still waiting past its due time (missed), cancelled in time (not counted), abandoned late (missed).
    const unaccepted = async (requestedAt: string, status: "waiting" | "cancelled" | "abandoned", endedAfterSeconds?: number) => {
      const requested = new Date(requestedAt);
      const ended = endedAfterSeconds === undefined ? null : new Date(requested.getTime() + endedAfterSeconds * 1000);
      await r.db
        .insertInto("handoffs")
        .values({
          customer_id: (await customer(r.db)).id,
          channel: "chat",
          reason: "Wants a person",
          status,
          requested_at: requested,
          sla_due_at: new Date(requested.getTime() + 60_000),
          cancelled_at: status === "cancelled" ? ended : null,
          abandoned_at: status === "abandoned" ? ended : null,
        })
        .execute();
    };
    await unaccepted("2026-02-02T12:00:00Z", "waiting");
    await unaccepted("2026-02-02T13:00:00Z", "cancelled", 30);
    await unaccepted("2026-02-03T10:00:00Z", "abandoned", 300);
  });
  afterAll(() => r.close());

  const range = { from: "2026-02-02", to: "2026-02-03", zone: "UTC" };

  it("totals: interactions, handle time, FCR, CSAT, QA, wait median and p90, SLA met", async () => {
    const report = await asR(sup).quality.report(range);
    const t = report.totals;
    expect(t.interactions).toBe(8);
    // Handle minutes 10, 20, 6, 4, 8, 12, 30 (a5 has no end): 90 / 7.
    expect(t.avgHandleSeconds).toBeCloseTo((90 * 60) / 7, 6);
    // First contacts a2, a3, a4, a5, b1, c1x; resolved without repeat: a3, a5, b1.
    expect(t.firstContacts).toBe(6);
    expect(t.fcrPercent).toBeCloseTo(50, 6);
    expect(t.csatAverage).toBeCloseTo(19 / 6, 6);
    expect(t.csatResponses).toBe(6);
    // 100, 68.33, 93.33, 0, 90
    expect(t.qaScorecards).toBe(5);
    expect(t.qaAverage).toBeCloseTo((100 + 68.33 + 93.33 + 0 + 90) / 5, 6);
    // Waits 10 20 30 40 50 70 90: median 40; p90 at rank 0.9 × 6 = 5.4 → 70 + 0.4 × 20 = 78.
    expect(t.handoffs).toBe(7);
    expect(t.waitMedianSeconds).toBeCloseTo(40, 6);
    expect(t.waitP90Seconds).toBeCloseTo(78, 6);
    // Met 5 of 7 accepted, plus 2 unaccepted missed (the cancelled one in time does not count).
    expect(t.slaCounted).toBe(9);
    expect(t.slaMetPercent).toBeCloseTo((100 * 5) / 9, 6);
    expect(report.slaIncludesUnaccepted).toBe(true);
  });

  it("per agent", async () => {
    const report = await asR(sup).quality.report(range);
    expect(report.agents.map((a) => a.name)).toEqual(["Alice Agent", "Bob Agent", "Cleo Agent"]);
    const [a, b, c] = report.agents;
    expect(a).toMatchObject({ agentId: A.agent.id, teamName: "Team One", interactions: 5, firstContacts: 4, csatResponses: 4, qaScorecards: 4, handoffs: 5, slaCounted: 5 });
    expect(a!.avgHandleSeconds).toBeCloseTo(600, 6);
    expect(a!.fcrPercent).toBeCloseTo(50, 6);
    expect(a!.csatAverage).toBeCloseTo(3.5, 6);
    expect(a!.qaAverage).toBeCloseTo((100 + 68.33 + 93.33 + 0) / 4, 6);
    // 10 30 50 70 90: median 50, p90 at rank 3.6 → 70 + 0.6 × 20 = 82.
    expect(a!.waitMedianSeconds).toBeCloseTo(50, 6);
    expect(a!.waitP90Seconds).toBeCloseTo(82, 6);
    expect(a!.slaMetPercent).toBeCloseTo(60, 6);
    expect(b).toMatchObject({ interactions: 2, firstContacts: 1, csatResponses: 1, qaScorecards: 1, handoffs: 2 });
    expect(b!.avgHandleSeconds).toBeCloseTo(600, 6);
    expect(b!.fcrPercent).toBeCloseTo(100, 6);
    expect(b!.qaAverage).toBeCloseTo(90, 6);
    // 20 40: median 30, p90 at rank 0.9 → 20 + 0.9 × 20 = 38.
    expect(b!.waitMedianSeconds).toBeCloseTo(30, 6);
    expect(b!.waitP90Seconds).toBeCloseTo(38, 6);
    expect(b!.slaMetPercent).toBeCloseTo(100, 6);
    expect(c).toMatchObject({ interactions: 1, firstContacts: 1, fcrPercent: 0, csatAverage: 1, qaAverage: null, handoffs: 0, waitMedianSeconds: null, slaMetPercent: null });
    expect(report.shifts).toBeNull();
  });

  it("per shift of one agent, off-shift work last", async () => {
    const report = await asR(sup).quality.report({ ...range, agentId: A.agent.id });
    expect(report.agents.map((x) => x.name)).toEqual(["Alice Agent"]);
    expect(report.totals.interactions).toBe(5);
    expect(report.slaIncludesUnaccepted).toBe(false);
    const shifts = report.shifts!;
    expect(shifts.map((s) => s.shiftId)).toEqual([ids.S2, ids.S1, null]);
    const [s2, s1, off] = shifts;
    expect(s1).toMatchObject({ startsAt: "2026-02-02T08:00:00.000Z", interactions: 3, firstContacts: 2, csatResponses: 2, qaScorecards: 3, handoffs: 4 });
    expect(s1!.avgHandleSeconds).toBeCloseTo(720, 6);
    expect(s1!.fcrPercent).toBeCloseTo(50, 6);
    expect(s1!.csatAverage).toBeCloseTo(4.5, 6);
    expect(s1!.qaAverage).toBeCloseTo((100 + 68.33 + 93.33) / 3, 6);
    // 10 30 50 90: median 40, p90 at rank 2.7 → 50 + 0.7 × 40 = 78; 3 of 4 in time.
    expect(s1!.waitMedianSeconds).toBeCloseTo(40, 6);
    expect(s1!.waitP90Seconds).toBeCloseTo(78, 6);
    expect(s1!.slaMetPercent).toBeCloseTo(75, 6);
    expect(s2).toMatchObject({ interactions: 1, avgHandleSeconds: 240, fcrPercent: 0, csatAverage: 2, qaAverage: 0, waitMedianSeconds: 70, slaMetPercent: 0 });
    expect(off).toMatchObject({ startsAt: null, interactions: 1, avgHandleSeconds: null, fcrPercent: 100, csatAverage: 3, handoffs: 0 });
  });

  it("per day, every day of the range, for the charts", async () => {
    const report = await asR(sup).quality.report(range);
    expect(report.days.map((d) => d.day)).toEqual(["2026-02-02", "2026-02-03"]);
    const [d2, d3] = report.days;
    expect(d2!.interactions).toBe(5);
    expect(d2!.avgHandleSeconds).toBeCloseTo(888, 6);
    // 10 20 30 50 90: median 30, p90 at rank 3.6 → 50 + 0.6 × 40 = 74; met 4 of 5 accepted + the waiting one missed.
    expect(d2!.waitMedianSeconds).toBeCloseTo(30, 6);
    expect(d2!.waitP90Seconds).toBeCloseTo(74, 6);
    expect(d2!.slaMetPercent).toBeCloseTo((100 * 4) / 6, 6);
    expect(d3!.interactions).toBe(3);
    expect(d3!.avgHandleSeconds).toBeCloseTo(480, 6);
    expect(d3!.waitMedianSeconds).toBeCloseTo(55, 6);
    expect(d3!.waitP90Seconds).toBeCloseTo(67, 6);
    expect(d3!.slaMetPercent).toBeCloseTo(100 / 3, 6);
    // Days run midnight to midnight in the viewer's zone: 3 Feb in Tokyo is 2 Feb 15:00Z to 3 Feb 15:00Z.
    const tokyo = await asR(sup).quality.report({ from: "2026-02-03", to: "2026-02-03", zone: "Asia/Tokyo" });
    expect(tokyo.totals.interactions).toBe(2);
    const empty = await asR(sup).quality.report({ from: "2025-06-01", to: "2025-06-03", zone: "UTC" });
    expect(empty.agents).toEqual([]);
    expect(empty.days).toHaveLength(3);
    expect(empty.totals).toMatchObject({ interactions: 0, fcrPercent: null, waitMedianSeconds: null });
  });

  it("filters by team (handoffs nobody accepted then do not count)", async () => {
    const report = await asR(sup).quality.report({ ...range, teamId: team1 });
    expect(report.agents.map((a) => a.name)).toEqual(["Alice Agent", "Bob Agent"]);
    expect(report.totals.interactions).toBe(7);
    expect(report.totals.slaCounted).toBe(7);
    expect(report.totals.slaMetPercent).toBeCloseTo((100 * 5) / 7, 6);
  });

  it("gives an agent their own numbers only, and refuses bad ranges", async () => {
    const own = await asR(B.user).quality.report({ ...range, teamId: team1, agentId: A.agent.id });
    expect(own.agents.map((a) => a.agentId)).toEqual([B.agent.id]);
    expect(own.agentId).toBe(B.agent.id);
    expect(own.totals.interactions).toBe(2);
    const planner = await makeUser(r.db, "planner");
    expect((await asR(planner).quality.report(range)).agents).toHaveLength(3);
    const hr = await makeUser(r.db, "hr");
    expect((await errorOf(asR(hr).quality.report(range))).code).toBe("FORBIDDEN");
    const backwards = await errorOf(asR(sup).quality.report({ from: "2026-02-03", to: "2026-02-02", zone: "UTC" }));
    expect(backwards).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("at most 92 days") });
    const tooLong = await errorOf(asR(sup).quality.report({ from: "2026-01-01", to: "2026-04-30", zone: "UTC" }));
    expect(tooLong.code).toBe("BAD_REQUEST");
  });
});

describe("the demo seed's quality data", () => {
  it("gives the quality page life: a QA form, scorecards worked out by the same rule, CSAT and handoff waits", async () => {
    const { seedDemo } = await import("../../db/seed");
    const { scorecardPercent } = await import("../../server/support/quality.service");
    const d = await freshDatabase();
    try {
      const now = new Date(Date.now() - 7 * 60_000);
      const first = await d.db.transaction().execute((trx) => seedDemo(trx, now));
      expect(first.qaCriteriaCreated).toBe(7);
      expect(first.scorecardsCreated).toBeGreaterThan(30);
      expect(first.historicHandoffsCreated).toBeGreaterThan(30);
      const again = await d.db.transaction().execute((trx) => seedDemo(trx, now));
      expect(again).toMatchObject({ qaCriteriaCreated: 0, scorecardsCreated: 0, historicHandoffsCreated: 0 });

      const sup = await d.db.selectFrom("users").select(["id", "email", "name", "role"]).where("email", "=", "supervisor@demo.test").executeTakeFirstOrThrow();
      const { caller } = callerFor(d.db, sup);
      const today = now.toISOString().slice(0, 10);
      const from = new Date(now.getTime() - 13 * 86_400_000).toISOString().slice(0, 10);
      const report = await caller.quality.report({ from, to: today, zone: "UTC" });
      expect(report.agents.length).toBeGreaterThan(10);
      expect(report.totals.qaScorecards).toBeGreaterThan(20);
      expect(report.totals.csatResponses).toBeGreaterThan(50);
      expect(report.totals.handoffs).toBeGreaterThan(20);
      expect(report.totals.waitP90Seconds!).toBeGreaterThanOrEqual(report.totals.waitMedianSeconds!);
      expect(report.totals.slaMetPercent).toBeGreaterThan(0);
      expect(report.totals.slaMetPercent).toBeLessThan(100);

      // Each seeded scorecard's percentage is what the server's rule gives for its answers.
      const recent = await caller.quality.recent({ from, to: today, zone: "UTC", limit: 100 });
      const scored = recent.items.filter((i) => i.scorecards > 0).slice(0, 5);
      expect(scored.length).toBeGreaterThan(0);
      for (const i of scored) {
        const [card] = (await caller.quality.scorecards({ interactionId: i.id })).scorecards;
        expect(card!.scorePercent).toBe(scorecardPercent(card!.items).percent);
      }
    } finally {
      await d.close();
    }
  });
});
