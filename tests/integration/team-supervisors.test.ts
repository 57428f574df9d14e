import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../db/seed";
import type { SessionUser } from "../../server/auth/lucia";
import { setDisabled } from "../../server/users/users.service";
import { setTeamSupervisor } from "../../server/workforce/teams.service";
import { callerFor, errorOf, makeAgent, makeUser } from "../setup/fixtures";
import { dbKind, freshDatabase, type TestDatabase } from "../setup/test-db";

let h: TestDatabase;
let admin: SessionUser;
let planner: SessionUser;
let supA: SessionUser;
let supB: SessionUser;
beforeAll(async () => {
  h = await freshDatabase();
  admin = await makeUser(h.db, "admin");
  planner = await makeUser(h.db, "planner", { name: "Pat Planner" });
  supA = await makeUser(h.db, "supervisor", { name: "Ada Supervisor" });
  supB = await makeUser(h.db, "supervisor", { name: "Ben Supervisor" });
});
afterAll(() => h.close());

const as = (user: SessionUser) => callerFor(h.db, user).caller;

let teamCounter = 0;
async function team(name = `Team ${++teamCounter}`) {
  return as(planner).teams.create({ name });
}

/** A future day, different per call, so one agent's requests never overlap. */
let dayCounter = 0;
function requestDay(): string {
  dayCounter++;
  return new Date(Date.UTC(2031, 0, 1) + dayCounter * 2 * 86_400_000).toISOString().slice(0, 10);
}

async function pendingRequest(user: SessionUser, reason = "Family matters") {
  const day = requestDay();
  return as(user).timeOff.request({ fromDate: day, toDate: day, reason });
}

async function statusOf(requestId: string) {
  return (await h.db.selectFrom("time_off_requests").select("status").where("id", "=", requestId).executeTakeFirstOrThrow()).status;
}

async function supervisorAuditOf(teamId: string) {
  return h.db
    .selectFrom("audit_log")
    .select(["actor_id", "before", "after"])
    .where("action", "=", "team.supervisor_set")
    .where("entity_id", "=", teamId)
    .orderBy("id")
    .execute();
}

describe("setting a team's supervisor", () => {
  it("lets a planner set one, shows it with the agent count in teams.list, and audits before and after", async () => {
    const t = await team("Tier 2 — Nordics");
    await makeAgent(h.db, { teamId: t.id });
    await makeAgent(h.db, { teamId: t.id });
    const view = await as(planner).teams.setSupervisor({ teamId: t.id, supervisorUserId: supA.id });
    expect(view).toEqual({ id: t.id, name: "Tier 2 — Nordics", agentCount: 2, supervisor: { id: supA.id, name: "Ada Supervisor", status: "active" } });
    // Every signed-in role reads the list (the agents pages and the board use it).
    const listed = (await as(supB).teams.list()).find((x) => x.id === t.id);
    expect(listed).toEqual(view);

    await as(admin).teams.setSupervisor({ teamId: t.id, supervisorUserId: supB.id });
    const audit = await supervisorAuditOf(t.id);
    expect(audit).toEqual([
      {
        actor_id: planner.id,
        before: { supervisorUserId: null, supervisorName: null },
        after: { supervisorUserId: supA.id, supervisorName: "Ada Supervisor" },
      },
      {
        actor_id: admin.id,
        before: { supervisorUserId: supA.id, supervisorName: "Ada Supervisor" },
        after: { supervisorUserId: supB.id, supervisorName: "Ben Supervisor" },
      },
    ]);
    // Setting the same supervisor again changes nothing and records nothing.
    await as(planner).teams.setSupervisor({ teamId: t.id, supervisorUserId: supB.id });
    expect(await supervisorAuditOf(t.id)).toHaveLength(2);
  });

  it("refuses a user who does not exist, lacks the supervisor role or is disabled, naming the problem and changing nothing", async () => {
    const t = await team();
    await as(planner).teams.setSupervisor({ teamId: t.id, supervisorUserId: supA.id });
    const agentUser = await makeUser(h.db, "agent", { name: "Al Agent" });
    const plannerUser = await makeUser(h.db, "planner", { name: "Polly Planner" });
    const gone = await makeUser(h.db, "supervisor", { name: "Gus Gone" });
    await setDisabled(h.db, { id: admin.id, label: "test", ip: null }, gone.id, true);

    const missing = await errorOf(as(planner).teams.setSupervisor({ teamId: t.id, supervisorUserId: crypto.randomUUID() }));
    expect(missing.code).toBe("BAD_REQUEST");
    expect(missing.message).toBe("No such user to make supervisor.");
    const notSupervisor = await errorOf(as(planner).teams.setSupervisor({ teamId: t.id, supervisorUserId: agentUser.id }));
    expect(notSupervisor.code).toBe("BAD_REQUEST");
    expect(notSupervisor.message).toBe("Al Agent does not have the supervisor role; only supervisors can lead a team.");
    const aPlanner = await errorOf(as(planner).teams.setSupervisor({ teamId: t.id, supervisorUserId: plannerUser.id }));
    expect(aPlanner.message).toBe("Polly Planner does not have the supervisor role; only supervisors can lead a team.");
    const disabled = await errorOf(as(planner).teams.setSupervisor({ teamId: t.id, supervisorUserId: gone.id }));
    expect(disabled.code).toBe("BAD_REQUEST");
    expect(disabled.message).toBe("Gus Gone's account is disabled; a disabled user cannot supervise a team.");
    const noTeam = await errorOf(as(planner).teams.setSupervisor({ teamId: crypto.randomUUID(), supervisorUserId: supA.id }));
    expect(noTeam.code).toBe("NOT_FOUND");
    const badId = await errorOf(as(planner).teams.setSupervisor({ teamId: t.id, supervisorUserId: "nope" }));
    expect(badId.code).toBe("BAD_REQUEST");

    expect((await as(planner).teams.list()).find((x) => x.id === t.id)!.supervisor).toEqual({ id: supA.id, name: "Ada Supervisor", status: "active" });
    expect(await supervisorAuditOf(t.id)).toHaveLength(1);
    // Only enabled supervisors are offered in the page's select.
    const candidates = (await as(planner).teams.supervisorCandidates()).map((u) => u.id);
    expect(candidates).toEqual(expect.arrayContaining([supA.id, supB.id]));
    expect(candidates).not.toContain(gone.id);
    expect(candidates).not.toContain(agentUser.id);
  });

  it("is for planners and admins only", async () => {
    const t = await team();
    const bySupervisor = await errorOf(as(supA).teams.setSupervisor({ teamId: t.id, supervisorUserId: supA.id }));
    expect(bySupervisor.code).toBe("FORBIDDEN");
    expect((await as(planner).teams.list()).find((x) => x.id === t.id)!.supervisor).toBeNull();
  });

  it("flags a supervisor who was later disabled", async () => {
    const t = await team();
    const later = await makeUser(h.db, "supervisor", { name: "Lee Later" });
    await as(planner).teams.setSupervisor({ teamId: t.id, supervisorUserId: later.id });
    await setDisabled(h.db, { id: admin.id, label: "test", ip: null }, later.id, true);
    expect((await as(planner).teams.list()).find((x) => x.id === t.id)!.supervisor).toEqual({ id: later.id, name: "Lee Later", status: "disabled" });
  });
});

describe("time off is decided by the team's supervisor", () => {
  it("lets the supervisor of team A see and decide A's requests only, and refuses B's", async () => {
    const a = await team("Alpha desk");
    const b = await team("Bravo desk");
    await as(planner).teams.setSupervisor({ teamId: a.id, supervisorUserId: supA.id });
    await as(planner).teams.setSupervisor({ teamId: b.id, supervisorUserId: supB.id });
    const alice = await makeAgent(h.db, { teamId: a.id, name: "Alice Alpha" });
    const bob = await makeAgent(h.db, { teamId: b.id, name: "Bob Bravo" });
    const aliceOff = await pendingRequest(alice.user);
    const bobOff = await pendingRequest(bob.user);

    const seenByA = await as(supA).timeOff.list({ status: "pending" });
    expect(seenByA.map((r) => r.id)).toContain(aliceOff.id);
    expect(seenByA.map((r) => r.id)).not.toContain(bobOff.id);
    expect(seenByA.every((r) => r.teamId !== null && r.teamName !== null)).toBe(true);
    expect(seenByA.find((r) => r.id === aliceOff.id)).toMatchObject({ agentName: "Alice Alpha", teamId: a.id, teamName: "Alpha desk" });
    const seenByB = await as(supB).timeOff.list({ status: "pending" });
    expect(seenByB.map((r) => r.id)).toContain(bobOff.id);
    expect(seenByB.map((r) => r.id)).not.toContain(aliceOff.id);

    const refused = await errorOf(as(supA).timeOff.decide({ requestId: bobOff.id, decision: "approved" }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toBe("Only the supervisor of Bravo desk (or a planner) can decide this request.");
    expect(await statusOf(bobOff.id)).toBe("pending");

    expect(await as(supA).timeOff.decide({ requestId: aliceOff.id, decision: "approved" })).toEqual({ status: "approved", conflictingShifts: [] });
    expect(await statusOf(aliceOff.id)).toBe("approved");
    expect((await as(supA).timeOff.list({ status: "approved" })).map((r) => r.id)).toContain(aliceOff.id);
    expect((await as(supB).timeOff.list({ status: "approved" })).map((r) => r.id)).not.toContain(aliceOff.id);
    await as(supB).timeOff.decide({ requestId: bobOff.id, decision: "rejected", note: "Peak week" });
    expect(await statusOf(bobOff.id)).toBe("rejected");
  });

  it("lets planners and admins see and decide any request, in a team or not", async () => {
    const t = await team();
    await as(planner).teams.setSupervisor({ teamId: t.id, supervisorUserId: supA.id });
    const inTeam = await makeAgent(h.db, { teamId: t.id });
    const loner = await makeAgent(h.db, { teamId: null, name: "Lone Wolf" });
    const first = await pendingRequest(inTeam.user);
    const second = await pendingRequest(loner.user);
    const third = await pendingRequest(loner.user);
    const all = (await as(planner).timeOff.list({ status: "pending", limit: 200 })).map((r) => r.id);
    expect(all).toEqual(expect.arrayContaining([first.id, second.id, third.id]));
    expect((await as(admin).timeOff.list({ status: "pending", limit: 200 })).map((r) => r.id)).toEqual(all);

    await as(planner).timeOff.decide({ requestId: first.id, decision: "approved" });
    await as(planner).timeOff.decide({ requestId: second.id, decision: "rejected", note: "Cover is thin" });
    await as(admin).timeOff.decide({ requestId: third.id, decision: "approved" });
    expect([await statusOf(first.id), await statusOf(second.id), await statusOf(third.id)]).toEqual(["approved", "rejected", "approved"]);
    // The decision is audited with who made it, as before.
    const audit = await h.db.selectFrom("audit_log").select("actor_id").where("entity_id", "=", first.id).where("action", "=", "time_off.approved").executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(planner.id);
  });

  it("leaves a team without a supervisor, and an agent without a team, to planners and admins", async () => {
    const orphanTeam = await team("Night owls");
    const owl = await makeAgent(h.db, { teamId: orphanTeam.id });
    const loner = await makeAgent(h.db, { teamId: null });
    const owlOff = await pendingRequest(owl.user);
    const lonerOff = await pendingRequest(loner.user);
    for (const sup of [supA, supB]) {
      const seen = (await as(sup).timeOff.list({})).map((r) => r.id);
      expect(seen).not.toContain(owlOff.id);
      expect(seen).not.toContain(lonerOff.id);
    }
    const owlRefused = await errorOf(as(supA).timeOff.decide({ requestId: owlOff.id, decision: "approved" }));
    expect(owlRefused.code).toBe("FORBIDDEN");
    expect(owlRefused.message).toBe("Only the supervisor of Night owls (or a planner) can decide this request.");
    const lonerRefused = await errorOf(as(supA).timeOff.decide({ requestId: lonerOff.id, decision: "approved" }));
    expect(lonerRefused.code).toBe("FORBIDDEN");
    expect(lonerRefused.message).toBe("This agent is in no team: only a planner can decide this request.");
    expect([await statusOf(owlOff.id), await statusOf(lonerOff.id)]).toEqual(["pending", "pending"]);
    await as(planner).timeOff.decide({ requestId: owlOff.id, decision: "approved" });
    expect(await statusOf(owlOff.id)).toBe("approved");
  });

  it("takes the team's requests away from a supervisor whose team is cleared or handed to another", async () => {
    const t = await team("Handover desk");
    await as(planner).teams.setSupervisor({ teamId: t.id, supervisorUserId: supA.id });
    const agent = await makeAgent(h.db, { teamId: t.id });
    const off = await pendingRequest(agent.user);
    expect((await as(supA).timeOff.list({ status: "pending" })).map((r) => r.id)).toContain(off.id);

    const cleared = await as(planner).teams.setSupervisor({ teamId: t.id, supervisorUserId: null });
    expect(cleared.supervisor).toBeNull();
    expect((await as(planner).teams.list()).find((x) => x.id === t.id)!.supervisor).toBeNull();
    expect((await supervisorAuditOf(t.id)).at(-1)).toMatchObject({
      before: { supervisorUserId: supA.id, supervisorName: "Ada Supervisor" },
      after: { supervisorUserId: null, supervisorName: null },
    });
    expect((await as(supA).timeOff.list({ status: "pending" })).map((r) => r.id)).not.toContain(off.id);
    expect((await errorOf(as(supA).timeOff.decide({ requestId: off.id, decision: "approved" }))).code).toBe("FORBIDDEN");

    await as(planner).teams.setSupervisor({ teamId: t.id, supervisorUserId: supB.id });
    expect((await errorOf(as(supA).timeOff.decide({ requestId: off.id, decision: "approved" }))).code).toBe("FORBIDDEN");
    await as(supB).timeOff.decide({ requestId: off.id, decision: "approved" });
    expect(await statusOf(off.id)).toBe("approved");
  });

  it("shows a supervisor who leads no team no requests at all", async () => {
    const idle = await makeUser(h.db, "supervisor");
    const t = await team();
    const agent = await makeAgent(h.db, { teamId: t.id });
    await pendingRequest(agent.user);
    expect(await as(idle).timeOff.list({})).toEqual([]);
    expect((await as(planner).timeOff.list({})).length).toBeGreaterThan(0);
  });

  it("still refuses an agent deciding, and says a request was already decided only to those who may decide it", async () => {
    const t = await team();
    await as(planner).teams.setSupervisor({ teamId: t.id, supervisorUserId: supA.id });
    const agent = await makeAgent(h.db, { teamId: t.id });
    const off = await pendingRequest(agent.user);
    expect((await errorOf(as(agent.user).timeOff.decide({ requestId: off.id, decision: "approved" }))).code).toBe("FORBIDDEN");
    await as(supA).timeOff.decide({ requestId: off.id, decision: "approved" });
    expect((await errorOf(as(supB).timeOff.decide({ requestId: off.id, decision: "rejected" }))).code).toBe("FORBIDDEN");
    expect((await errorOf(as(supA).timeOff.decide({ requestId: off.id, decision: "rejected" }))).message).toBe("This request was already approved.");
  });
});

describe.runIf(dbKind() === "postgres")("a decision racing a change of supervisor on PostgreSQL", () => {
  it("waits for the change to commit and then follows it", async () => {
    const t = await team("Race desk");
    await as(planner).teams.setSupervisor({ teamId: t.id, supervisorUserId: supA.id });
    const agent = await makeAgent(h.db, { teamId: t.id });
    const off = await pendingRequest(agent.user);

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let changed!: () => void;
    const changedYet = new Promise<void>((resolve) => (changed = resolve));
    const handover = h.db.transaction().execute(async (trx) => {
      await setTeamSupervisor(trx, { id: planner.id, label: "test", ip: null }, { teamId: t.id, supervisorUserId: supB.id });
      changed();
      await gate; // holds the team row until released
    });
    await changedYet;
    let settled = false;
    const decision = errorOf(as(supA).timeOff.decide({ requestId: off.id, decision: "approved" })).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false); // waiting on the team row, not deciding on what it read before
    release();
    await handover;
    const refused = await decision;
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toBe("Only the supervisor of Race desk (or a planner) can decide this request.");
    expect(await statusOf(off.id)).toBe("pending");
  });
});

describe("the demo seed", () => {
  it("makes supervisor@demo.test the supervisor of every demo team, so the demo's pending time off is theirs to decide", async () => {
    const demo = await freshDatabase();
    try {
      await demo.db.transaction().execute((trx) => seedDemo(trx));
      const sofia = await demo.db.selectFrom("users").select(["id", "email", "name", "role"]).where("email", "=", "supervisor@demo.test").executeTakeFirstOrThrow();
      const caller = callerFor(demo.db, sofia).caller;
      const teams = await caller.teams.list();
      expect(teams.length).toBeGreaterThan(0);
      expect(teams.every((t) => t.supervisor?.id === sofia.id)).toBe(true);
      const pending = await caller.timeOff.list({ status: "pending" });
      const allPending = await demo.db.selectFrom("time_off_requests").select("id").where("status", "=", "pending").execute();
      expect(pending.map((r) => r.id).sort()).toEqual(allPending.map((r) => r.id).sort());
      expect(pending.length).toBeGreaterThan(0);
      await caller.timeOff.decide({ requestId: pending[0]!.id, decision: "approved" });
    } finally {
      await demo.close();
    }
  });
});
