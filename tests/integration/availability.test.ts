import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDown, migrateToLatest, migrationStatus } from "../../db/migrate";
import type { SessionUser } from "../../server/auth/lucia";
import { callerFor, errorOf, makeAgent, makeUser, raceWhileHolding } from "../setup/fixtures";
import { setMyAvailability } from "../../server/workforce/time-off.service";
import { freshDatabase, type TestDatabase } from "../setup/test-db";

let h: TestDatabase;
let planner: SessionUser;

beforeAll(async () => {
  h = await freshDatabase();
  planner = await makeUser(h.db, "planner");
});
afterAll(() => h.close());

const as = (user: SessionUser) => callerFor(h.db, user).caller;
const slot = (weekday: number, start: string, end: string) => ({ weekday, start, end });

async function auditsOf(agentId: string) {
  return h.db
    .selectFrom("audit_log")
    .select(["action", "before", "after"])
    .where("entity_id", "=", agentId)
    .where("action", "=", "availability.set")
    .orderBy("id")
    .execute();
}

describe("weekly availability across midnight", () => {
  it("keeps a night as one slot that ends the next day, and audits it", async () => {
    const a = await makeAgent(h.db);
    const week = [slot(1, "22:00", "06:00"), slot(2, "22:00", "06:00"), slot(7, "20:00", "00:00")];
    expect(await as(a.user).availability.setMine({ slots: week })).toEqual(week);
    expect(await as(a.user).availability.mine()).toEqual(week);
    expect(await as(planner).agents.availability({ agentId: a.agent.id })).toEqual(week);
    const stored = await h.db.selectFrom("availability").select(["weekday", "start_time", "end_time"]).where("agent_id", "=", a.agent.id).orderBy("weekday").execute();
    expect(stored).toEqual([
      { weekday: 1, start_time: "22:00:00", end_time: "06:00:00" },
      { weekday: 2, start_time: "22:00:00", end_time: "06:00:00" },
      { weekday: 7, start_time: "20:00:00", end_time: "00:00:00" },
    ]);
    expect(await auditsOf(a.agent.id)).toEqual([{ action: "availability.set", before: [], after: week }]);
  });

  it("refuses a night that runs into the next day's slot, or round the week into Monday, and changes nothing", async () => {
    const a = await makeAgent(h.db);
    const week = [slot(1, "22:00", "06:00"), slot(7, "23:00", "02:00"), slot(3, "09:00", "17:00")];
    await as(a.user).availability.setMine({ slots: week });
    const saved = await as(a.user).availability.mine();

    const acrossMidnight = await errorOf(as(a.user).availability.setMine({ slots: [...week, slot(2, "05:00", "09:00")] }));
    expect(acrossMidnight.code).toBe("BAD_REQUEST");
    expect(acrossMidnight.message).toBe("Monday 22:00–06:00 (next day) overlaps Tuesday 05:00–09:00.");

    const roundTheWeek = await errorOf(as(a.user).availability.setMine({ slots: [...week, slot(1, "01:00", "03:00")] }));
    expect(roundTheWeek.message).toBe("Sunday 23:00–02:00 (next day) overlaps Monday 01:00–03:00.");

    expect(await as(a.user).availability.mine()).toEqual(saved);
    expect(await auditsOf(a.agent.id)).toHaveLength(1);

    // Touching is not overlapping: Tuesday may start when Monday's night ends, Monday when Sunday's does.
    const touching = [...week, slot(2, "06:00", "09:00"), slot(1, "02:00", "03:00")];
    expect(await as(a.user).availability.setMine({ slots: touching })).toHaveLength(5);
  });

  it("refuses a slot that ends when it starts, naming it", async () => {
    const a = await makeAgent(h.db);
    const error = await errorOf(as(a.user).availability.setMine({ slots: [slot(2, "09:00", "17:00"), slot(4, "08:00", "08:00")] }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("Thursday 08:00–08:00 ends when it starts. Give another end (one before the start is on the next day).");
    expect(await as(a.user).availability.mine()).toEqual([]);
    // The database holds the same line for whoever writes.
    await expect(
      sql`INSERT INTO availability (agent_id, weekday, start_time, end_time) VALUES (${a.agent.id}, 1, '08:00', '08:00')`.execute(h.db),
    ).rejects.toMatchObject({ code: "23514" });
  });
});

describe("the overnight migration", () => {
  it("makes a night split at midnight one slot, and leaves other slots as they were", async () => {
    const name = "20261127_0021_overnight_availability";
    const isApplied = async () => (await migrationStatus(h.db)).find((m) => m.name === name)!.executedAt !== null;
    const a = await makeAgent(h.db);
    const b = await makeAgent(h.db);
    while (await isApplied()) await migrateDown(h.db);
    const row = (agent_id: string, weekday: number, start_time: string, end_time: string) => ({ agent_id, weekday, start_time, end_time });
    await h.db
      .insertInto("availability")
      .values([
        // Monday's night split at midnight; Sunday's split into Monday.
        row(a.agent.id, 1, "22:00", "23:59"),
        row(a.agent.id, 2, "00:00", "06:00"),
        row(a.agent.id, 7, "23:00", "23:59"),
        row(a.agent.id, 1, "00:00", "02:00"),
        // Days that only meet at midnight but would make 24 hours or more: left alone.
        row(b.agent.id, 3, "08:00", "23:59"),
        row(b.agent.id, 4, "00:00", "08:00"),
        row(b.agent.id, 5, "09:00", "17:00"),
      ])
      .execute();
    await migrateToLatest(h.db);
    expect(await as(a.user).availability.mine()).toEqual([slot(1, "22:00", "06:00"), slot(7, "23:00", "02:00")]);
    expect(await as(b.user).availability.mine()).toEqual([slot(3, "08:00", "23:59"), slot(4, "00:00", "08:00"), slot(5, "09:00", "17:00")]);
  });
});

describe("two saves of one agent's week at once", () => {
  it("take turns: the second replaces the first instead of adding overlapping slots to it", async () => {
    const a = await makeAgent(h.db);
    const first = [slot(1, "09:00", "17:00")];
    const second = [slot(1, "12:00", "20:00"), slot(3, "08:00", "12:00")];
    const { early, outcome } = await raceWhileHolding(
      h.db,
      (trx) => setMyAvailability(trx, { id: a.user.id, label: a.user.email, ip: null }, first),
      () => as(a.user).availability.setMine({ slots: second }),
    );
    expect(early).toBe("waiting");
    expect(outcome).toBe("done");
    expect(await as(a.user).availability.mine()).toEqual(second);
    const audits = await auditsOf(a.agent.id);
    expect(audits.map((x) => [x.before, x.after])).toEqual([
      [[], first],
      [first, second],
    ]);
  });
});
