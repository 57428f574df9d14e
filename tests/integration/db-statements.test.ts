import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiledOnce } from "../../db/compiled-once";
import { openDatabase, SESSION_SETTINGS } from "../../db/client";
import { dbKind, freshDatabase, type TestDatabase } from "../setup/test-db";

let h: TestDatabase;
beforeAll(async () => {
  h = await freshDatabase();
});
afterAll(async () => {
  await h.close();
});

describe("a statement compiled once", () => {
  it("runs with each call's values, in the right places, and leaves the constant parameters alone", async () => {
    await h.db
      .insertInto("skills")
      .values([
        { code: "co-billing", name: "Billing", kind: "skill" },
        { code: "co-refunds", name: "Refunds", kind: "skill" },
        { code: "co-lang-fi", name: "Finnish", kind: "language" },
        { code: "co-lang-sv", name: "Swedish", kind: "language" },
      ])
      .execute();
    const byKindAndCode = compiledOnce(["kind", "pattern"], (db, values) =>
      db
        .selectFrom("skills")
        .select(["code", "kind"])
        .where("kind", "=", values.kind as "skill")
        .where("code", "like", values.pattern)
        .where("name", "<>", "no such name")
        .orderBy("code")
        .limit(50),
    );
    expect((await byKindAndCode(h.db, { kind: "language", pattern: "co-%" })).rows).toEqual([
      { code: "co-lang-fi", kind: "language" },
      { code: "co-lang-sv", kind: "language" },
    ]);
    expect((await byKindAndCode(h.db, { kind: "skill", pattern: "co-re%" })).rows).toEqual([{ code: "co-refunds", kind: "skill" }]);
    // The same text, other values, inside a transaction.
    await h.db.transaction().execute(async (trx) => {
      expect((await byKindAndCode(trx, { kind: "skill", pattern: "co-b%" })).rows).toEqual([{ code: "co-billing", kind: "skill" }]);
    });
    expect((await byKindAndCode(h.db, { kind: "language", pattern: "co-b%" })).rows).toEqual([]);
  });

  it("refuses a value the statement never takes as a parameter", async () => {
    const broken = compiledOnce(["id", "unused"], (db, values) => db.selectFrom("users").select("id").where("id", "=", values.id));
    await expect(broken(h.db, { id: "00000000-0000-0000-0000-000000000000", unused: 1 })).rejects.toThrow(/unused never reached the statement/);
  });
});

describe("every app session", () => {
  it("runs without JIT and with the search's trigram threshold, on every pooled connection", async () => {
    const settings = () =>
      sql<{ jit: string; threshold: string }>`SELECT current_setting('jit') AS jit, current_setting('pg_trgm.similarity_threshold') AS threshold`.execute(h.db);
    // Several at once, so that on PostgreSQL several pool connections answer.
    const answers = await Promise.all(Array.from({ length: 6 }, settings));
    for (const { rows } of answers) expect(rows).toEqual([{ jit: "off", threshold: "0.2" }]);
    // pg_trgm reads it: "jonh" and "john" are 0.25 alike, a match at 0.2 but not at pg_trgm's default 0.3.
    const typo = await sql<{ alike: boolean }>`SELECT 'jonh' % 'john' AS alike`.execute(h.db);
    expect(typo.rows).toEqual([{ alike: true }]);
  });
});

describe.runIf(dbKind() === "postgres")("behind a pooler in transaction mode (PG_POOLER=transaction)", () => {
  it("refuses a database without the session settings, saying how to set them, then names no statements once they are set", async () => {
    await expect(openDatabase({ url: h.url!, poolSize: 1, pooler: "transaction" })).rejects.toThrow(
      /ALTER DATABASE "[^"]+" SET jit = 'off'; ALTER DATABASE "[^"]+" SET pg_trgm\.similarity_threshold = '0\.2';/,
    );
    const database = (await sql<{ name: string }>`SELECT current_database() AS name`.execute(h.db)).rows[0]!.name;
    for (const [name, value] of Object.entries(SESSION_SETTINGS)) {
      await sql.raw(`ALTER DATABASE "${database}" SET ${name} = '${value}'`).execute(h.db);
    }
    const pooled = await openDatabase({ url: h.url!, poolSize: 1, pooler: "transaction" });
    try {
      for (let i = 0; i < 6; i++) await pooled.db.selectFrom("skills").select("id").where("code", "=", `x${i}`).execute();
      const held = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_prepared_statements`.execute(pooled.db);
      expect(held.rows).toEqual([{ n: 0 }]);
      const typo = await sql<{ alike: boolean }>`SELECT 'jonh' % 'john' AS alike`.execute(pooled.db);
      expect(typo.rows).toEqual([{ alike: true }]);
    } finally {
      await pooled.close();
      for (const name of Object.keys(SESSION_SETTINGS)) await sql.raw(`ALTER DATABASE "${database}" RESET ${name}`).execute(h.db);
    }
  });
});

describe.runIf(dbKind() === "postgres")("the LISTEN connection", () => {
  it("goes to DATABASE_LISTEN_URL when it is set (past a pooler, to PostgreSQL itself)", async () => {
    const other = await freshDatabase();
    const before = process.env.DATABASE_LISTEN_URL;
    process.env.DATABASE_LISTEN_URL = other.url!;
    const handle = await openDatabase({ url: h.url!, poolSize: 1 });
    const heard: string[] = [];
    const stop = await handle.listen("frontline_listen_url_test", (payload) => heard.push(payload));
    try {
      await sql`SELECT pg_notify('frontline_listen_url_test', 'from the pooled database')`.execute(handle.db);
      await sql`SELECT pg_notify('frontline_listen_url_test', 'from the listen database')`.execute(other.db);
      await expect.poll(() => heard, { timeout: 5_000 }).toEqual(["from the listen database"]);
    } finally {
      await stop();
      await handle.close();
      await other.close();
      if (before === undefined) delete process.env.DATABASE_LISTEN_URL;
      else process.env.DATABASE_LISTEN_URL = before;
    }
  });
});
