import crypto from "node:crypto";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../server/auth/lucia";
import { customerCsvChunks, listCustomers, planCustomerCsv } from "../../server/crm/export.service";
import { customerExportInput, customerListInput } from "../../server/crm/export.schema";
import { callerFor, errorOf, makeUser } from "../setup/fixtures";
import { freshDatabase, type TestDatabase } from "../setup/test-db";

let h: TestDatabase;
let agent: SessionUser;
let supervisor: SessionUser;
let admin: SessionUser;
beforeAll(async () => {
  h = await freshDatabase();
  agent = await makeUser(h.db, "agent", { name: "Agent Smith" });
  supervisor = await makeUser(h.db, "supervisor");
  admin = await makeUser(h.db, "admin", { name: "Privacy Officer" });
  await as(admin).customFields.define({ entityType: "customer", key: "account_no", label: "Account no.", type: "text", options: [] });
  await as(admin).customFields.define({ entityType: "customer", key: "seats", label: "Seats", type: "number", options: [] });
  await as(admin).customFields.define({ entityType: "customer", key: "plan", label: "Plan", type: "picklist", options: ["basic", "pro"] });
  await as(admin).customFields.define({ entityType: "customer", key: "renewal", label: "Renewal", type: "date", options: [] });
});
afterAll(() => h.close());

const as = (u: SessionUser) => callerFor(h.db, u).caller;
const uniqueSegment = () => `seg-${crypto.randomBytes(4).toString("hex")}`;


async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const chunk of chunks) text += chunk;
  return text;
}

const csvRows = (text: string) => parse(text, { bom: true, columns: true }) as Record<string, string>[];

async function auditOf(action: string) {
  return h.db.selectFrom("audit_log").selectAll().where("action", "=", action).orderBy("id", "desc").execute();
}

describe("customers.list", () => {
  it("pages by keyset in name order, and newest first, with every filter", async () => {
    const segment = uniqueSegment();
    const make = (name: string, extra: Record<string, unknown> = {}) =>
      as(agent).customers.create({ kind: "person", name, segment, country: "DE", ...extra });
    const names = ["Zoe Adler", "Anna Berg", "Mia Cole", "Ben Dorn", "Lea Ernst"];
    for (const name of names) await make(name);
    const company = await as(agent).customers.create({ kind: "company", name: "Acme GmbH", segment, country: "FR", tier: "gold" });
    const archived = await make("Anna Archived");
    await as(agent).customers.archive({ customerId: archived.id });

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<ReturnType<typeof as>["customers"]["list"]>> = await as(supervisor).customers.list({ segment, limit: 2, after });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.name));
      after = page.next;
      pages++;
    } while (after);
    expect(seen).toEqual(["Acme GmbH", "Anna Berg", "Ben Dorn", "Lea Ernst", "Mia Cole", "Zoe Adler"]);
    expect(pages).toBe(3);

    const newest = await as(agent).customers.list({ segment, sort: "newest", limit: 3 });
    expect(newest.items.map((c) => c.name)).toEqual(["Acme GmbH", "Lea Ernst", "Ben Dorn"]);
    const older = await as(agent).customers.list({ segment, sort: "newest", limit: 3, after: newest.next });
    expect(older.items.map((c) => c.name)).toEqual(["Mia Cole", "Anna Berg", "Zoe Adler"]);
    expect(older.next).toBeNull();

    expect((await as(agent).customers.list({ segment, kind: "company" })).items.map((c) => c.id)).toEqual([company.id]);
    expect((await as(agent).customers.list({ segment, country: "fr" })).items.map((c) => c.id)).toEqual([company.id]);
    expect((await as(agent).customers.list({ segment, tier: "gold" })).items.map((c) => c.id)).toEqual([company.id]);
    expect((await as(agent).customers.list({ segment, kind: "person", country: "FR" })).items).toEqual([]);
    const withArchived = await as(agent).customers.list({ segment, includeArchived: true });
    expect(withArchived.items.map((c) => c.name)).toContain("Anna Archived");
    expect(withArchived.items.find((c) => c.id === archived.id)?.archivedAt).toEqual(expect.any(String));

    // A cursor from one order is not accepted in the other.
    const wrong = await errorOf(as(agent).customers.list({ segment, sort: "newest", after: (await as(agent).customers.list({ segment, limit: 1 })).next }));
    expect(wrong.code).toBe("BAD_REQUEST");
    expect(wrong.message).toMatch(/no longer valid/);
  });

  it("finds custom fields by exact value: text exactly, numbers numerically, pick-lists and dates", async () => {
    const segment = uniqueSegment();
    const a = await as(agent).customers.create({
      kind: "company",
      name: "Custom A",
      segment,
      custom: { account_no: "AC-100", seats: 12, plan: "pro", renewal: "2027-01-31" },
    });
    const b = await as(agent).customers.create({ kind: "company", name: "Custom B", segment, custom: { account_no: "ac-100", seats: "120", plan: "basic" } });
    const list = (custom: { key: string; value: string | number }) =>
      as(agent).customers.list({ segment, custom }).then((p) => p.items.map((c) => c.id));
    expect(await list({ key: "account_no", value: "AC-100" })).toEqual([a.id]);
    expect(await list({ key: "account_no", value: "AC-10" })).toEqual([]);
    expect(await list({ key: "seats", value: "12" })).toEqual([a.id]);
    expect(await list({ key: "seats", value: "12.0" })).toEqual([a.id]);
    expect(await list({ key: "seats", value: 120 })).toEqual([b.id]);
    expect(await list({ key: "plan", value: "basic" })).toEqual([b.id]);
    expect(await list({ key: "renewal", value: "2027-01-31" })).toEqual([a.id]);

    const unknown = await errorOf(list({ key: "nope", value: "x" }));
    expect([unknown.code, unknown.message]).toEqual(["BAD_REQUEST", 'There is no custom field "nope".']);
    expect((await errorOf(list({ key: "seats", value: "twelve" }))).message).toBe("Seats: enter a number.");
    expect((await errorOf(list({ key: "plan", value: "gold" }))).message).toBe("Plan: choose one of basic, pro.");
    expect((await errorOf(list({ key: "renewal", value: "31.01.2027" }))).message).toBe("Renewal: use a date like 2026-03-08.");
  });

  it("gives the same pages whether a custom value is found by walking the list or through its index", async () => {
    const segment = uniqueSegment();
    const expected: Record<string, string[]> = { basic: [], pro: [] };
    for (let i = 0; i < 12; i++) {
      const plan = i % 3 === 0 ? "pro" : "basic";
      const name = `Window ${String.fromCharCode(65 + ((i * 5) % 12))}`;
      await as(agent).customers.create({ kind: "company", name, segment, custom: { plan } });
      expected[plan]!.push(name);
    }
    for (const plan of ["pro", "basic"] as const) {
      for (const sort of ["name", "newest"] as const) {
        // Windows of 3 rows: sometimes a page is found by the walk, sometimes through the GIN index.
        for (const customFilterWindow of [3, 10_000]) {
          const seen: string[] = [];
          let after: string | null = null;
          do {
            const page: Awaited<ReturnType<typeof listCustomers>> = await listCustomers(
              h.db,
              customerListInput.parse({ segment, sort, custom: { key: "plan", value: plan }, limit: 2, after }) as never,
              { customFilterWindow },
            );
            seen.push(...page.items.map((c) => c.name));
            after = page.next;
          } while (after);
          const want = sort === "name" ? [...expected[plan]!].sort() : [...expected[plan]!].reverse();
          expect(seen, `${plan} ${sort} window ${customFilterWindow}`).toEqual(want);
        }
      }
    }
  });
});

describe("CSV export", () => {
  it("writes a header with one column per custom field, quotes what needs quoting, guards formulas, and covers every page", async () => {
    const segment = uniqueSegment();
    const tricky = await as(agent).customers.create({
      kind: "company",
      name: 'Smith, Jones & "Partners"',
      segment,
      phone: "+14155552671",
      country: "US",
      custom: { account_no: "line one\nline two", seats: -3, plan: "pro" },
    });
    const formula = await as(agent).customers.create({ kind: "person", name: "=HYPERLINK(\"http://evil\")", segment, custom: { account_no: "@SUM(A1)" } });
    const minus = await as(agent).customers.create({ kind: "person", name: "-2+3", segment, tier: "+gold" });
    for (let i = 0; i < 5; i++) await as(agent).customers.create({ kind: "person", name: `Bulk ${i}`, segment, country: "GB" });

    const text = await collect(await as(admin).customers.exportCsv({ segment }));
    expect(text.startsWith("\uFEFFid,kind,name,email,phone,country,language,segment,tier,external_source,external_id,created_at,updated_at,archived_at,")).toBe(true);
    const header = text.slice(1).split("\n")[0];
    expect(header).toBe(
      "id,kind,name,email,phone,country,language,segment,tier,external_source,external_id,created_at,updated_at,archived_at,custom_account_no,custom_plan,custom_renewal,custom_seats",
    );
    expect(text).toContain('"Smith, Jones & ""Partners"""');
    expect(text).toContain('"line one\nline two"');
    const rows = csvRows(text);
    expect(rows.map((r) => r.name)).toEqual([
      "'-2+3",
      "'=HYPERLINK(\"http://evil\")",
      "Bulk 0",
      "Bulk 1",
      "Bulk 2",
      "Bulk 3",
      "Bulk 4",
      'Smith, Jones & "Partners"',
    ]);
    const t = rows.find((r) => r.id === tricky.id)!;
    expect(t).toMatchObject({
      kind: "company",
      phone: "+14155552671", // a plain number cannot be a formula: kept exact
      country: "US",
      segment,
      custom_account_no: "line one\nline two",
      custom_seats: "-3",
      custom_plan: "pro",
      custom_renewal: "",
      archived_at: "",
    });
    expect(new Date(t.created_at!).toISOString()).toBe(t.created_at);
    expect(rows.find((r) => r.id === formula.id)!.custom_account_no).toBe("'@SUM(A1)");
    expect(rows.find((r) => r.id === minus.id)!.tier).toBe("'+gold");

    // In batches of 3 the same file comes out: every page, in order, nothing twice.
    const plan = await planCustomerCsv(h.db, customerExportInput.parse({ segment }));
    const batched = await collect(customerCsvChunks(h.db, { id: admin.id, label: admin.email, ip: null }, plan, { batchSize: 3 }));
    expect(csvRows(batched)).toEqual(rows);

    const filtered = csvRows(await collect(await as(admin).customers.exportCsv({ segment, country: "GB", sort: "newest" })));
    expect(filtered.map((r) => r.name)).toEqual(["Bulk 4", "Bulk 3", "Bulk 2", "Bulk 1", "Bulk 0"]);

    const audit = (await auditOf("customer.export"))[0]!;
    expect(audit.actor_id).toBe(admin.id);
    expect(audit.after).toEqual({ format: "csv", filter: { segment, country: "GB", sort: "newest", includeArchived: false }, rows: 5, complete: true });
  });

  it("exports a search's results, all of them, in ranked order", async () => {
    const suffix = crypto.randomBytes(3).toString("hex").replace(/\d/g, "x");
    const made = [];
    for (let i = 0; i < 60; i++) made.push(await as(agent).customers.create({ kind: "person", name: `Quill${suffix} Person${i}` }));
    const text = await collect(await as(admin).customers.exportCsv({ q: `quill${suffix}` }));
    const rows = csvRows(text);
    expect(rows).toHaveLength(60);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(made.map((c) => c.id)));
    const first = await as(agent).search.customers({ q: `quill${suffix}`, limit: 10 });
    expect(rows.slice(0, 10).map((r) => r.id)).toEqual(first.items.map((i) => i.id));

    const mixed = await errorOf(as(admin).customers.exportCsv({ q: "x", country: "DE" }));
    expect(mixed.code).toBe("BAD_REQUEST");
  });

  it("refuses a bad filter before sending anything", async () => {
    const bad = await errorOf(as(admin).customers.exportCsv({ custom: { key: "seats", value: "many" } }));
    expect([bad.code, bad.message]).toEqual(["BAD_REQUEST", "Seats: enter a number."]);
  });
});

describe("a customer's full record as JSON", () => {
  it("holds the profile with custom fields, contacts, cases, notes, field history and audit entries", async () => {
    const c = await as(agent).customers.create({
      kind: "company",
      name: "Record Co",
      email: "hello@record.example",
      country: "NL",
      custom: { plan: "pro", seats: 7 },
    });
    await as(agent).customers.update({ customerId: c.id, tier: "silver" });
    const contact = await as(agent).contacts.create({ customerId: c.id, firstName: "Rita", lastName: "Recorder", email: "rita@record.example" });
    const kase = await as(agent).cases.create({ customerId: c.id, subject: "Invoice missing", description: "Sent twice" });
    await as(agent).cases.update({ caseId: kase.id, status: "closed" });
    await as(agent).customers.addNote({ customerId: c.id, body: "Prefers email." });

    const record = await as(admin).customers.exportRecord({ customerId: c.id });
    expect(record.customer).toMatchObject({ id: c.id, name: "Record Co", email: "hello@record.example", country: "NL", tier: "silver" });
    expect(record.customer.customFields).toEqual([
      { key: "plan", label: "Plan", type: "picklist", value: "pro" },
      { key: "seats", label: "Seats", type: "number", value: 7 },
    ]);
    expect(record.contacts).toEqual([expect.objectContaining({ id: contact.id, firstName: "Rita", email: "rita@record.example" })]);
    expect(record.cases).toEqual([expect.objectContaining({ id: kase.id, subject: "Invoice missing", description: "Sent twice", status: "closed" })]);
    expect(record.notes).toEqual([expect.objectContaining({ body: "Prefers email.", author: "Agent Smith" })]);
    expect(record.fieldHistory).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entityType: "customer", field: "tier", oldValue: null, newValue: "silver", changedBy: "Agent Smith" }),
        expect.objectContaining({ entityType: "case", entityId: kase.id, field: "status", newValue: "closed" }),
      ]),
    );
    expect(record.auditEntries.map((a) => a.action)).toEqual(
      expect.arrayContaining(["customer.created", "customer.updated", "contact.created", "case.created"]),
    );
    // The JSON is plain data: it survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);

    const audit = (await auditOf("customer.export_record"))[0]!;
    expect(audit).toMatchObject({ entity_type: "customer", entity_id: c.id, actor_id: admin.id });
    expect(audit.after).toMatchObject({ contacts: 1, cases: 1, notes: 1 });
    expect((await errorOf(as(admin).customers.exportRecord({ customerId: crypto.randomUUID() }))).code).toBe("NOT_FOUND");
  });
});

describe("erasure", () => {
  it("removes the person's data everywhere and keeps the history, anonymised", async () => {
    const p = await as(agent).customers.create({
      kind: "person",
      name: "Erika Mustermann",
      email: "erika.mustermann@example.de",
      phone: "+4915112345678",
      country: "DE",
      language: "de",
      segment: "retail",
      custom: { account_no: "EM-77", seats: 1 },
    });
    await as(agent).customers.update({ customerId: p.id, email: "erika@example.de", tier: "vip" });
    const kase = await as(agent).cases.create({ customerId: p.id, subject: "Erika's parcel to Hauptstr. 5", description: "Call her at home" });
    await as(agent).cases.update({ caseId: kase.id, subject: "Erika's parcel (2)", priority: "high" });
    await as(agent).customers.addNote({ customerId: p.id, body: "Erika's birthday is 3 May." });
    expect((await as(agent).search.customers({ q: "Mustermann" })).items.map((i) => i.id)).toContain(p.id);

    // Searches exported before: by name, by email, by phone (personal), and one about someone else.
    for (const q of ["Mustermann", "erika@example", "+49 151 1234", "Quillfeather"]) await collect(await as(admin).customers.exportCsv({ q }));

    const result = await as(admin).customers.erase({ customerId: p.id, reason: "GDPR request #4711" });
    expect(result).toMatchObject({ customerId: p.id, records: 1, cases: 1, notes: 1 });
    const searches = (await auditOf("customer.export")).slice(0, 4).map((a) => (a.after as { filter: { q: string } }).filter.q);
    expect(searches.sort()).toEqual(["Quillfeather", "[erased]", "[erased]", "[erased]"]);

    // The record stays, without personal data.
    const after = await as(agent).customers.get({ customerId: p.id });
    expect(after).toMatchObject({
      name: "Erased customer",
      email: null,
      phone: null,
      language: null,
      segment: null,
      tier: null,
      custom: {},
      country: "DE",
      kind: "person",
    });
    expect(after.erased_at).not.toBeNull();

    // Not found by search, nor listed.
    for (const q of ["Mustermann", "Erika", "erika@example.de", "erika.mustermann@", "+4915112345678", "Erased customer"]) {
      expect((await as(agent).search.customers({ q })).items.map((i) => i.id), q).not.toContain(p.id);
    }
    expect((await as(agent).customers.list({ country: "DE", limit: 200 })).items.map((c) => c.id)).not.toContain(p.id);
    expect((await as(agent).customers.list({ custom: { key: "account_no", value: "EM-77" } })).items).toEqual([]);

    // Rows kept, text redacted: notes, cases, field history (who/when/which field kept), audit entries.
    const notes = await h.db.selectFrom("customer_notes").selectAll().where("customer_id", "=", p.id).execute();
    expect(notes.map((n) => [n.body, n.author_id])).toEqual([["[erased]", agent.id]]);
    const cases = await h.db.selectFrom("cases").selectAll().where("customer_id", "=", p.id).execute();
    expect(cases.map((c) => [c.subject, c.description, c.priority, c.case_number])).toEqual([["[erased]", "[erased]", "high", kase.case_number]]);
    const history = await h.db.selectFrom("field_history").selectAll().where("entity_id", "in", [p.id, kase.id]).orderBy("id").execute();
    expect(history.map((f) => [f.field, f.old_value, f.new_value, f.changed_by])).toEqual([
      ["email", "[erased]", "[erased]", agent.id],
      ["tier", null, "[erased]", agent.id],
      ["subject", "[erased]", "[erased]", agent.id],
      ["priority", "medium", "high", agent.id],
    ]);
    const everything = JSON.stringify(
      await h.db.selectFrom("audit_log").select(["action", "before", "after"]).where("action", "!=", "customer.export").execute(),
    );
    for (const secret of ["Mustermann", "Erika", "erika", "4915112345678", "EM-77", "Hauptstr", "retail", "vip"]) {
      expect(everything, secret).not.toContain(secret);
    }
    const updated = await h.db
      .selectFrom("audit_log")
      .selectAll()
      .where("entity_id", "=", p.id)
      .where("action", "=", "customer.updated")
      .executeTakeFirstOrThrow();
    expect(updated.after).toEqual({ email: "[erased]", tier: "[erased]" });
    const created = await h.db
      .selectFrom("audit_log")
      .selectAll()
      .where("entity_id", "=", p.id)
      .where("action", "=", "customer.created")
      .executeTakeFirstOrThrow();
    expect(created.after).toEqual({ name: "[erased]", kind: "person" });

    const erase = (await auditOf("customer.erase"))[0]!;
    expect(erase).toMatchObject({ entity_type: "customer", entity_id: p.id, actor_id: admin.id });
    expect(erase.after).toMatchObject({ reason: "GDPR request #4711", cases: 1, notes: 1 });

    // The JSON export of an erased record shows what is left: nothing personal.
    const record = await as(admin).customers.exportRecord({ customerId: p.id });
    const json = JSON.stringify(record);
    for (const secret of ["Mustermann", "Erika", "erika", "4915112345678", "EM-77", "Hauptstr"]) expect(json, secret).not.toContain(secret);
    expect(record.customer.erasedAt).toEqual(expect.any(String));

    // Once is enough; an erased record is not edited.
    const again = await errorOf(as(admin).customers.erase({ customerId: p.id, reason: "again please" }));
    expect([again.code, again.message]).toEqual(["BAD_REQUEST", "This customer was already erased."]);
    expect((await errorOf(as(agent).customers.update({ customerId: p.id, name: "Erika" }))).message).toBe("This customer was erased.");
  });

  it("refuses a company, a merged-away record and a missing one, changing nothing", async () => {
    const company = await as(agent).customers.create({ kind: "company", name: "Keep Me Ltd", email: "keep@me.example" });
    const refused = await errorOf(as(admin).customers.erase({ customerId: company.id, reason: "please erase" }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toMatch(/^Only a person can be erased/);
    expect(await as(agent).customers.get({ customerId: company.id })).toMatchObject({ name: "Keep Me Ltd", email: "keep@me.example", erased_at: null });

    const survivor = await as(agent).customers.create({ kind: "person", name: "Sam Survivor", email: "sam@one.example" });
    const loser = await as(agent).customers.create({ kind: "person", name: "Sam Loser", email: "sam@two.example" });
    await h.db.updateTable("customers").set({ merged_into_id: survivor.id, archived_at: new Date() }).where("id", "=", loser.id).execute();
    const merged = await errorOf(as(admin).customers.erase({ customerId: loser.id, reason: "gdpr request" }));
    expect(merged.message).toMatch(/merged into another customer; erase the surviving record/);
    expect((await errorOf(as(admin).customers.erase({ customerId: crypto.randomUUID(), reason: "gdpr request" }))).code).toBe("NOT_FOUND");
    const short = await errorOf(as(admin).customers.erase({ customerId: survivor.id, reason: "" }));
    expect(short.code).toBe("BAD_REQUEST");

    // Erasing the survivor erases the record merged into it too.
    const result = await as(admin).customers.erase({ customerId: survivor.id, reason: "gdpr request" });
    expect(result.records).toBe(2);
    const rows = await h.db.selectFrom("customers").select(["name", "email", "erased_at"]).where("id", "in", [survivor.id, loser.id]).execute();
    expect(rows.every((r) => r.name === "Erased customer" && r.email === null && r.erased_at !== null)).toBe(true);
  });
});

describe("permissions", () => {
  it("lets every role list, and only admins export and erase", async () => {
    const p = await as(agent).customers.create({ kind: "person", name: "Perm Person" });
    for (const role of ["agent", "supervisor", "planner", "hr"] as const) {
      const user = role === "agent" ? agent : role === "supervisor" ? supervisor : await makeUser(h.db, role);
      expect((await as(user).customers.list({ limit: 1 })).items).toHaveLength(1);
      expect((await errorOf(as(user).customers.exportCsv({}))).code).toBe("FORBIDDEN");
      expect((await errorOf(as(user).customers.exportRecord({ customerId: p.id }))).code).toBe("FORBIDDEN");
      expect((await errorOf(as(user).customers.erase({ customerId: p.id, reason: "not allowed" }))).code).toBe("FORBIDDEN");
    }
    expect((await as(agent).customers.get({ customerId: p.id })).erased_at).toBeNull();
    const anonymous = callerFor(h.db, null).caller;
    expect((await errorOf(anonymous.customers.list({}))).code).toBe("UNAUTHORIZED");
  });
});
