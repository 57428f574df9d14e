import pg from "pg";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dbKind, freshDatabase, type TestDatabase } from "../setup/test-db";

let h: TestDatabase;
beforeAll(async () => {
  h = await freshDatabase();
});
afterAll(() => h.close());

describe("the PostgreSQL pool", () => {
  it.skipIf(dbKind() !== "postgres")("survives the server ending its idle connections, and reconnects", async () => {
    // Two idle connections in the pool.
    await Promise.all([sql`SELECT pg_sleep(0.05)`.execute(h.db), sql`SELECT pg_sleep(0.05)`.execute(h.db)]);
    const admin = new pg.Client({ connectionString: h.url! });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ ended: boolean }>(
        "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
      );
      expect(rows.length).toBeGreaterThanOrEqual(2);
    } finally {
      await admin.end();
    }
    // Without an error handler on the pool, the ended idle connections crash the process here.
    await new Promise((r) => setTimeout(r, 300));
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(h.db);
    expect(rows).toEqual([{ one: 1 }]);
  });
});
