import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../server/auth/lucia";
import { editDistance, queryKind } from "../../server/crm/customer-search";
import { customerSearchRouter } from "../../server/crm/search.router";
import { createInnerContext } from "../../server/trpc/context";
import { createCallerFactory, router } from "../../server/trpc/init";
import { callerFor, makeUser } from "../setup/fixtures";
import { freshDatabase, type TestDatabase } from "../setup/test-db";

let h: TestDatabase;
let agent: SessionUser;

// The root router gets `search` from its owner; here the search router is mounted on its own.
const createSearchCaller = createCallerFactory(router({ search: customerSearchRouter }));
const search = (input: { q: string; limit?: number; after?: string | null; includeArchived?: boolean }) =>
  createSearchCaller(createInnerContext({ db: h.db, user: agent, ip: "203.0.113.7" })).search.customers(input);
const names = async (q: string, extra: { limit?: number; includeArchived?: boolean } = {}) =>
  (await search({ q, ...extra })).items.map((i) => i.name);

async function customer(values: {
  name: string;
  kind?: "person" | "company";
  email?: string;
  phone?: string;
  country?: string;
  external_id?: string;
  archived?: boolean;
}) {
  const row = await h.db
    .insertInto("customers")
    .values({
      kind: values.kind ?? "person",
      name: values.name,
      email: values.email ?? null,
      phone: values.phone ?? null,
      country: values.country ?? null,
      external_source: values.external_id ? "salesforce" : null,
      external_id: values.external_id ?? null,
      archived_at: values.archived ? new Date() : null,
      custom: sql`'{}'::jsonb`,
    })
    .returning(["id", "name"])
    .executeTakeFirstOrThrow();
  return row;
}

async function vocabulary(token: string) {
  const row = await h.db.selectFrom("name_vocabulary").select("customers").where("token", "=", token).executeTakeFirst();
  return row?.customers ?? 0;
}

let johnSmith: { id: string };
beforeAll(async () => {
  h = await freshDatabase();
  agent = await makeUser(h.db, "agent");
  johnSmith = await customer({ name: "John Smith", email: "john.smith@example.com", phone: "+14155552671", country: "US" });
  for (const name of ["Joan Smith", "John Smithers", "Jon Smythe", "Jane Smith", "Johnny Walker"]) await customer({ name });
  for (const name of ["María García", "Mario Rossi", "Marek Nowak", "Omar Haddad", "Amara Okafor"]) await customer({ name });
  await customer({ name: "Ada Lovelace", phone: "+442079460958", country: "GB", email: "Ada.Lovelace@Example.org" });
  await customer({ name: "Initech LLC", kind: "company", external_id: "0015g00000AbCdEAAZ" });
  await customer({ name: "Seán O'Brien-Ní Dhómhnaill" });
});
afterAll(() => h.close());

describe("query kinds", () => {
  it("tells emails, phones, external ids and names apart", () => {
    expect(queryKind("ada@")).toBe("email");
    expect(queryKind("+44 20 79")).toBe("phone");
    expect(queryKind("(415) 555")).toBe("phone");
    expect(queryKind("41")).toBe("name");
    expect(queryKind("0015g00000AbCdEAAZ")).toBe("external_id");
    expect(queryKind("0015g00000AbCdE")).toBe("external_id");
    expect(queryKind("Vanderbiltsmithy")).toBe("name");
    expect(editDistance("jonh", "john")).toBe(1);
    expect(editDistance("smtih", "smith")).toBe(1);
  });
});

describe("customer search: names", () => {
  it("corrects typos in every word: 'Jonh Smtih' finds John Smith first", async () => {
    const page = await search({ q: "Jonh Smtih" });
    expect(page.items[0]).toMatchObject({ id: johnSmith.id, name: "John Smith", match: "name", email: "john.smith@example.com" });
    expect(page.items.map((i) => i.name)).not.toContain("Johnny Walker");
  });

  it("matches the last word as a prefix while typing", async () => {
    expect(await names("Mar")).toEqual(expect.arrayContaining(["María García", "Mario Rossi", "Marek Nowak"]));
    expect(await names("Mar")).not.toContain("Omar Haddad"); // a prefix of a word, not a substring
    expect((await names("Joh"))[0]).toBe("John Smith"); // the shorter completion first, then by name
    expect(await names("john smi")).toEqual(["John Smith", "John Smithers", "Joan Smith"]); // exact words first, the typo-near after
  });

  it("ranks exact words first, takes words in any order, folds accents and apostrophes", async () => {
    expect((await names("smith john"))[0]).toBe("John Smith");
    expect(await names("Smith")).toEqual(["Jane Smith", "Joan Smith", "John Smith", "John Smithers"]);
    expect(await names("maria garcia")).toEqual(["María García"]);
    expect(await names("GARCÍA")).toEqual(["María García"]);
    expect(await names("sean obrien")).toEqual(["Seán O'Brien-Ní Dhómhnaill"]);
    expect(await names("o'brien ni dhomh")).toEqual(["Seán O'Brien-Ní Dhómhnaill"]);
  });

  it("requires every word to match", async () => {
    expect(await names("John Nowak")).toEqual([]);
    expect(await names("zzzz")).toEqual([]);
    expect(await names("--")).toEqual([]);
  });
});

describe("customer search: email, phone, external id", () => {
  it("finds an email by its start, case-insensitively", async () => {
    expect(await search({ q: "ADA.LOVE@" }).then((p) => p.items)).toEqual([]);
    const page = await search({ q: "ADA.LOVELACE@EXA" });
    expect(page.items).toEqual([expect.objectContaining({ name: "Ada Lovelace", match: "email", email: "Ada.Lovelace@Example.org" })]);
    expect(await names("john.smith@example.com")).toEqual(["John Smith"]);
    expect(await names("%@")).toEqual([]); // no wildcards
  });

  it("finds a phone by the digits typed: international with or without +, or national", async () => {
    for (const q of ["+1 415 555", "1415555", "(415) 555-26", "415555", "+14155552671"]) {
      expect(await names(q), q).toEqual(["John Smith"]);
    }
    for (const q of ["+44 20 7946", "0044 20 79", "020 7946 0958", "2079", "44207946"]) {
      expect(await names(q), q).toEqual(["Ada Lovelace"]);
    }
    expect((await search({ q: "415" })).items[0]).toMatchObject({ match: "phone", phone: "+14155552671" });
    expect(await names("+44 415")).toEqual([]);
  });

  it("finds an external id exactly, the 15-character form too", async () => {
    expect(await search({ q: "0015g00000AbCdEAAZ" }).then((p) => p.items)).toEqual([
      expect.objectContaining({ name: "Initech LLC", match: "external_id", kind: "company" }),
    ]);
    expect(await names("0015g00000AbCdE")).toEqual(["Initech LLC"]);
    expect(await names("0015g00000abcdeaaz")).toEqual([]);
  });
});

describe("customer search: visibility and paging", () => {
  it("leaves out merged-away and erased customers always, archived ones unless asked", async () => {
    const survivor = await customer({ name: "Zebulon Survivor" });
    const merged = await customer({ name: "Zebulon Merged", email: "zeb.merged@example.com" });
    await h.db.updateTable("customers").set({ merged_into_id: survivor.id }).where("id", "=", merged.id).execute();
    await customer({ name: "Zebulon Archived", phone: "+33142685300", country: "FR", archived: true });
    const erased = await customer({ name: "Zebulon Erased" });
    await h.db.updateTable("customers").set({ erased_at: new Date() }).where("id", "=", erased.id).execute();
    expect(await names("zebulon")).toEqual(["Zebulon Survivor"]);
    expect(await names("zebulon", { includeArchived: true })).toEqual(["Zebulon Archived", "Zebulon Survivor"]);
    expect(await names("zebulon surv")).toEqual(["Zebulon Survivor"]);
    expect(await names("zebulon arch")).toEqual([]);
    expect(await names("zebulon arch", { includeArchived: true })).toEqual(["Zebulon Archived"]);
    expect(await names("zeb.merged@")).toEqual([]);
    expect(await names("+33 1 42 68")).toEqual([]);
    expect(await names("+33 1 42 68", { includeArchived: true })).toEqual(["Zebulon Archived"]);
    expect(await vocabulary("merged")).toBe(0);
    expect(await vocabulary("erased")).toBe(0);
  });

  it("pages through every match once, in order, with an opaque cursor", async () => {
    const made = [];
    for (let i = 0; i < 23; i++) made.push(await customer({ name: `Pagination ${["Alpha", "Beta", "Gamma"][i % 3]} ${String(i).padStart(2, "0")}` }));
    await customer({ name: "Paginator Prime" });
    await customer({ name: "Pag Short" });
    for (const [q, expected] of [
      ["pag", 25],
      ["pagination", 24], // and Paginator Prime, one typo away
      ["pagination gam", 7],
      ["gamma paginaton", 7],
    ] as const) {
      const seen: string[] = [];
      const scores: number[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 20; pages++) {
        const page: Awaited<ReturnType<typeof search>> = await search({ q, limit: 4, after });
        seen.push(...page.items.map((i) => i.id));
        scores.push(...page.items.map((i) => i.score));
        after = page.next;
        if (!after) break;
      }
      expect(new Set(seen).size, q).toBe(seen.length);
      expect(seen.length, q).toBe(expected);
      expect([...scores].sort((a, b) => b - a), q).toEqual(scores);
      const all = (await search({ q, limit: 50 })).items.map((i) => i.id);
      expect(seen, q).toEqual(all);
    }
    expect((await search({ q: "pag", limit: 50 })).items[0]!.name).toBe("Pag Short");
  });

  it("refuses a cursor it did not make", async () => {
    await expect(search({ q: "smith", after: "not-a-cursor" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("needs a signed-in user", async () => {
    const caller = createSearchCaller(callerFor(h.db, null).ctx);
    await expect(caller.search.customers({ q: "smith" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("search functions", () => {
  it("answer NULL for NULL and fold names and phones as before", async () => {
    const { rows } = await sql<{ a: string | null; b: string | null; c: string | null; d: string | null; e: string | null }>`
      SELECT customer_phone_national(NULL) AS a, customer_search_fold(NULL) AS b,
             customer_phone_national('+442079460958') AS c, customer_phone_national('+14155552671') AS d,
             customer_search_fold('Ñoño–Straße') AS e`.execute(h.db);
    expect(rows[0]).toEqual({ a: null, b: null, c: "2079460958", d: "4155552671", e: "nono strasse" });
  });

  it("are inlined into the statements that call them (not run as a function call per row)", async () => {
    const { rows } = await sql<Record<string, unknown>>`
      EXPLAIN (VERBOSE) SELECT customer_phone_national(phone), customer_search_fold(name) FROM customers`.execute(h.db);
    const plan = rows.map((r) => Object.values(r).join("")).join("\n");
    expect(plan).toContain("substr(");
    expect(plan).not.toMatch(/customer_phone_national\(|customer_search_fold\(/);
  });
});

describe("name words kept in step by the trigger", () => {
  it("follows renames, archiving, merges and deletes", async () => {
    const c = await customer({ name: "Quentin Blake" });
    expect(await vocabulary("quentin")).toBe(1);
    await h.db.updateTable("customers").set({ name: "Quentin Tarantino" }).where("id", "=", c.id).execute();
    expect(await names("blake")).toEqual([]);
    expect(await vocabulary("blake")).toBe(0);
    expect(await names("tarantino")).toEqual(["Quentin Tarantino"]);
    expect(await names("quentin")).toEqual(["Quentin Tarantino"]); // the kept word carries the new name
    const words = await h.db.selectFrom("customer_name_tokens").select(["token", "name"]).where("customer_id", "=", c.id).orderBy("token").execute();
    expect(words).toEqual([
      { token: "quentin", name: "Quentin Tarantino" },
      { token: "quentin tarantino", name: "Quentin Tarantino" }, // word pairs (once, in byte order), for two-word queries
      { token: "tarantino", name: "Quentin Tarantino" },
    ]);
    await h.db.updateTable("customers").set({ archived_at: new Date() }).where("id", "=", c.id).execute();
    expect(await names("quentin")).toEqual([]);
    await h.db.updateTable("customers").set({ archived_at: null }).where("id", "=", c.id).execute();
    expect(await names("quentin")).toEqual(["Quentin Tarantino"]);
    await h.db.deleteFrom("customers").where("id", "=", c.id).execute();
    expect(await names("quentin")).toEqual([]);
    expect(await vocabulary("quentin")).toBe(0);
    expect(await h.db.selectFrom("customer_name_tokens").select("token").where("customer_id", "=", c.id).execute()).toEqual([]);
  });

  it("counts each word's customers in the vocabulary", async () => {
    expect(await vocabulary("smith")).toBe(3);
    const c = await customer({ name: "Smith Smith & Smith" });
    expect(await vocabulary("smith")).toBe(4);
    await h.db.deleteFrom("customers").where("id", "=", c.id).execute();
    expect(await vocabulary("smith")).toBe(3);
  });

  it("keeps words and counts exact through many-row statements (as imports write)", async () => {
    // What the tables must hold, computed from the customers themselves.
    const expected = async () => {
      const { rows } = await sql<{ token: string; customers: number }>`
        SELECT k AS token, count(*)::int AS customers
        FROM customers c CROSS JOIN LATERAL unnest(customer_search_words(c.name)) AS k
        WHERE c.merged_into_id IS NULL AND c.erased_at IS NULL GROUP BY k ORDER BY k`.execute(h.db);
      return rows;
    };
    const actual = async () =>
      (await h.db.selectFrom("name_vocabulary").select(["token", "customers"]).orderBy("token").execute()).map((r) => ({ token: r.token, customers: r.customers }));
    const inserted = await h.db
      .insertInto("customers")
      .values(["Bulk Zephyrine One", "Bulk Zephyrine Two", "Bulk Xanthippe", "Zephyrine Zephyrine"].map((name) => ({ kind: "person" as const, name })))
      .returning("id")
      .execute();
    expect(await vocabulary("zephyrine")).toBe(3);
    expect(await vocabulary("bulk")).toBe(3);
    expect(await actual()).toEqual(await expected());
    const ids = inserted.map((r) => r.id);
    // One statement: renames some, archives one, merges one away, and touches one without a name change.
    await sql`
      UPDATE customers SET
        name = CASE name WHEN 'Bulk Zephyrine One' THEN 'Bulk Ulrike One' WHEN 'Bulk Xanthippe' THEN 'Xanthippe Zephyrine' ELSE name END,
        archived_at = CASE WHEN name = 'Bulk Zephyrine Two' THEN now() END,
        merged_into_id = CASE WHEN name = 'Zephyrine Zephyrine' THEN ${ids[1]}::uuid END,
        updated_at = now()
      WHERE id IN (${sql.join(ids)})`.execute(h.db);
    expect(await vocabulary("ulrike")).toBe(1);
    expect(await vocabulary("zephyrine")).toBe(2); // "Bulk Zephyrine Two" (archived, still counted) and "Xanthippe Zephyrine"
    expect(await actual()).toEqual(await expected());
    expect(await names("xanthippe zephyrine")).toEqual(["Xanthippe Zephyrine"]);
    expect(await names("zephyrine xanthippe")).toEqual(["Xanthippe Zephyrine"]);
    expect(await names("bulk two")).toEqual([]); // archived
    expect(await names("bulk two", { includeArchived: true })).toEqual(["Bulk Zephyrine Two"]);
    await h.db.updateTable("customers").set({ merged_into_id: null }).where("id", "in", ids).execute();
    await h.db.deleteFrom("customers").where("id", "in", ids).execute();
    expect(await vocabulary("zephyrine")).toBe(0);
    expect(await vocabulary("bulk")).toBe(0);
    expect(await actual()).toEqual(await expected());
  });
});
