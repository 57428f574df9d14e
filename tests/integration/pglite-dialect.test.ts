import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "../setup/test-db";

let h: TestDatabase;
beforeAll(async () => {
  h = await freshDatabase();
  await sql`CREATE TABLE dialect_probe (id int PRIMARY KEY, label text NOT NULL)`.execute(h.db);
});
afterAll(() => h.close());

describe(`Kysely dialect`, () => {
  it("keeps another caller's query out of an open transaction, so its rollback cannot drop it", async () => {
    let releaseTx!: () => void;
    const txMayFinish = new Promise<void>((r) => (releaseTx = r));
    let txStarted!: () => void;
    const started = new Promise<void>((r) => (txStarted = r));

    const tx = h.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto("dialect_probe" as never).values({ id: 1, label: "in tx" } as never).execute();
        txStarted();
        await txMayFinish;
        throw new Error("roll back");
      })
      .catch((e: Error) => e.message);

    await started;
    // Issued while the transaction is open: it must not run inside it.
    const outside = h.db.insertInto("dialect_probe" as never).values({ id: 2, label: "outside" } as never).execute();
    releaseTx();
    expect(await tx).toBe("roll back");
    await outside;

    const rows = await sql<{ id: number }>`SELECT id FROM dialect_probe ORDER BY id`.execute(h.db);
    expect(rows.rows.map((r) => r.id)).toEqual([2]);
  });

  it("reports the rows an update or delete touched", async () => {
    await sql`DELETE FROM dialect_probe`.execute(h.db);
    await sql`INSERT INTO dialect_probe VALUES (10, 'a'), (11, 'a'), (12, 'b')`.execute(h.db);
    const updated = await h.db
      .updateTable("dialect_probe" as never)
      .set({ label: "c" } as never)
      .where("label" as never, "=", "a" as never)
      .executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(2n);
    const deleted = await h.db.deleteFrom("dialect_probe" as never).where("id" as never, ">=", 11 as never).executeTakeFirst();
    expect(deleted.numDeletedRows).toBe(2n);
    const none = await h.db
      .updateTable("dialect_probe" as never)
      .set({ label: "z" } as never)
      .where("id" as never, "=", 999 as never)
      .executeTakeFirst();
    expect(none.numUpdatedRows).toBe(0n);
  });

  it("rolls back to a savepoint inside a transaction", async () => {
    await sql`DELETE FROM dialect_probe`.execute(h.db);
    const trx = await h.db.startTransaction().execute();
    await sql`INSERT INTO dialect_probe VALUES (20, 'kept')`.execute(trx);
    const sp = await trx.savepoint("before_bad").execute();
    await sql`INSERT INTO dialect_probe VALUES (21, 'dropped')`.execute(sp);
    const back = await sp.rollbackToSavepoint("before_bad").execute();
    await back.commit().execute();
    const rows = await sql<{ id: number }>`SELECT id FROM dialect_probe ORDER BY id`.execute(h.db);
    expect(rows.rows.map((r) => r.id)).toEqual([20]);
  });

  it("returns counts as numbers and dates as plain strings on both databases", async () => {
    const r = await sql<{ n: number; d: string; big: number }>`
      SELECT count(*) AS n, DATE '2026-03-08' AS d, 9007199254740991::int8 AS big FROM dialect_probe`.execute(h.db);
    expect(typeof r.rows[0]!.n).toBe("number");
    expect(r.rows[0]!.d).toBe("2026-03-08");
    expect(r.rows[0]!.big).toBe(9007199254740991);
  });

  it("has the extensions the design needs", async () => {
    const r = await sql<{ extname: string }>`SELECT extname FROM pg_extension ORDER BY extname`.execute(h.db);
    expect(r.rows.map((x) => x.extname)).toEqual(expect.arrayContaining(["btree_gist", "citext", "pg_trgm"]));
    const sim = await sql<{ s: number }>`SELECT similarity('Frontline', 'Frontlnie') AS s`.execute(h.db);
    expect(sim.rows[0]!.s).toBeGreaterThan(0.3);
    const eq = await sql<{ e: boolean }>`SELECT 'Ada@Example.com'::citext = 'ada@example.com'::citext AS e`.execute(h.db);
    expect(eq.rows[0]!.e).toBe(true);
  });
});
