import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { localShiftInstants } from "../../server/workforce/local-time";
import { claimOpenShift, evaluateAssignment } from "../../server/workforce/shifts.service";
import { makeAgent, makeSkill } from "../setup/fixtures";
import { freshDatabase, type TestDatabase } from "../setup/test-db";

const LA = "America/Los_Angeles";
let h: TestDatabase;
beforeAll(async () => {
  h = await freshDatabase();
});
afterAll(() => h.close());

it("a claim refuses for exactly the reasons a planner assignment would, around DST, rest, weekly hours, time off, employment, skills", async () => {
  const billing = await makeSkill(h.db, "billing-eq");
  const sales = await makeSkill(h.db, "sales-eq");
  const { user, agent } = await makeAgent(h.db, {
    timeZone: LA,
    hireDate: "2030-03-04",
    terminationDate: "2030-03-21",
    skills: [{ skillId: billing.id, level: 3 }],
  });
  const add = async (date: string, start: string, end: string) => {
    const { startsAt, endsAt } = localShiftInstants(date, start, end, LA);
    await sql`INSERT INTO shifts (agent_id, starts_at, ends_at, status, break_minutes) VALUES (${agent.id}, ${startsAt}, ${endsAt}, 'scheduled', 30)`.execute(h.db);
  };
  for (const d of ["2030-03-05", "2030-03-06", "2030-03-07", "2030-03-08"]) await add(d, "07:00", "19:00");
  await add("2030-03-11", "22:00", "06:00");
  await add("2030-03-12", "22:00", "06:00");
  await add("2030-03-16", "08:00", "20:00");
  const off = localShiftInstants("2030-03-14", "00:00", "23:00", LA);
  await sql`INSERT INTO time_off_requests (agent_id, starts_at, ends_at, reason, status) VALUES (${agent.id}, ${off.startsAt}, ${off.endsAt}, 'x', 'approved')`.execute(h.db);
  let compared = 0;
  let successes = 0;
  const messages = new Set<string>();
  for (let day = 2; day <= 23; day++) {
    const date = `2030-03-${String(day).padStart(2, "0")}`;
    for (const [start, end] of [["00:00", "08:00"], ["06:00", "14:00"], ["12:00", "20:00"], ["19:00", "23:00"], ["21:00", "05:00"]] as const) {
      for (const skillId of [billing.id, sales.id, null]) {
        const { startsAt, endsAt } = localShiftInstants(date, start, end, LA);
        const row = await sql<{ id: string }>`INSERT INTO shifts (starts_at, ends_at, status, skill_id, break_minutes) VALUES (${startsAt}, ${endsAt}, 'open', ${skillId}, 30) RETURNING id`.execute(h.db);
        const shiftId = row.rows[0]!.id;
        const expected = await evaluateAssignment(h.db, agent.id, { startsAt, endsAt, breakMinutes: 30, skillId });
        const outcome = await h.db
          .transaction()
          .execute(async (trx) => {
            const r = await claimOpenShift(trx, { id: user.id, label: "eq", ip: null }, shiftId);
            throw Object.assign(new Error("rollback"), { ok: r });
          })
          .catch((e: Error & { ok?: unknown }) => (e.ok ? "ok" : e.message));
        const want = expected.length ? `You cannot take this shift: ${expected.map((v) => v.message).join(" ")}` : "ok";
        expect(outcome, `${date} ${start}-${end} ${skillId}`).toBe(want);
        if (want === "ok") successes++;
        for (const v of expected) messages.add(v.rule);
        compared++;
      }
    }
  }
  expect(successes).toBeGreaterThan(5);
  expect([...messages].sort()).toEqual(["MAX_WEEKLY_HOURS", "MIN_REST", "MISSING_SKILL", "NOT_EMPLOYED", "OVERLAP", "TIME_OFF"]);
  console.log("compared", compared, "successes", successes);
});

it("a claim by someone who is not an agent, of a shift that does not exist, or of one already theirs says so", async () => {
  const { makeUser } = await import("../setup/fixtures");
  const stranger = await makeUser(h.db, "agent");
  const { startsAt, endsAt } = localShiftInstants("2030-05-02", "09:00", "17:00", LA);
  const row = await sql<{ id: string }>`INSERT INTO shifts (starts_at, ends_at, status) VALUES (${startsAt}, ${endsAt}, 'open') RETURNING id`.execute(h.db);
  const attempt = (userId: string, shiftId: string) =>
    h.db.transaction().execute((trx) => claimOpenShift(trx, { id: userId, label: "x", ip: null }, shiftId)).then(() => "ok", (e: Error) => e.message);
  expect(await attempt(stranger.id, row.rows[0]!.id)).toBe("You are not set up as an agent yet. Ask a workforce planner.");
  const { user } = await makeAgent(h.db, { timeZone: LA });
  expect(await attempt(user.id, "00000000-0000-4000-8000-000000000000")).toBe("No such shift.");
  expect(await attempt(user.id, row.rows[0]!.id)).toBe("ok");
  expect(await attempt(user.id, row.rows[0]!.id)).toBe("You already have this shift.");
});
