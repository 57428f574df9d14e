import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDown, migrateToLatest, migrationStatus } from "../../db/migrate";
import { DEMO_AGENTS, DEMO_PASSWORD, DEMO_USERS, seedDemo } from "../../db/seed";
import { callerFor, makeUser } from "../setup/fixtures";
import { freshDatabase, type TestDatabase } from "../setup/test-db";

let h: TestDatabase;
beforeAll(async () => {
  h = await freshDatabase();
});
afterAll(() => h.close());

async function tables(): Promise<string[]> {
  const r = await sql<{ t: string }>`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`.execute(h.db);
  return r.rows.map((x) => x.t).filter((t) => !t.startsWith("kysely_"));
}

describe("migrations", () => {
  it("go down and up again to the same schema", async () => {
    const before = await tables();
    expect(before).toEqual(expect.arrayContaining(["audit_log", "auth_throttle", "sessions", "users"]));
    const statuses = await migrationStatus(h.db);
    expect(statuses.every((m) => m.executedAt)).toBe(true);
    for (let i = 0; i < statuses.length; i++) await migrateDown(h.db);
    expect(await tables()).toEqual([]);
    expect(await migrateToLatest(h.db)).toEqual(statuses.map((m) => m.name));
    expect(await tables()).toEqual(before);
    expect(await migrateToLatest(h.db)).toEqual([]);
  });
});

describe("demo seed", () => {
  it("creates the five demo logins and the demo agents, and a re-run changes nothing", async () => {
    await h.db.deleteFrom("users").execute();
    expect(await h.db.transaction().execute((trx) => seedDemo(trx))).toMatchObject({
      usersCreated: 5 + DEMO_AGENTS.length,
      agentsCreated: 1 + DEMO_AGENTS.length,
    });
    expect(await h.db.transaction().execute((trx) => seedDemo(trx))).toEqual({
      usersCreated: 0,
      agentsCreated: 0,
      shiftsCreated: 0,
      openShiftsCreated: 0,
      timeOffRequestsCreated: 0,
      availabilitySlotsCreated: 0,
      customersCreated: 0,
      contactsCreated: 0,
      casesCreated: 0,
      notesCreated: 0,
      fieldChangesCreated: 0,
      interactionsCreated: 0,
      handoffsCreated: 0,
      qaCriteriaCreated: 0,
      scorecardsCreated: 0,
      historicHandoffsCreated: 0,
    });
    for (const demo of DEMO_USERS) {
      const { caller } = callerFor(h.db, null, { ip: null });
      const { user } = await caller.auth.login({ email: demo.email, password: DEMO_PASSWORD });
      expect(user.role).toBe(demo.role);
    }
  });

  it("refuses a database that holds real users", async () => {
    await makeUser(h.db, "admin", { email: "real.person@company.example" });
    await expect(h.db.transaction().execute((trx) => seedDemo(trx))).rejects.toThrow(/holds 1 real user/);
  });
});
