import { sql } from "kysely";
import { z, ZodError } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../server/auth/lucia";
import { callerFor, errorOf, makeUser } from "../setup/fixtures";
import { freshDatabase, type TestDatabase } from "../setup/test-db";

let h: TestDatabase;
let agent: SessionUser;
let admin: SessionUser;
let hr: SessionUser;
let supervisor: SessionUser;
beforeAll(async () => {
  h = await freshDatabase();
  agent = await makeUser(h.db, "agent");
  admin = await makeUser(h.db, "admin");
  hr = await makeUser(h.db, "hr");
  supervisor = await makeUser(h.db, "supervisor");
});
afterAll(() => h.close());

const as = (u: SessionUser) => callerFor(h.db, u).caller;
/** The per-field messages a form shows, from a refused call. */
const fieldErrorsOf = (error: Error) => {
  const cause = error.cause;
  if (cause instanceof ZodError) return z.flattenError(cause).fieldErrors;
  const field = (cause as { field?: string } | undefined)?.field;
  return field ? { [field]: [error.message] } : {};
};


describe("customer records", () => {
  it("stores phones as E.164 (read in the customer's country), emails case-insensitively, ISO codes", async () => {
    const c = await as(agent).customers.create({
      kind: "person",
      name: "Grace Hopper",
      email: "Grace.Hopper@Example.com",
      phone: "(415) 555-2671",
      country: "us",
      language: "EN",
    });
    expect(c).toMatchObject({ phone: "+14155552671", country: "US", language: "en" });
    const found = await sql<{ id: string }>`SELECT id FROM customers WHERE email = 'grace.hopper@example.com'`.execute(h.db);
    expect(found.rows.map((r) => r.id)).toEqual([c.id]);
    const uk = await as(agent).customers.create({ kind: "person", name: "Ada Lovelace", phone: "020 7946 0958", country: "GB" });
    expect(uk.phone).toBe("+442079460958");
  });

  it("refuses a phone that is not a real number, and codes that are not ISO, changing nothing", async () => {
    const before = await h.db.selectFrom("customers").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const phone = await errorOf(as(agent).customers.create({ kind: "person", name: "X", phone: "12345", country: "US" }));
    expect(phone.message).toBe("phone: Not a valid phone number for US: 12345.");
    expect(fieldErrorsOf(phone)).toEqual({ phone: ["Not a valid phone number for US: 12345."] });
    // A form hears of every bad field in one answer: the email and the phone together.
    const both = await errorOf(as(agent).customers.create({ kind: "person", name: "X", email: "nope", phone: "12345", country: "US" }));
    expect(fieldErrorsOf(both)).toEqual({ email: ["Enter a valid email address."], phone: ["Not a valid phone number for US: 12345."] });
    const noCountry = await errorOf(as(agent).customers.create({ kind: "person", name: "X", phone: "2125550199" }));
    expect(fieldErrorsOf(noCountry)).toEqual({ phone: ["Not a valid phone number: 2125550199. Add the country code, e.g. +44."] });
    const country = await errorOf(as(agent).customers.create({ kind: "person", name: "X", country: "XX" }));
    expect(country.message).toBe("country: Use a two-letter ISO country code, e.g. DE.");
    const language = await errorOf(as(agent).customers.create({ kind: "person", name: "X", language: "qq" }));
    expect(language.message).toBe("language: Use an ISO 639 language code, e.g. es.");
    const after = await h.db.selectFrom("customers").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    // An update without a country reads the phone in the stored one (the service's check).
    const german = await as(agent).customers.create({ kind: "person", name: "Phone In DE", country: "DE" });
    const stored = await errorOf(as(agent).customers.update({ customerId: german.id, email: "bad", phone: "12" }));
    expect(fieldErrorsOf(stored)).toEqual({ email: ["Enter a valid email address."] });
    expect((await as(agent).customers.update({ customerId: german.id, phone: "030 1234567" })).phone).toBe("+49301234567");
    const wrong = await errorOf(as(agent).customers.update({ customerId: german.id, phone: "12" }));
    expect(wrong.message).toBe("Not a valid phone number for DE: 12.");
  });

  it("records every change to a tracked field: who, when, old and new", async () => {
    const c = await as(agent).customers.create({ kind: "company", name: "Initech", country: "US" });
    await as(agent).customers.update({ customerId: c.id, name: "Initech LLC", tier: "gold" });
    await as(agent).customers.update({ customerId: c.id, tier: "platinum", name: "Initech LLC" });
    const history = await as(hr).customers.history({ customerId: c.id });
    expect(history.map((x) => [x.field, x.oldValue, x.newValue, x.changedBy])).toEqual([
      ["tier", "gold", "platinum", agent.name],
      ["tier", null, "gold", agent.name],
      ["name", "Initech", "Initech LLC", agent.name],
    ]);
  });

  it("validates custom fields against the admin's definitions and tracks them", async () => {
    await as(admin).customFields.define({ entityType: "customer", key: "plan", label: "Plan", type: "picklist", options: ["basic", "pro"] });
    await as(admin).customFields.define({ entityType: "customer", key: "seats", label: "Seats", type: "number", options: [] });
    const duplicate = await errorOf(as(admin).customFields.define({ entityType: "customer", key: "plan", label: "Plan", type: "text", options: [] }));
    expect(duplicate.code).toBe("CONFLICT");
    const c = await as(agent).customers.create({ kind: "company", name: "Hooli", custom: { plan: "pro", seats: "12" } });
    expect(c.custom).toEqual({ plan: "pro", seats: 12 });
    const bad = await errorOf(as(agent).customers.update({ customerId: c.id, custom: { plan: "enterprise" } }));
    expect(bad.message).toBe("Plan: choose one of basic, pro.");
    const unknown = await errorOf(as(agent).customers.update({ customerId: c.id, custom: { color: "red" } }));
    expect(unknown.message).toBe('There is no custom field "color".');
    await as(agent).customers.update({ customerId: c.id, custom: { plan: "basic" } });
    const history = await as(agent).customers.history({ customerId: c.id });
    expect(history[0]).toMatchObject({ field: "custom.plan", oldValue: "pro", newValue: "basic" });
    const byValue = await sql<{ id: string }>`SELECT id FROM customers WHERE custom @> '{"plan": "basic"}'`.execute(h.db);
    expect(byValue.rows.map((r) => r.id)).toContain(c.id);
  });

  it("only agents, supervisors and admins edit; every role reads; only admins define fields", async () => {
    const c = await as(agent).customers.create({ kind: "person", name: "Read Only" });
    expect((await as(hr).customers.get({ customerId: c.id })).name).toBe("Read Only");
    expect((await errorOf(as(hr).customers.update({ customerId: c.id, name: "Nope" }))).code).toBe("FORBIDDEN");
    expect((await errorOf(as(agent).customFields.define({ entityType: "customer", key: "x", label: "X", type: "text", options: [] }))).code).toBe("FORBIDDEN");
  });

  it("archives and restores: an archived customer leaves search until restored; both audited; merged or erased ones stay as they are", async () => {
    const c = await as(agent).customers.create({ kind: "person", name: "Quillon Restorey", email: "quillon@example.com" });
    const found = async () => (await as(agent).search.customers({ q: "Quillon Restorey", limit: 10 })).items.map((x) => x.id);
    expect(await found()).toContain(c.id);
    await as(agent).customers.archive({ customerId: c.id });
    expect(await found()).not.toContain(c.id);
    expect((await as(agent).customers.get({ customerId: c.id })).archived_at).not.toBeNull();

    expect((await errorOf(as(hr).customers.restore({ customerId: c.id }))).code).toBe("FORBIDDEN");
    await as(supervisor).customers.restore({ customerId: c.id });
    expect((await as(agent).customers.get({ customerId: c.id })).archived_at).toBeNull();
    expect(await found()).toContain(c.id);
    // Restoring a live customer changes nothing and writes nothing.
    await as(supervisor).customers.restore({ customerId: c.id });
    const audit = await h.db
      .selectFrom("audit_log")
      .select(["action", "actor_id"])
      .where("entity_id", "=", c.id)
      .where("action", "in", ["customer.archived", "customer.restored"])
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { action: "customer.archived", actor_id: agent.id },
      { action: "customer.restored", actor_id: supervisor.id },
    ]);

    const survivor = await as(agent).customers.create({ kind: "person", name: "Restore Survivor" });
    const loser = await as(agent).customers.create({ kind: "person", name: "Restore Loser" });
    await h.db.updateTable("customers").set({ merged_into_id: survivor.id, archived_at: new Date() }).where("id", "=", loser.id).execute();
    const merged = await errorOf(as(agent).customers.restore({ customerId: loser.id }));
    expect(merged.message).toBe("This customer was merged into another record; restore the survivor instead.");
    const erased = await as(agent).customers.create({ kind: "person", name: "Restore Erased" });
    await as(admin).customers.erase({ customerId: erased.id, reason: "data-subject request" });
    expect((await errorOf(as(agent).customers.restore({ customerId: erased.id }))).message).toBe("An erased customer cannot be restored.");
    expect((await h.db.selectFrom("customers").select("archived_at").where("id", "=", loser.id).executeTakeFirstOrThrow()).archived_at).not.toBeNull();
    expect((await errorOf(as(agent).customers.restore({ customerId: "0190c0de-0000-7000-8000-00000000dead" }))).code).toBe("NOT_FOUND");
  });

  it("resolves a merged-away id to its survivor", async () => {
    const survivor = await as(agent).customers.create({ kind: "person", name: "Survivor" });
    const loser = await as(agent).customers.create({ kind: "person", name: "Loser" });
    await h.db.updateTable("customers").set({ merged_into_id: survivor.id }).where("id", "=", loser.id).execute();
    const got = await as(agent).customers.get({ customerId: loser.id });
    expect(got).toMatchObject({ id: survivor.id, resolvedFrom: loser.id });
    expect((await errorOf(as(agent).customers.update({ customerId: loser.id, name: "x" }))).message).toBe(
      "This customer was merged into another record; edit the survivor.",
    );
  });
});
