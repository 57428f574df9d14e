import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { claimOpenShift } from "../../server/workforce/shifts.service";
import { decideTimeOff, requestTimeOff } from "../../server/workforce/time-off.service";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localShiftInstants } from "../../server/workforce/local-time";
import { callerFor, errorOf, makeAgent, makeSkill, makeUser, raceWhileHolding as raceWhileHoldingIn } from "../setup/fixtures";
import { freshDatabase, type TestDatabase } from "../setup/test-db";
import type { SessionUser } from "../../server/auth/lucia";

const LA = "America/Los_Angeles";
const HOUR = 3_600_000;
let h: TestDatabase;
let planner: SessionUser;
let supervisor: SessionUser;
let billing: { id: string };

beforeAll(async () => {
  h = await freshDatabase();
  planner = await makeUser(h.db, "planner");
  supervisor = await makeUser(h.db, "supervisor");
  billing = await makeSkill(h.db, "billing");
});
afterAll(() => h.close());

const plannerApi = () => callerFor(h.db, planner).caller;
const as = (user: SessionUser) => callerFor(h.db, user).caller;


/** A local shift as the API takes it: ISO-8601 instants. */
function shiftAt(date: string, start: string, end: string, zone = LA) {
  const { startsAt, endsAt } = localShiftInstants(date, start, end, zone);
  return { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
}

/** A future local date, so claims are never "already started". */
function futureDate(daysAhead: number): string {
  const d = new Date(Date.now() + daysAhead * 86_400_000);
  return d.toISOString().slice(0, 10);
}

describe("the no-overlap constraint in the database", () => {
  it("refuses a second overlapping live shift for one agent, whoever writes it", async () => {
    const { agent } = await makeAgent(h.db);
    const insert = (start: string, end: string, status = "scheduled") =>
      sql`INSERT INTO shifts (agent_id, starts_at, ends_at, status) VALUES (${agent.id}, ${start}::timestamptz, ${end}::timestamptz, ${status})`.execute(h.db);
    await insert("2030-01-01T09:00Z", "2030-01-01T17:00Z");
    await expect(insert("2030-01-01T16:00Z", "2030-01-01T20:00Z")).rejects.toMatchObject({ code: "23P01" });
    // Touching ends are not an overlap ([) ranges), and cancelled shifts do not count.
    await insert("2030-01-01T17:00Z", "2030-01-01T18:00Z");
    await insert("2030-01-01T10:00Z", "2030-01-01T11:00Z", "cancelled");
  });

  it("lets open shifts (no agent) overlap freely", async () => {
    for (let i = 0; i < 2; i++) {
      await sql`INSERT INTO shifts (agent_id, starts_at, ends_at, status) VALUES (NULL, '2030-02-01T09:00Z', '2030-02-01T17:00Z', 'open')`.execute(h.db);
    }
  });
});

describe("planning shifts", () => {
  it("creates a shift and refuses an overlapping one naming the clash in the agent's time", async () => {
    const { agent } = await makeAgent(h.db, { timeZone: LA });
    const day = shiftAt("2030-03-04", "09:00", "17:00", LA);
    await plannerApi().shifts.create({ agentId: agent.id, ...day });
    const clash = shiftAt("2030-03-04", "16:00", "20:00", LA);
    const error = await errorOf(plannerApi().shifts.create({ agentId: agent.id, ...clash }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toBe("Overlaps the agent's shift Mon 4 Mar, 09:00–17:00.");
  });

  it("even a rule override cannot make an overlap", async () => {
    const { agent } = await makeAgent(h.db);
    const day = shiftAt("2030-03-05", "09:00", "17:00", LA);
    await plannerApi().shifts.create({ agentId: agent.id, ...day });
    const error = await errorOf(
      plannerApi().shifts.create({ agentId: agent.id, ...day, override: { reason: "Please just do it" } }),
    );
    expect(error.message).toMatch(/^Overlaps the agent's shift/);
  });

  it("stops a broken rule with a clear reason, and accepts a written override that is audited", async () => {
    const { agent } = await makeAgent(h.db);
    await plannerApi().shifts.create({ agentId: agent.id, ...shiftAt("2030-03-06", "14:00", "23:00", LA) });
    const early = shiftAt("2030-03-07", "06:00", "14:00", LA); // 7 h rest
    const error = await errorOf(plannerApi().shifts.create({ agentId: agent.id, ...early }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toBe(
      "Only 7 h rest after the shift ending Wed 6 Mar, 23:00; at least 11 h required. A planner may override with a written reason.",
    );
    expect((error.cause as { details?: { violations: { rule: string }[] } }).details?.violations.map((v) => v.rule)).toEqual(["MIN_REST"]);

    const created = await plannerApi().shifts.create({ agentId: agent.id, ...early, override: { reason: "Storm cover, agent agreed" } });
    const audit = await h.db.selectFrom("audit_log").select(["action", "after", "actor_id"]).where("entity_id", "=", created.id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: "shift.created",
      actor_id: planner.id,
      after: { overriddenRules: ["MIN_REST"], overrideReason: "Storm cover, agent agreed" },
    });
  });

  it("requires the skill, respects termination dates, and checks edits too", async () => {
    const { agent } = await makeAgent(h.db, { terminationDate: "2030-03-20" });
    const day = shiftAt("2030-03-11", "09:00", "17:00", LA);
    const noSkill = await errorOf(plannerApi().shifts.create({ agentId: agent.id, ...day, skillId: billing.id }));
    expect(noSkill.message).toMatch(/does not have the required skill \(billing\)/);
    const shift = await plannerApi().shifts.create({ agentId: agent.id, ...day });
    const late = shiftAt("2030-03-21", "09:00", "17:00", LA);
    const afterEnd = await errorOf(plannerApi().shifts.update({ shiftId: shift.id, ...late }));
    expect(afterEnd.message).toMatch(/Ends after the agent's termination date \(2030-03-20\)/);
    const moved = shiftAt("2030-03-12", "10:00", "18:00", LA);
    expect((await plannerApi().shifts.update({ shiftId: shift.id, ...moved })).startsAt).toBe(moved.startsAt);
  });

  it("refuses a shift that ends before it starts, with a field error", async () => {
    const error = await errorOf(
      plannerApi().shifts.create({ agentId: null, startsAt: "2030-01-01T10:00:00Z", endsAt: "2030-01-01T09:00:00Z" }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe("endsAt: The shift must end after it starts.");
  });

  it("repeats a template over a date range on chosen weekdays, keeping true length across DST", async () => {
    const { agent } = await makeAgent(h.db, { timeZone: LA });
    // Fri 6 Mar to Mon 9 Mar 2026: US clocks spring forward on Sunday 8 March.
    const result = await plannerApi().shifts.createFromTemplate({
      agentId: agent.id,
      fromDate: "2026-03-06",
      toDate: "2026-03-09",
      weekdays: [5, 6, 7],
      start: "22:00",
      end: "06:00",
    });
    const lengths = result.shifts.map((s) => (Date.parse(s.endsAt) - Date.parse(s.startsAt)) / HOUR);
    expect(result.created).toBe(3);
    expect(lengths).toEqual([8, 7, 8]); // Sat night is an hour short
    expect(result.shifts[1]!.startsAt).toBe("2026-03-08T06:00:00.000Z");
  });

  it("creates nothing from a template when one date breaks a rule, and lists the problem", async () => {
    const { agent } = await makeAgent(h.db);
    await plannerApi().shifts.create({ agentId: agent.id, ...shiftAt("2030-04-03", "12:00", "16:00", LA) });
    const before = await h.db.selectFrom("shifts").select((eb) => eb.fn.countAll<number>().as("n")).where("agent_id", "=", agent.id).executeTakeFirstOrThrow();
    const error = await errorOf(
      plannerApi().shifts.createFromTemplate({ agentId: agent.id, fromDate: "2030-04-01", toDate: "2030-04-05", weekdays: [1, 2, 3, 4, 5], start: "09:00", end: "17:00" }),
    );
    expect(error.message).toMatch(/^1 of 5 shifts break schedule rules; nothing was created\. 2030-04-03: Overlaps/);
    const after = await h.db.selectFrom("shifts").select((eb) => eb.fn.countAll<number>().as("n")).where("agent_id", "=", agent.id).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("copies a shift to another date at the same local wall-clock time", async () => {
    const { agent } = await makeAgent(h.db, { timeZone: "Europe/Berlin" });
    const winter = shiftAt("2030-01-14", "08:00", "16:00", "Europe/Berlin");
    const shift = await plannerApi().shifts.create({ agentId: agent.id, ...winter });
    const copy = await plannerApi().shifts.copy({ shiftId: shift.id, toDate: "2030-07-15" });
    expect(copy.startsAt).toBe("2030-07-15T06:00:00.000Z"); // 08:00 CEST
    expect(copy.agentId).toBe(agent.id);
  });

  it("cancels a shift, freeing the time", async () => {
    const { agent } = await makeAgent(h.db);
    const day = shiftAt("2030-05-01", "09:00", "17:00", LA);
    const shift = await plannerApi().shifts.create({ agentId: agent.id, ...day });
    await plannerApi().shifts.cancel({ shiftId: shift.id, reason: "Forecast dropped" });
    await expect(plannerApi().shifts.create({ agentId: agent.id, ...day })).resolves.toBeTruthy();
  });
});

describe("the open-shift marketplace", () => {
  it("shows an open shift only to eligible agents, and the first claim wins", async () => {
    const a = await makeAgent(h.db, { skills: [{ skillId: billing.id, level: 3 }] });
    const b = await makeAgent(h.db, { skills: [{ skillId: billing.id, level: 2 }] });
    const unskilled = await makeAgent(h.db);
    const date = futureDate(9);
    const open = await plannerApi().shifts.create({ agentId: null, ...shiftAt(date, "09:00", "17:00", LA), skillId: billing.id });
    expect(open.status).toBe("open");

    expect((await as(a.user).shifts.claimable()).map((s) => s.id)).toContain(open.id);
    expect((await as(unskilled.user).shifts.claimable()).map((s) => s.id)).not.toContain(open.id);
    const refused = await errorOf(as(unskilled.user).shifts.claim({ shiftId: open.id }));
    expect(refused.message).toMatch(/^You cannot take this shift: The agent does not have the required skill/);

    const claimed = await as(a.user).shifts.claim({ shiftId: open.id });
    expect(claimed).toMatchObject({ status: "scheduled", agentId: a.agent.id });
    const late = await errorOf(as(b.user).shifts.claim({ shiftId: open.id }));
    expect(late.code).toBe("CONFLICT");
    expect(late.message).toBe("Sorry, this shift was already taken by someone else.");
    expect((await as(b.user).shifts.claimable()).map((s) => s.id)).not.toContain(open.id);
  });

  it("hides open shifts that would break the agent's rules", async () => {
    const a = await makeAgent(h.db);
    const date = futureDate(12);
    await plannerApi().shifts.create({ agentId: a.agent.id, ...shiftAt(date, "09:00", "17:00", LA) });
    const clashing = await plannerApi().shifts.create({ agentId: null, ...shiftAt(date, "15:00", "20:00", LA) });
    const tooSoon = await plannerApi().shifts.create({ agentId: null, ...shiftAt(date, "22:00", "23:30", LA) });
    const fine = await plannerApi().shifts.create({ agentId: null, ...shiftAt(futureDate(14), "09:00", "12:00", LA) });
    const ids = (await as(a.user).shifts.claimable()).map((s) => s.id);
    expect(ids).toContain(fine.id);
    expect(ids).not.toContain(clashing.id);
    expect(ids).not.toContain(tooSoon.id);
  });

  it("lets an agent offer a shift back; it is open again and audited", async () => {
    const a = await makeAgent(h.db);
    const b = await makeAgent(h.db);
    const shift = await plannerApi().shifts.create({ agentId: a.agent.id, ...shiftAt(futureDate(16), "09:00", "17:00", LA) });
    const notYours = await errorOf(as(b.user).shifts.offerBack({ shiftId: shift.id, reason: "mine now?" }));
    expect(notYours.code).toBe("FORBIDDEN");
    const back = await as(a.user).shifts.offerBack({ shiftId: shift.id, reason: "Family event" });
    expect(back).toMatchObject({ status: "open", agentId: null });
    await as(b.user).shifts.claim({ shiftId: shift.id });
    const actions = await h.db.selectFrom("audit_log").select("action").where("entity_id", "=", shift.id).orderBy("id").execute();
    expect(actions.map((x) => x.action)).toEqual(["shift.created", "shift.offered_back", "shift.claimed"]);
  });

  it("refuses claims of shifts that have started", async () => {
    const a = await makeAgent(h.db);
    const now = Date.now();
    const started = await plannerApi().shifts.create({ agentId: null, startsAt: new Date(now - HOUR).toISOString(), endsAt: new Date(now + HOUR).toISOString() });
    expect((await errorOf(as(a.user).shifts.claim({ shiftId: started.id }))).message).toBe("This shift has already started.");
  });

  it("tells a user without an agent record so", async () => {
    const stranger = await makeUser(h.db, "agent");
    const error = await errorOf(as(stranger).shifts.mine({}));
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toBe("You are not set up as an agent yet. Ask a workforce planner.");
  });
});

describe("claims racing each other", () => {
  it("of many agents claiming one shift at the same moment, exactly one wins", async () => {
    const agents = await Promise.all(Array.from({ length: 8 }, () => makeAgent(h.db)));
    const open = await plannerApi().shifts.create({ agentId: null, ...shiftAt(futureDate(20), "09:00", "17:00", LA) });
    const results = await Promise.allSettled(agents.map((a) => as(a.user).shifts.claim({ shiftId: open.id })));
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(7);
    for (const r of lost) expect((r.reason as TRPCError).message).toBe("Sorry, this shift was already taken by someone else.");
    const row = await h.db.selectFrom("shifts").select(["agent_id", "status"]).where("id", "=", open.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("scheduled");
    expect(agents.map((a) => a.agent.id)).toContain(row.agent_id);
  });

  it("one agent claiming two overlapping shifts at once gets only one of them", async () => {
    const a = await makeAgent(h.db);
    const date = futureDate(22);
    const first = await plannerApi().shifts.create({ agentId: null, ...shiftAt(date, "09:00", "17:00", LA) });
    const second = await plannerApi().shifts.create({ agentId: null, ...shiftAt(date, "12:00", "20:00", LA) });
    const results = await Promise.allSettled([first, second].map((s) => as(a.user).shifts.claim({ shiftId: s.id })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
    expect((failure.reason as TRPCError).code).toBe("CONFLICT");
    const mine = await h.db.selectFrom("shifts").select("id").where("agent_id", "=", a.agent.id).where("status", "=", "scheduled").execute();
    expect(mine).toHaveLength(1);
  });
});

describe("an agent's schedule changing twice at once", () => {
  // Rules other than overlap (rest, weekly hours) read the agent's other shifts; the exclusion constraint cannot
  // guard them. Two changes for one agent take turns on the agent's row, so the second reads what the first committed.
  const raceWhileHolding = (hold: (trx: Kysely<Database>) => Promise<unknown>, race: () => Promise<unknown>) =>
    raceWhileHoldingIn(h.db, hold, race);
  it("two claims too close for the rest rule: the second waits for the first and is refused", async () => {
    const a = await makeAgent(h.db);
    const date = futureDate(24);
    const first = await plannerApi().shifts.create({ agentId: null, ...shiftAt(date, "09:00", "17:00", LA) });
    const second = await plannerApi().shifts.create({ agentId: null, ...shiftAt(date, "21:00", "23:00", LA) });
    const { early, outcome } = await raceWhileHolding(
      (trx) => claimOpenShift(trx, { id: a.user.id, label: a.user.email, ip: null }, first.id),
      () => as(a.user).shifts.claim({ shiftId: second.id }),
    );
    expect(early).toBe("waiting");
    expect(outcome).toBeInstanceOf(TRPCError);
    expect((outcome as TRPCError).code).toBe("CONFLICT");
    expect((outcome as TRPCError).message).toMatch(/rest/);
    const mine = await h.db.selectFrom("shifts").select("id").where("agent_id", "=", a.agent.id).where("status", "=", "scheduled").execute();
    expect(mine.map((s) => s.id)).toEqual([first.id]);
  });

  it("a planner's assignment racing the agent's claim: the second sees the first", async () => {
    const a = await makeAgent(h.db);
    const date = futureDate(26);
    const open = await plannerApi().shifts.create({ agentId: null, ...shiftAt(date, "09:00", "17:00", LA) });
    const { early, outcome } = await raceWhileHolding(
      (trx) => claimOpenShift(trx, { id: a.user.id, label: a.user.email, ip: null }, open.id),
      () => plannerApi().shifts.create({ agentId: a.agent.id, ...shiftAt(date, "20:00", "23:00", LA) }),
    );
    expect(early).toBe("waiting");
    expect((outcome as TRPCError).code).toBe("CONFLICT");
    expect((outcome as TRPCError).message).toMatch(/rest/);
  });
});

describe("an agent's time off changing while something else happens to them", () => {
  const actor = (user: SessionUser) => ({ id: user.id, label: user.email, ip: null });

  it("the same days asked for twice at once (a double click, two tabs): the second waits and is refused", async () => {
    const a = await makeAgent(h.db, { timeZone: LA });
    const date = futureDate(30);
    const ask = { fromDate: date, toDate: date, reason: "Dentist" };
    const { early, outcome } = await raceWhileHoldingIn(
      h.db,
      (trx) => requestTimeOff(trx, actor(a.user), ask),
      () => as(a.user).timeOff.request(ask),
    );
    expect(early).toBe("waiting");
    expect((outcome as TRPCError).message).toBe("You already asked for time off on some of these days.");
    const rows = await h.db.selectFrom("time_off_requests").select("id").where("agent_id", "=", a.agent.id).execute();
    expect(rows).toHaveLength(1);
  });

  it("approving days off while the agent claims a shift on them: the claim waits, then meets the approved days", async () => {
    const a = await makeAgent(h.db, { timeZone: LA });
    const date = futureDate(32);
    const request = await as(a.user).timeOff.request({ fromDate: date, toDate: date, reason: "Wedding" });
    const open = await plannerApi().shifts.create({ agentId: null, ...shiftAt(date, "09:00", "17:00", LA) });
    const { early, outcome } = await raceWhileHoldingIn(
      h.db,
      (trx) => decideTimeOff(trx, actor(planner), "planner", { requestId: request.id, decision: "approved" }),
      () => as(a.user).shifts.claim({ shiftId: open.id }),
    );
    expect(early).toBe("waiting");
    expect((outcome as TRPCError).code).toBe("CONFLICT");
    expect((outcome as TRPCError).message).toMatch(/approved time off/);
    const shift = await h.db.selectFrom("shifts").select("agent_id").where("id", "=", open.id).executeTakeFirstOrThrow();
    expect(shift.agent_id).toBeNull();
  });

  it("a claim that went first is among the shifts the approval says to reassign", async () => {
    const a = await makeAgent(h.db, { timeZone: LA });
    const date = futureDate(34);
    const request = await as(a.user).timeOff.request({ fromDate: date, toDate: date, reason: "Moving" });
    const open = await plannerApi().shifts.create({ agentId: null, ...shiftAt(date, "09:00", "17:00", LA) });
    let decided: unknown;
    const { early, outcome } = await raceWhileHoldingIn(
      h.db,
      (trx) => claimOpenShift(trx, actor(a.user), open.id),
      async () => (decided = await plannerApi().timeOff.decide({ requestId: request.id, decision: "approved" })),
    );
    expect(early).toBe("waiting");
    expect(outcome).toBe("done");
    expect(decided).toEqual({ status: "approved", conflictingShifts: [expect.objectContaining({ id: open.id })] });
  });
});

describe("time off", () => {
  it("an agent requests days off, their team's supervisor approves, and the days block assignment", async () => {
    const team = await plannerApi().teams.create({ name: "Time-off team" });
    await plannerApi().teams.setSupervisor({ teamId: team.id, supervisorUserId: supervisor.id });
    const a = await makeAgent(h.db, { timeZone: LA, teamId: team.id });
    const request = await as(a.user).timeOff.request({ fromDate: "2030-06-10", toDate: "2030-06-11", reason: "Moving house" });
    expect(request.status).toBe("pending");
    expect(request.startsAt).toBe("2030-06-10T07:00:00.000Z"); // local midnight, PDT
    const forbidden = await errorOf(as(a.user).timeOff.decide({ requestId: request.id, decision: "approved" }));
    expect(forbidden.code).toBe("FORBIDDEN");
    const decided = await as(supervisor).timeOff.decide({ requestId: request.id, decision: "approved" });
    expect(decided).toEqual({ status: "approved", conflictingShifts: [] });
    const blocked = await errorOf(plannerApi().shifts.create({ agentId: a.agent.id, ...shiftAt("2030-06-11", "09:00", "17:00", LA) }));
    expect(blocked.message).toMatch(/Falls in the agent's approved time off Mon 10 Jun, 00:00–Wed 12 Jun, 00:00/);
    const twice = await errorOf(as(supervisor).timeOff.decide({ requestId: request.id, decision: "rejected" }));
    expect(twice.message).toBe("This request was already approved.");
    expect((await plannerApi().timeOff.list({ status: "approved" })).map((r) => r.id)).toContain(request.id);
  });

  it("refuses time off in the past or on days already asked for", async () => {
    const a = await makeAgent(h.db);
    const past = await errorOf(as(a.user).timeOff.request({ fromDate: "2020-01-01", toDate: "2020-01-02", reason: "Too late" }));
    expect(past.message).toBe("Time off cannot start in the past.");
    await as(a.user).timeOff.request({ fromDate: "2031-02-02", toDate: "2031-02-06", reason: "Holiday" });
    const again = await errorOf(as(a.user).timeOff.request({ fromDate: "2031-02-05", toDate: "2031-02-09", reason: "More holiday" }));
    expect(again.message).toBe("You already asked for time off on some of these days.");
  });

  it("keeps weekly availability and refuses overlapping slots", async () => {
    const a = await makeAgent(h.db);
    const slots = [
      { weekday: 1, start: "09:00", end: "17:00" },
      { weekday: 3, start: "13:00", end: "21:00" },
    ];
    expect(await as(a.user).availability.setMine({ slots })).toEqual(slots);
    const error = await errorOf(
      as(a.user).availability.setMine({ slots: [...slots, { weekday: 1, start: "16:00", end: "18:00" }] }),
    );
    expect(error.message).toBe("Monday 09:00–17:00 overlaps Monday 16:00–18:00.");
    expect(await plannerApi().agents.availability({ agentId: a.agent.id })).toEqual(slots);
  });
});

describe("the board and who is on shift", () => {
  it("returns agents with their week's shifts, open shifts and approved time off, filtered by team and skill", async () => {
    const team = await plannerApi().teams.create({ name: "Board team" });
    const spanish = await makeSkill(h.db, "lang:es", "language");
    const a = await makeAgent(h.db, { teamId: team.id, name: "Aaron Board", skills: [{ skillId: spanish.id, level: 4 }] });
    const b = await makeAgent(h.db, { teamId: team.id, name: "Bea Board" });
    await plannerApi().shifts.create({ agentId: a.agent.id, ...shiftAt("2030-09-03", "09:00", "17:00", LA) });
    await plannerApi().shifts.create({ agentId: null, ...shiftAt("2030-09-04", "09:00", "17:00", LA), skillId: spanish.id });
    const off = await as(b.user).timeOff.request({ fromDate: "2030-09-05", toDate: "2030-09-05", reason: "Doctor" });
    await plannerApi().timeOff.decide({ requestId: off.id, decision: "approved" });

    const week = { from: "2030-09-02T07:00:00Z", to: "2030-09-09T07:00:00Z" };
    const board = await plannerApi().shifts.board({ ...week, teamId: team.id });
    expect(board.agents.map((x) => x.name)).toEqual(["Aaron Board", "Bea Board"]);
    const [aaron, bea] = board.agents;
    expect(aaron!.shifts).toEqual([
      { id: expect.any(String), breakMinutes: 0, note: null, skillId: null, ...shiftAt("2030-09-03", "09:00", "17:00", LA) },
    ]);
    expect(bea!.shifts).toEqual([]);
    expect(board.openShifts).toHaveLength(1);
    expect(aaron!.timeOff).toEqual([]);
    expect(bea!.timeOff).toEqual([{ id: off.id, reason: "Doctor", startsAt: expect.any(String), endsAt: expect.any(String) }]);
    expect(new Date(bea!.timeOff[0]!.startsAt).toISOString()).toBe(bea!.timeOff[0]!.startsAt);
    const bySkill = await plannerApi().shifts.board({ ...week, teamId: team.id, skillId: spanish.id });
    expect(bySkill.agents.map((x) => x.name)).toEqual(["Aaron Board"]);
    const paged = await plannerApi().shifts.board({ ...week, teamId: team.id, limit: 1 });
    expect(paged.nextCursor).toEqual({ name: "Aaron Board", id: a.agent.id });
    const page2 = await plannerApi().shifts.board({ ...week, teamId: team.id, limit: 1, after: paged.nextCursor! });
    expect(page2.agents.map((x) => x.name)).toEqual(["Bea Board"]);
  });

  it("lists the agents whose shift covers the instant, with skills", async () => {
    const spanishish = await makeSkill(h.db, "lang:pt", "language");
    const a = await makeAgent(h.db, { name: "Now Onshift", skills: [{ skillId: spanishish.id, level: 5 }] });
    const now = Date.now();
    await plannerApi().shifts.create({
      agentId: a.agent.id,
      startsAt: new Date(now - 2 * HOUR).toISOString(),
      endsAt: new Date(now + 2 * HOUR).toISOString(),
    });
    const on = await callerFor(h.db, supervisor).caller.shifts.onShiftNow({});
    const me = on.find((x) => x.agentId === a.agent.id);
    expect(me?.skills).toEqual([{ code: "lang:pt", name: "lang:pt", level: 5 }]);
    const later = await callerFor(h.db, supervisor).caller.shifts.onShiftNow({ at: new Date(now + 3 * HOUR).toISOString() });
    expect(later.find((x) => x.agentId === a.agent.id)).toBeUndefined();
  });
});

describe("agents", () => {
  it("the directory finds active colleagues by the start of any name word, for agents handing a case over", async () => {
    const mark = `Zq${Date.now().toString(36)}`;
    const team = await plannerApi().teams.create({ name: `Directory ${mark}` });
    const ana = await makeAgent(h.db, { name: `Ana ${mark}son`, teamId: team.id });
    await makeAgent(h.db, { name: `Bo ${mark}berg` });
    const gone = await makeAgent(h.db, { name: `Cy ${mark}sen`, hireDate: "2019-01-01", terminationDate: "2020-01-01" });
    const asker = await makeAgent(h.db);
    const found = await as(asker.user).agents.directory({ q: mark.toLowerCase() });
    expect(found.map((a) => a.name)).toEqual([`Ana ${mark}son`, `Bo ${mark}berg`]);
    expect(found[0]).toEqual({ id: ana.agent.id, name: `Ana ${mark}son`, teamName: `Directory ${mark}` });
    expect(found.map((a) => a.id)).not.toContain(gone.agent.id);
    expect(await as(asker.user).agents.directory({ q: `${mark.slice(1)}` })).toEqual([]); // not the middle of a word
    expect(await as(asker.user).agents.directory({ q: "%" })).toEqual([]); // LIKE's wildcards are literal
    // Handing a case to the colleague found.
    const customer = await as(asker.user).customers.create({ kind: "person", name: `Handover ${mark}` });
    const kase = await as(asker.user).cases.create({ customerId: customer.id, subject: "Refund", ownerAgentId: asker.agent.id });
    const handed = await as(asker.user).cases.update({ caseId: kase.id, ownerAgentId: found[1]!.id });
    expect(handed.owner_agent_id).toBe(found[1]!.id);
    expect((await errorOf(as(await makeUser(h.db, "hr")).agents.directory({}))).code).toBe("FORBIDDEN");
  });

  it("are created for a user once, with a valid zone and unique employee number", async () => {
    const user = await makeUser(h.db, "agent");
    const base = {
      userId: user.id,
      employeeNumber: "E-1001",
      timeZone: "Asia/Manila",
      laborRegion: "NONE" as const,
      employmentType: "part_time" as const,
      contractHoursPerWeek: 24,
      hourlyRateCents: 45000,
      currency: "PHP",
      teamId: null,
      hireDate: "2026-02-01",
      terminationDate: null,
      skills: [{ skillId: billing.id, level: 2 }],
    };
    const badZone = await errorOf(plannerApi().agents.create({ ...base, timeZone: "Manila" }));
    expect(badZone.message).toBe("timeZone: Use an IANA time zone such as Europe/Lisbon.");
    const agent = await plannerApi().agents.create(base);
    expect(agent).toMatchObject({ timeZone: "Asia/Manila", contractHoursPerWeek: 24, skills: [{ code: "billing", level: 2 }] });
    const other = await makeUser(h.db, "agent");
    const again = await errorOf(plannerApi().agents.create({ ...base, userId: other.id }));
    expect(again.message).toBe("Another agent has this employee number.");
    expect((again.cause as { field?: string }).field).toBe("employeeNumber");
    const dupUser = await errorOf(plannerApi().agents.create({ ...base, employeeNumber: "E-1002" }));
    expect(dupUser.message).toBe("This user is already an agent.");
    const updated = await plannerApi().agents.update({ agentId: agent.id, terminationDate: "2026-12-31", skills: [] });
    expect(updated).toMatchObject({ terminationDate: "2026-12-31", skills: [] });
    const bad = await errorOf(plannerApi().agents.update({ agentId: agent.id, terminationDate: "2025-01-01" }));
    expect(bad.message).toBe("The termination date cannot be before the hire date.");
  });

  it("names a termination date before the hire date even while another field is unreadable", async () => {
    const user = await makeUser(h.db, "agent");
    const error = await errorOf(
      plannerApi().agents.create({
        userId: user.id,
        employeeNumber: "",
        timeZone: "Asia/Manila",
        laborRegion: "NONE",
        employmentType: "full_time",
        contractHoursPerWeek: 40,
        // What the agent form sends for a rate it cannot read ("abc").
        hourlyRateCents: Number.NaN,
        currency: "USD",
        teamId: null,
        hireDate: "2026-02-01",
        terminationDate: "2025-01-01",
        skills: [],
      }),
    );
    const fields = (error.cause as unknown as { issues: { path: PropertyKey[] }[] }).issues.map((i) => i.path.join("."));
    expect(fields).toEqual(expect.arrayContaining(["employeeNumber", "hourlyRateCents", "terminationDate"]));
    expect(await h.db.selectFrom("agents").select("id").where("user_id", "=", user.id).execute()).toEqual([]);
  });
});
