import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { MAX_TEXT, PREPARE_AFTER } from "../../db/prepared-statements";
import { dbKind, freshDatabase, type TestDatabase } from "../setup/test-db";

/**
 * PostgreSQL only (PGlite has no connection pool): repeated statements are
 * prepared once per connection, answer exactly as unnamed ones do, and a
 * prepared statement gone stale under a schema change recovers.
 */
const onPostgres = dbKind() === "postgres";
let h: TestDatabase;
/** One connection, so pg_prepared_statements shows what it holds. */
let one: DatabaseHandle;

beforeAll(async () => {
  h = await freshDatabase();
  if (onPostgres) one = await openDatabase({ url: h.url!, poolSize: 1 });
});
afterAll(async () => {
  await one?.close();
  await h.close();
});

const prepared = async () =>
  (await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(one.db)).rows.map((r) => r.statement);

describe.runIf(onPostgres)("prepared statements", () => {
  it("names a statement once it repeats, and it answers as before, types and all", async () => {
    const query = () => sql<{ n: number; d: string; t: string }>`SELECT count(*) AS n, DATE '2026-11-26' AS d, ${"x"}::text AS t FROM users`.execute(one.db);
    const first = await query();
    for (let i = 1; i < PREPARE_AFTER + 2; i++) expect((await query()).rows).toEqual(first.rows);
    expect(first.rows[0]).toEqual({ n: expect.any(Number), d: "2026-11-26", t: "x" });
    expect((await prepared()).filter((s) => s.includes("DATE '2026-11-26'"))).toHaveLength(1);
  });

  it("never names a long statement (a batch insert)", async () => {
    const long = `SELECT 1 AS one /* ${"x".repeat(MAX_TEXT)} */`;
    for (let i = 0; i < PREPARE_AFTER + 2; i++) await sql.raw(long).execute(one.db);
    expect((await prepared()).some((s) => s.includes("xxxx"))).toBe(false);
  });

  it("never names transaction control: BEGIN and COMMIT stay one simple message each", async () => {
    for (let i = 0; i < PREPARE_AFTER + 2; i++) {
      await one.db.transaction().execute((trx) => sql`SELECT ${i}::int AS i`.execute(trx));
    }
    const statements = await prepared();
    expect(statements.some((s) => /^\s*(begin|commit)\b/i.test(s))).toBe(false);
    // The statement inside the transactions was named as usual.
    expect(statements.filter((s) => s.includes("AS i"))).toHaveLength(1);
  });

  it("a statement a migration made stale fails once, then runs unnamed", async () => {
    await sql`CREATE TABLE prep_probe (a int)`.execute(one.db);
    await sql`INSERT INTO prep_probe VALUES (1)`.execute(one.db);
    const star = () => sql`SELECT * FROM prep_probe`.execute(one.db);
    for (let i = 0; i < PREPARE_AFTER + 1; i++) await star();
    await sql`ALTER TABLE prep_probe ADD COLUMN b int DEFAULT 2`.execute(h.db);
    const failed = await star().then(
      () => null,
      (error: { code?: string }) => error.code,
    );
    // PostgreSQL re-plans most statements itself; a changed row type under SELECT * is the case it refuses.
    expect([null, "0A000"]).toContain(failed);
    expect((await star()).rows).toEqual([{ a: 1, b: 2 }]);
    expect((await star()).rows).toEqual([{ a: 1, b: 2 }]);
  });
});
