import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../server/auth/lucia";
import { casesRouter, contactsRouter, customersRouter } from "../../server/crm/router";
import { createInnerContext } from "../../server/trpc/context";
import { createCallerFactory, router } from "../../server/trpc/init";
import { errorOf, makeAgent, makeUser } from "../setup/fixtures";
import { freshDatabase, type TestDatabase } from "../setup/test-db";

// The CRM routers on their own, so this file does not depend on how the root router names them.
const createCaller = createCallerFactory(router({ customers: customersRouter, contacts: contactsRouter, cases: casesRouter }));

let h: TestDatabase;
let agent: SessionUser;
let supervisor: SessionUser;
let hr: SessionUser;
beforeAll(async () => {
  h = await freshDatabase();
  agent = await makeUser(h.db, "agent", { name: "Alex Agent" });
  supervisor = await makeUser(h.db, "supervisor");
  hr = await makeUser(h.db, "hr");
});
afterAll(() => h.close());

const as = (user: SessionUser) => createCaller(createInnerContext({ db: h.db, user, ip: "203.0.113.7" }));


async function company(name = "Initech", country = "US") {
  return as(agent).customers.create({ kind: "company", name, country });
}

describe("contacts", () => {
  it("belong only to companies, store phones as E.164 in the company's country, and emails case-insensitively", async () => {
    const person = await as(agent).customers.create({ kind: "person", name: "Solo Person" });
    const refused = await errorOf(as(agent).contacts.create({ customerId: person.id, lastName: "Nope" }));
    expect(refused.message).toBe("Only a company has contacts; this customer is a person.");

    const uk = await company("Globex UK", "GB");
    const c = await as(agent).contacts.create({
      customerId: uk.id,
      firstName: "Hank",
      lastName: "Scorpio",
      email: "Hank@Globex.example",
      phone: "020 7946 0958",
      title: "CEO",
    });
    expect(c).toMatchObject({ phone: "+442079460958", first_name: "Hank", title: "CEO" });
    const byEmail = await h.db.selectFrom("contacts").select("id").where("email", "=", "hank@globex.example").execute();
    expect(byEmail.map((r) => r.id)).toEqual([c.id]);

    const badPhone = await errorOf(as(agent).contacts.create({ customerId: uk.id, lastName: "X", phone: "12345" }));
    expect(badPhone.message).toBe("Not a valid phone number for GB: 12345.");
    const badEmail = await errorOf(as(agent).contacts.create({ customerId: uk.id, lastName: "X", email: "not-an-email" }));
    expect(badEmail.message).toBe("email: Enter a valid email address.");
  });

  it("records who changed which field from what to what, and archives", async () => {
    const co = await company("Initrode");
    const c = await as(agent).contacts.create({ customerId: co.id, lastName: "Lumbergh", phone: "(415) 555-2671" });
    await as(supervisor).contacts.update({ contactId: c.id, title: "VP", phone: "+1 415 555 2672" });
    await as(agent).contacts.update({ contactId: c.id, title: "VP" }); // no change, no history
    const rows = await h.db
      .selectFrom("field_history")
      .select(["field", "old_value", "new_value", "changed_by"])
      .where("entity_type", "=", "contact")
      .where("entity_id", "=", c.id)
      .orderBy("id")
      .execute();
    expect(rows.map((r) => [r.field, r.old_value, r.new_value, r.changed_by]).sort()).toEqual(
      [
        ["phone", "+14155552671", "+14155552672", supervisor.id],
        ["title", null, "VP", supervisor.id],
      ].sort(),
    );
    await as(agent).contacts.archive({ contactId: c.id });
    expect(await as(hr).contacts.list({ customerId: co.id, includeArchived: false })).toEqual([]);
    expect((await as(hr).contacts.list({ customerId: co.id, includeArchived: true })).map((x) => x.id)).toEqual([c.id]);
  });
});

describe("cases", () => {
  it("stamps closed_at on closing, clears it on reopening, and tracks the changes", async () => {
    const { agent: owner } = await makeAgent(h.db, { name: "Olive Owner" });
    const co = await company("Vandelay");
    const missingAgent = await errorOf(
      as(agent).cases.create({ customerId: co.id, subject: "x", ownerAgentId: "00000000-0000-4000-8000-000000000000" }),
    );
    expect(missingAgent.message).toBe("No such agent to own this case.");

    const kase = await as(agent).cases.create({ customerId: co.id, subject: "Printer on fire", priority: "urgent", origin: "phone", ownerAgentId: owner.id });
    expect(kase).toMatchObject({ status: "new", priority: "urgent", closed_at: null });
    const closed = await as(agent).cases.update({ caseId: kase.id, status: "closed" });
    expect(closed.closed_at).toBeInstanceOf(Date);
    expect(await as(hr).cases.list({ customerId: co.id, status: "open", limit: 50 })).toEqual([]);
    expect((await as(hr).cases.list({ customerId: co.id, status: "closed", limit: 50 })).map((c) => c.id)).toEqual([kase.id]);

    const reopened = await as(agent).cases.update({ caseId: kase.id, status: "open", priority: "high" });
    expect(reopened).toMatchObject({ status: "open", closed_at: null, priority: "high" });
    const open = await as(hr).cases.list({ customerId: co.id, status: "open", limit: 50 });
    expect(open.map((c) => [c.id, c.owner_name])).toEqual([[kase.id, "Olive Owner"]]);

    const history = await h.db
      .selectFrom("field_history")
      .select(["field", "old_value", "new_value"])
      .where("entity_type", "=", "case")
      .where("entity_id", "=", kase.id)
      .orderBy("id")
      .execute();
    expect(history.map((r) => [r.field, r.old_value, r.new_value])).toEqual([
      ["status", "new", "closed"],
      ["status", "closed", "open"],
      ["priority", "urgent", "high"],
    ]);
  });
});

describe("the customer timeline", () => {
  it("merges cases, notes and field changes newest first, and pages through them without gaps or repeats", async () => {
    const co = await company("Timeline Co");
    const other = await company("Someone Else");
    const base = Date.parse("2026-01-01T00:00:00.000Z");
    const t = (minutes: number, micros = 0) => new Date(base + minutes * 60_000).toISOString().replace("Z", `${String(micros).padStart(3, "0")}Z`);
    const expected: { at: string; kind: string; id: string }[] = [];

    for (let i = 0; i < 6; i++) {
      const closedAt = i % 2 === 0 ? t(i * 10 + 5) : null;
      const row = await h.db
        .insertInto("cases")
        .values({ customer_id: co.id, subject: `Case ${i}`, status: closedAt ? "closed" : "open", opened_at: t(i * 10), closed_at: closedAt })
        .returning("id")
        .executeTakeFirstOrThrow();
      expected.push({ at: t(i * 10), kind: "case_opened", id: row.id });
      if (closedAt) expected.push({ at: closedAt, kind: "case_closed", id: row.id });
    }
    for (let i = 0; i < 10; i++) {
      // Two notes share each instant, and some share it with a case being opened: the order must still be total.
      const at = t(Math.floor(i / 2) * 10, 0);
      const row = await h.db.insertInto("customer_notes").values({ customer_id: co.id, body: `Note ${i}`, author_id: agent.id, created_at: at }).returning("id").executeTakeFirstOrThrow();
      expected.push({ at, kind: "note", id: row.id });
    }
    for (let i = 0; i < 8; i++) {
      // Microseconds apart: a cursor that kept only milliseconds would skip or repeat these.
      const at = t(3, i * 100);
      const row = await h.db
        .insertInto("field_history")
        .values({ entity_type: "customer", entity_id: co.id, field: "tier", old_value: JSON.stringify(`t${i}`), new_value: JSON.stringify(`t${i + 1}`), changed_by: agent.id, changed_at: at })
        .returning("id")
        .executeTakeFirstOrThrow();
      expected.push({ at, kind: "field_change", id: String(row.id) });
    }
    await h.db.insertInto("customer_notes").values({ customer_id: other.id, body: "Not ours", created_at: t(100) }).execute();
    await h.db.insertInto("field_history").values({ entity_type: "contact", entity_id: co.id, field: "title", changed_at: t(100) }).execute();

    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    expected.sort((a, b) => cmp(b.at, a.at) || cmp(b.kind, a.kind) || cmp(b.id, a.id));
    expect(expected.length).toBe(27);

    const seen: { at: string; kind: string; id: string }[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<ReturnType<typeof as>["customers"]["timeline"]>> = await as(hr).customers.timeline({ customerId: co.id, before, limit: 4 });
      seen.push(...page.items.map((i) => ({ at: i.at, kind: i.kind, id: i.ref.id })));
      before = page.nextCursor;
      pages++;
    } while (before && pages < 20);
    expect(pages).toBe(7);
    expect(seen.map((s) => `${s.kind}:${s.id}`)).toEqual(expected.map((e) => `${e.kind}:${e.id}`));
    expect(seen.map((s) => s.at)).toEqual(expected.map((e) => new Date(e.at).toISOString()));

    const first = await as(hr).customers.timeline({ customerId: co.id, limit: 3 });
    expect(first.items[0]).toMatchObject({ kind: "case_opened", title: expect.stringMatching(/^Case \d+ opened: Case 5$/) });
    const change = seen.findIndex((s) => s.kind === "field_change");
    const page = await as(hr).customers.timeline({ customerId: co.id, limit: 50 });
    expect(page.items[change]).toMatchObject({ title: "tier changed by Alex Agent", detail: "t7 → t8" });
    expect(page.nextCursor).toBeNull();

    const bad = await errorOf(as(hr).customers.timeline({ customerId: co.id, before: "garbage", limit: 5 }));
    expect(bad.code).toBe("BAD_REQUEST");
  });

  it("pages through items written at the same moment by the services, one at a time", async () => {
    const co = await company("Busy Co");
    await as(agent).customers.update({ customerId: co.id, tier: "gold", segment: "smb" }); // two rows, one instant
    const kase = await as(agent).cases.create({ customerId: co.id, subject: "Help" });
    await as(agent).customers.addNote({ customerId: co.id, body: "Called back" });
    await as(agent).cases.update({ caseId: kase.id, status: "closed" });
    const kinds: string[] = [];
    let before: string | null = null;
    do {
      const page: Awaited<ReturnType<ReturnType<typeof as>["customers"]["timeline"]>> = await as(hr).customers.timeline({ customerId: co.id, before, limit: 1 });
      kinds.push(...page.items.map((i) => i.kind));
      before = page.nextCursor;
    } while (before && kinds.length < 20);
    expect(kinds).toEqual(["case_closed", "note", "case_opened", "field_change", "field_change"]);
  });
});

describe("the customer 360", () => {
  it("shows the profile, contacts, open and closed cases, the timeline and field history — also for a merged-away id", async () => {
    const co = await company("Acme");
    await as(agent).customers.update({ customerId: co.id, tier: "gold" });
    await as(agent).contacts.create({ customerId: co.id, lastName: "Coyote", firstName: "Wile" });
    const open = await as(agent).cases.create({ customerId: co.id, subject: "Anvil late" });
    const done = await as(agent).cases.create({ customerId: co.id, subject: "Rocket skates" });
    await as(agent).cases.update({ caseId: done.id, status: "closed" });
    await as(agent).customers.addNote({ customerId: co.id, body: "Prefers email" });
    const loser = await as(agent).customers.create({ kind: "company", name: "Acme (dup)" });
    await h.db.updateTable("customers").set({ merged_into_id: co.id }).where("id", "=", loser.id).execute();

    const view = await as(hr).customers.view360({ customerId: loser.id });
    expect(view.profile).toMatchObject({ id: co.id, name: "Acme", resolvedFrom: loser.id });
    expect(view.contacts.map((c) => c.last_name)).toEqual(["Coyote"]);
    expect(view.openCases.map((c) => c.id)).toEqual([open.id]);
    expect(view.closedCases.map((c) => c.id)).toEqual([done.id]);
    expect(view.timeline.items.map((i) => i.kind)).toEqual(["note", "case_closed", "case_opened", "case_opened", "field_change"]);
    expect(view.history.map((x) => [x.field, x.newValue])).toEqual([["tier", "gold"]]);
  });
});

describe("the customer 360 in one statement", () => {
  it("shows exactly what the lists show on their own, times as ISO-8601 at UTC", async () => {
    const co = await company("Globex");
    await as(agent).customers.update({ customerId: co.id, tier: "silver", segment: "SMB" });
    for (const last of ["Simpson", "Burns", "Smithers"]) await as(agent).contacts.create({ customerId: co.id, lastName: last, firstName: "Ann" });
    const archived = await as(agent).contacts.create({ customerId: co.id, lastName: "Gone" });
    await as(agent).contacts.archive({ contactId: archived.id });
    for (let i = 0; i < 4; i++) {
      const c = await as(agent).cases.create({ customerId: co.id, subject: `Case ${i}`, description: `Details "${i}", with commas and ünïcode` });
      if (i % 2) await as(agent).cases.update({ caseId: c.id, status: "closed" });
    }
    for (let i = 0; i < 30; i++) await as(agent).customers.addNote({ customerId: co.id, body: `Note ${i}` });

    const view = await as(hr).customers.view360({ customerId: co.id });
    const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
    // The 360 shows these columns of each (the lists give whole rows).
    const shown = <T extends object>(rows: T[], columns: string[]) =>
      rows.map((r) => Object.fromEntries(Object.entries(r).flatMap(([k, v]) => (columns.includes(k) ? [[k, iso(v)]] : []))));
    const contactColumns = ["id", "first_name", "last_name", "email", "phone", "title"];
    const caseColumns = ["id", "case_number", "contact_id", "subject", "description", "status", "priority", "origin", "owner_agent_id", "owner_name", "opened_at", "closed_at"];
    expect(view.contacts).toEqual(shown(await as(hr).contacts.list({ customerId: co.id }), contactColumns));
    expect(view.openCases).toEqual(shown(await as(hr).cases.list({ customerId: co.id, status: "open", limit: 200 }), caseColumns));
    expect(view.closedCases).toEqual(shown(await as(hr).cases.list({ customerId: co.id, status: "closed", limit: 20 }), caseColumns));
    expect(view.openCases.length + view.closedCases.length).toBe(4);
    expect(view.timeline).toEqual(await as(hr).customers.timeline({ customerId: co.id, limit: 25 }));
    expect(view.timeline.nextCursor).not.toBeNull();
    expect(view.history).toEqual((await as(hr).customers.history({ customerId: co.id })).slice(0, 20));
    expect(view.contacts.map((c) => c.last_name)).toEqual(["Burns", "Simpson", "Smithers"]);
    for (const c of [...view.openCases, ...view.closedCases]) {
      expect(c.opened_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(c.opened_at)).toBe(new Date(c.opened_at).getTime());
    }
  });
});

describe("permissions", () => {
  it("lets every role read, and only agents, supervisors and admins write", async () => {
    const co = await company("Perms Inc");
    const contact = await as(supervisor).contacts.create({ customerId: co.id, lastName: "Smith" });
    const kase = await as(supervisor).cases.create({ customerId: co.id, subject: "Read me" });
    expect((await as(hr).cases.list({ customerId: co.id, status: "all", limit: 50 })).map((c) => c.id)).toEqual([kase.id]);
    expect((await as(hr).customers.view360({ customerId: co.id })).profile.name).toBe("Perms Inc");
    for (const attempt of [
      as(hr).contacts.create({ customerId: co.id, lastName: "X" }),
      as(hr).contacts.update({ contactId: contact.id, lastName: "X" }),
      as(hr).contacts.archive({ contactId: contact.id }),
      as(hr).cases.create({ customerId: co.id, subject: "X" }),
      as(hr).cases.update({ caseId: kase.id, status: "closed" }),
      as(hr).customers.addNote({ customerId: co.id, body: "X" }),
    ]) {
      expect((await errorOf(attempt)).code).toBe("FORBIDDEN");
    }
    const audit = await h.db.selectFrom("audit_log").select("action").where("entity_id", "in", [contact.id, kase.id]).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(["case.created", "contact.created"]);
  });
});
