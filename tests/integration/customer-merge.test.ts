import { TRPCError } from "@trpc/server";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../server/auth/lucia";
import { casesRouter, contactsRouter, customFieldsRouter, customersRouter } from "../../server/crm/router";
import { createInnerContext } from "../../server/trpc/context";
import { createCallerFactory, router } from "../../server/trpc/init";
import { errorOf, makeUser } from "../setup/fixtures";
import { dbKind, freshDatabase, type TestDatabase } from "../setup/test-db";

// The CRM routers on their own, so this file does not depend on how the root router names them.
const createCaller = createCallerFactory(
  router({ customers: customersRouter, contacts: contactsRouter, cases: casesRouter, customFields: customFieldsRouter }),
);

let h: TestDatabase;
let admin: SessionUser;
let agent: SessionUser;
let supervisor: SessionUser;
let hr: SessionUser;
beforeAll(async () => {
  h = await freshDatabase();
  admin = await makeUser(h.db, "admin", { name: "Ada Admin" });
  agent = await makeUser(h.db, "agent");
  supervisor = await makeUser(h.db, "supervisor");
  hr = await makeUser(h.db, "hr");
});
afterAll(() => h.close());

const as = (user: SessionUser) => createCaller(createInnerContext({ db: h.db, user, ip: "203.0.113.7" }));


async function auditCount(action: string) {
  const r = await h.db.selectFrom("audit_log").select(sql<string>`count(*)`.as("n")).where("action", "=", action).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Everything a merge could change, to show that a refused merge changed nothing. */
async function stateOf(...ids: string[]) {
  const customers = await h.db.selectFrom("customers").selectAll().where("id", "in", ids).orderBy("id").execute();
  const children = await sql<{ t: string; customer_id: string; n: string }>`
    SELECT 'contacts' AS t, customer_id, count(*)::text AS n FROM contacts WHERE customer_id = ANY(${ids}::uuid[]) GROUP BY customer_id
    UNION ALL SELECT 'cases', customer_id, count(*)::text FROM cases WHERE customer_id = ANY(${ids}::uuid[]) GROUP BY customer_id
    UNION ALL SELECT 'notes', customer_id, count(*)::text FROM customer_notes WHERE customer_id = ANY(${ids}::uuid[]) GROUP BY customer_id
    ORDER BY 1, 2`.execute(h.db);
  const pairs = await h.db.selectFrom("customer_duplicates").select(["customer_a", "customer_b", "status"]).orderBy("customer_a").orderBy("customer_b").execute();
  const history = await h.db.selectFrom("field_history").select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow();
  return { customers, children: children.rows, pairs, history: Number(history.n), audits: await auditCount("customer.merge") };
}

describe("duplicates are flagged on create", () => {
  it("for the same email (any case), naming the other customer and why", async () => {
    const first = await as(agent).customers.create({ kind: "person", name: "Quentin Blake", email: "quentin@blake.example", country: "GB" });
    expect(first.duplicates).toEqual([]);
    const second = await as(agent).customers.create({ kind: "person", name: "Q. B. Illustrator", email: "Quentin@Blake.example" });
    expect(second.duplicates).toHaveLength(1);
    expect(second.duplicates[0]).toMatchObject({ reasons: ["email"], customer: { id: first.id, name: "Quentin Blake" } });
    const ofFirst = await as(hr).customers.duplicatesOf({ customerId: first.id });
    expect(ofFirst.map((d) => [d.customer.id, d.reasons])).toEqual([[second.id, ["email"]]]);
  });

  it("for the same phone, however it was typed", async () => {
    const first = await as(agent).customers.create({ kind: "person", name: "Rosalind Franklin", phone: "+1 415 555 0101" });
    const second = await as(agent).customers.create({ kind: "person", name: "R. Franklin (mobile)", phone: "(415) 555-0101", country: "US" });
    expect(second.duplicates.map((d) => [d.customer.id, d.reasons])).toEqual([[first.id, ["phone"]]]);
  });

  it("for a very similar name in the same country, even with a typo, but not in another country", async () => {
    const first = await as(agent).customers.create({ kind: "person", name: "Jonathan Whitfield", country: "US" });
    const typo = await as(agent).customers.create({ kind: "person", name: "Jonathon Whitfield", country: "US" });
    expect(typo.duplicates.map((d) => [d.customer.id, d.reasons])).toEqual([[first.id, ["name"]]]);
    expect(typo.duplicates[0]!.score).toBeGreaterThanOrEqual(0.6);
    const abroad = await as(agent).customers.create({ kind: "person", name: "Jonathan Whitfield", country: "CA" });
    expect(abroad.duplicates).toEqual([]);
    const unrelated = await as(agent).customers.create({ kind: "person", name: "Jonathan Smith", country: "US" });
    expect(unrelated.duplicates).toEqual([]);
    // A company with the name of a person is a different kind of record: not flagged.
    const company = await as(agent).customers.create({ kind: "company", name: "Jonathan Whitfield", country: "US" });
    expect(company.duplicates).toEqual([]);
  });

  it("when an edit makes two customers alike, and drops the pair when an edit makes them differ", async () => {
    const a = await as(agent).customers.create({ kind: "person", name: "Hedy Lamarr", email: "hedy@film.example" });
    const b = await as(agent).customers.create({ kind: "person", name: "Hedwig Kiesler" });
    expect(b.duplicates).toEqual([]);
    await as(agent).customers.update({ customerId: b.id, email: "HEDY@film.example" });
    expect((await as(agent).customers.duplicatesOf({ customerId: a.id })).map((d) => d.customer.id)).toEqual([b.id]);
    await as(agent).customers.update({ customerId: b.id, email: "hedwig@film.example" });
    expect(await as(agent).customers.duplicatesOf({ customerId: a.id })).toEqual([]);
  });
});

describe("the list of open pairs", () => {
  it("pages newest first, and supervisors dismiss (audited) while agents cannot; a dismissed pair stays dismissed", async () => {
    const made: string[] = [];
    for (const n of [1, 2, 3]) {
      const x = await as(agent).customers.create({ kind: "person", name: `Listed Person ${n}a`, email: `listed${n}@pairs.example` });
      const y = await as(agent).customers.create({ kind: "person", name: `Listed Person ${n}b`, email: `listed${n}@pairs.example` });
      made.push(y.duplicates[0]!.pairId);
      expect(x.id).not.toBe(y.id);
    }
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const result: Awaited<ReturnType<ReturnType<typeof as>["customers"]["duplicates"]>> = await as(hr).customers.duplicates({ limit: 2, after });
      seen.push(...result.items.map((p) => p.id));
      after = result.next;
      if (!after) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    // Newest first: the three just made lead the list, the last made first.
    expect(seen.slice(0, 3)).toEqual([...made].reverse());
    const first = (await as(hr).customers.duplicates({ limit: 1 })).items[0]!;
    expect(first.reasons).toEqual(["email"]);
    expect([first.a.email, first.b.email]).toEqual(["listed3@pairs.example", "listed3@pairs.example"]);

    expect((await errorOf(as(agent).customers.dismissDuplicate({ pairId: made[2]! }))).code).toBe("FORBIDDEN");
    const audits = await auditCount("customer.duplicate_dismissed");
    await as(supervisor).customers.dismissDuplicate({ pairId: made[2]! });
    expect(await auditCount("customer.duplicate_dismissed")).toBe(audits + 1);
    expect((await as(hr).customers.duplicates({ limit: 100 })).items.map((p) => p.id)).not.toContain(made[2]);
    const again = await errorOf(as(supervisor).customers.dismissDuplicate({ pairId: made[2]! }));
    expect(again).toMatchObject({ code: "BAD_REQUEST", message: "This pair was already dismissed." });
    expect((await errorOf(as(supervisor).customers.dismissDuplicate({ pairId: "999999999" }))).code).toBe("NOT_FOUND");
    expect((await errorOf(as(hr).customers.duplicates({ limit: 5, after: "garbage" }))).code).toBe("BAD_REQUEST");

    // Found again by a later edit: still dismissed.
    const pair = await h.db.selectFrom("customer_duplicates").selectAll().where(sql<boolean>`id = ${made[2]}::bigint`).executeTakeFirstOrThrow();
    await as(agent).customers.update({ customerId: pair.customer_a, name: "Listed Person 3 renamed" });
    const after2 = await h.db.selectFrom("customer_duplicates").select("status").where(sql<boolean>`id = ${made[2]}::bigint`).executeTakeFirstOrThrow();
    expect(after2.status).toBe("dismissed");
  });
});

async function companyWithHistory(name: string, extra: { email?: string; phone?: string; country?: string; tier?: string; custom?: Record<string, string> } = {}) {
  const c = await as(agent).customers.create({ kind: "company", name, ...extra });
  await as(agent).contacts.create({ customerId: c.id, lastName: `${name} contact` });
  await as(agent).cases.create({ customerId: c.id, subject: `${name} case` });
  await as(agent).customers.addNote({ customerId: c.id, body: `${name} note` });
  return c;
}

describe("merge", () => {
  it("keeps the picked values, moves contacts, cases and notes, keeps the loser resolvable, and audits it", async () => {
    await as(admin).customFields.define({ entityType: "customer", key: "plan", label: "Plan", type: "text", options: [] });
    const survivor = await companyWithHistory("Wayne Enterprises", { country: "US", tier: "gold", custom: { plan: "basic" } });
    const loser = await companyWithHistory("Wayne Enterprises Inc", {
      country: "US",
      email: "info@wayne.example",
      phone: "+12125550199",
      tier: "silver",
      custom: { plan: "enterprise" },
    });
    expect(loser.duplicates.map((d) => d.customer.id)).toEqual([survivor.id]);
    const pairId = loser.duplicates[0]!.pairId;
    await as(agent).cases.create({ customerId: loser.id, subject: "Second loser case" });

    const result = await as(admin).customers.merge({
      survivorId: survivor.id,
      loserId: loser.id,
      pick: { name: "loser", tier: "survivor", "custom.plan": "loser" },
    });
    expect(result.moved).toEqual({ contacts: 1, cases: 2, notes: 1, interactions: 0 });
    expect([...result.changed].sort()).toEqual(["custom.plan", "email", "name", "phone"]);

    const s = await as(hr).customers.get({ customerId: survivor.id });
    // name picked from the loser; email and phone empty on the survivor so the loser's fill them; tier picked as the survivor's.
    expect(s).toMatchObject({ name: "Wayne Enterprises Inc", email: "info@wayne.example", phone: "+12125550199", tier: "gold", custom: { plan: "enterprise" } });
    expect(await as(hr).contacts.list({ customerId: survivor.id, includeArchived: false })).toHaveLength(2);
    expect(await as(hr).cases.list({ customerId: survivor.id, status: "all", limit: 50 })).toHaveLength(3);
    const timeline = await as(hr).customers.timeline({ customerId: survivor.id, limit: 50 });
    expect(timeline.items.filter((i) => i.kind === "note").map((i) => i.detail).sort()).toEqual(["Wayne Enterprises Inc note", "Wayne Enterprises note"]);

    const history = await as(hr).customers.history({ customerId: survivor.id });
    const byField = new Map(history.map((x) => [x.field, x]));
    expect(byField.get("name")).toMatchObject({ oldValue: "Wayne Enterprises", newValue: "Wayne Enterprises Inc", changedBy: "Ada Admin" });
    expect(byField.get("custom.plan")).toMatchObject({ oldValue: "basic", newValue: "enterprise" });
    expect(byField.get("merged_from")?.newValue).toBe(`Wayne Enterprises Inc (${loser.id})`);
    expect(byField.has("tier")).toBe(false);

    // The loser's id still resolves, to the survivor; it is out of search and of the duplicate list.
    expect(await as(agent).customers.get({ customerId: loser.id })).toMatchObject({ id: survivor.id, resolvedFrom: loser.id });
    const loserRow = await h.db.selectFrom("customers").selectAll().where("id", "=", loser.id).executeTakeFirstOrThrow();
    expect(loserRow.merged_into_id).toBe(survivor.id);
    expect(loserRow.archived_at).not.toBeNull();
    expect(await h.db.selectFrom("customer_name_tokens").select("token").where("customer_id", "=", loser.id).execute()).toEqual([]);
    const pair = await h.db.selectFrom("customer_duplicates").selectAll().where(sql<boolean>`id = ${pairId}::bigint`).executeTakeFirstOrThrow();
    expect(pair).toMatchObject({ status: "merged", decided_by: admin.id });

    const audit = await h.db.selectFrom("audit_log").selectAll().where("action", "=", "customer.merge").where("entity_id", "=", survivor.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: admin.id, before: { loser: { id: loser.id, name: "Wayne Enterprises Inc" }, survivor: { name: "Wayne Enterprises" } } });
    expect((audit[0]!.after as { moved: unknown }).moved).toEqual({ contacts: 1, cases: 2, notes: 1, interactions: 0 });
  });

  it("repoints records merged into the loser at the survivor", async () => {
    const oldest = await as(agent).customers.create({ kind: "person", name: "Chain Oldest" });
    const middle = await as(agent).customers.create({ kind: "person", name: "Chain Middle" });
    const last = await as(agent).customers.create({ kind: "person", name: "Chain Last" });
    await as(admin).customers.merge({ survivorId: middle.id, loserId: oldest.id });
    await as(admin).customers.merge({ survivorId: last.id, loserId: middle.id });
    const row = await h.db.selectFrom("customers").select("merged_into_id").where("id", "=", oldest.id).executeTakeFirstOrThrow();
    expect(row.merged_into_id).toBe(last.id);
    expect((await as(agent).customers.get({ customerId: oldest.id })).id).toBe(last.id);
  });

  it("is for admins only; self, merged-away and person-into-company merges are refused and change nothing", async () => {
    const a = await companyWithHistory("Refusal Corp A");
    const b = await companyWithHistory("Refusal Corp B");
    const person = await as(agent).customers.create({ kind: "person", name: "Refusal Person" });
    const gone = await as(agent).customers.create({ kind: "company", name: "Refusal Gone" });
    await as(admin).customers.merge({ survivorId: a.id, loserId: gone.id });
    const before = await stateOf(a.id, b.id, person.id, gone.id);

    for (const user of [agent, supervisor, hr]) {
      expect((await errorOf(as(user).customers.merge({ survivorId: a.id, loserId: b.id }))).code).toBe("FORBIDDEN");
      expect((await errorOf(as(user).customers.mergePreview({ survivorId: a.id, loserId: b.id }))).code).toBe("FORBIDDEN");
    }
    const self = await errorOf(as(admin).customers.merge({ survivorId: a.id, loserId: a.id }));
    expect(self).toMatchObject({ code: "BAD_REQUEST", message: "loserId: A customer cannot be merged into itself." });
    const merged = await errorOf(as(admin).customers.merge({ survivorId: b.id, loserId: gone.id }));
    expect(merged).toMatchObject({ code: "BAD_REQUEST", message: "Refusal Gone was already merged into another customer." });
    const intoMerged = await errorOf(as(admin).customers.merge({ survivorId: gone.id, loserId: b.id }));
    expect(intoMerged.message).toBe("Refusal Gone was merged into another customer; merge into that one instead.");
    // The same pair again, either way round (another admin merged it meanwhile): said with both names.
    const again = await errorOf(as(admin).customers.merge({ survivorId: a.id, loserId: gone.id }));
    expect(again.message).toBe("Refusal Gone is already merged into Refusal Corp A.");
    const reversed = await errorOf(as(admin).customers.merge({ survivorId: gone.id, loserId: a.id }));
    expect(reversed.message).toBe("Refusal Gone was merged into Refusal Corp A meanwhile; nothing is left to merge.");
    expect((await as(admin).customers.mergePreview({ survivorId: a.id, loserId: gone.id })).problem).toBe(again.message);
    const kinds = await errorOf(as(admin).customers.merge({ survivorId: a.id, loserId: person.id }));
    expect(kinds.message).toBe("A person cannot be merged into a company; only records of the same kind merge.");
    const unknownField = await errorOf(as(admin).customers.merge({ survivorId: a.id, loserId: b.id, pick: { "custom.nope": "loser" } }));
    expect(unknownField.message).toBe("Neither customer has a value for custom.nope.");
    const missing = await errorOf(as(admin).customers.merge({ survivorId: a.id, loserId: "00000000-0000-4000-8000-000000000000" }));
    expect(missing.code).toBe("NOT_FOUND");

    expect(await stateOf(a.id, b.id, person.id, gone.id)).toEqual(before);
  });

  it("previews both records with what would move", async () => {
    const a = await companyWithHistory("Preview Alpha", { email: "same@preview.example" });
    const b = await companyWithHistory("Preview Beta", { email: "same@preview.example" });
    const preview = await as(admin).customers.mergePreview({ survivorId: a.id, loserId: b.id });
    expect(preview.loser.counts).toEqual({ contacts: 1, cases: 1, notes: 1, interactions: 0 });
    expect(preview.pair?.reasons).toEqual(["email"]);
    expect(preview.problem).toBeNull();
  });
});

describe.runIf(dbKind() === "postgres")("concurrent merges on PostgreSQL", () => {
  it("A into B and B into A at once: exactly one succeeds, the other is refused, nothing half-done", async () => {
    for (let round = 0; round < 3; round++) {
      const a = await companyWithHistory(`Race ${round} Alpha`);
      const b = await companyWithHistory(`Race ${round} Beta`);
      const results = await Promise.allSettled([
        as(admin).customers.merge({ survivorId: b.id, loserId: a.id }),
        as(admin).customers.merge({ survivorId: a.id, loserId: b.id }),
      ]);
      const ok = results.filter((r) => r.status === "fulfilled");
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(ok).toHaveLength(1);
      expect(failed).toHaveLength(1);
      expect(failed[0]!.reason).toBeInstanceOf(TRPCError);
      expect(failed[0]!.reason.message).toMatch(/was merged into Race \d (Alpha|Beta) meanwhile; nothing is left to merge\./);

      const rows = await h.db.selectFrom("customers").select(["id", "merged_into_id"]).where("id", "in", [a.id, b.id]).execute();
      const losers = rows.filter((r) => r.merged_into_id);
      expect(losers).toHaveLength(1);
      const survivorId = losers[0]!.merged_into_id!;
      const loserId = losers[0]!.id;
      const state = await stateOf(survivorId, loserId);
      expect(state.children.every((c) => c.customer_id === survivorId)).toBe(true);
      expect(state.children.map((c) => [c.t, c.n])).toEqual([
        ["cases", "2"],
        ["contacts", "2"],
        ["notes", "2"],
      ]);
      const audits = await h.db.selectFrom("audit_log").select("entity_id").where("action", "=", "customer.merge").where("entity_id", "in", [a.id, b.id]).execute();
      expect(audits.map((x) => x.entity_id)).toEqual([survivorId]);
    }
  });
});
