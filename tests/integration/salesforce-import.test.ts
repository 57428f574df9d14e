import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCustomer } from "../../server/crm/customers.service";
import { eraseCustomer } from "../../server/crm/erasure.service";
import { customerTimeline } from "../../server/crm/timeline.service";
import { readSalesforceCsv } from "../../server/crm/salesforce-csv";
import { classifyTask, importSalesforceExport, SalesforceImportError, type SalesforceImportSummary } from "../../server/crm/salesforce-import";
import { cliProcess } from "../setup/cli-process";
import { freshDatabase, type TestDatabase } from "../setup/test-db";

const MESSY = path.join(__dirname, "..", "fixtures", "salesforce", "messy");
const ACME = "0015000000Acme0AAA";
const ACME_DUP = "0015000000AcmD0AAA";

let t: TestDatabase;
let first: SalesforceImportSummary;
const progress: string[] = [];
let importStarted: Date;

beforeAll(async () => {
  t = await freshDatabase();
  importStarted = new Date();
  first = await importSalesforceExport(t.db, MESSY, { onProgress: (l) => progress.push(l), progressEvery: 2 });
});
afterAll(async () => {
  await t?.close();
});

const customerByExt = (id: string) =>
  t.db.selectFrom("customers").selectAll().where("external_source", "=", "salesforce").where("external_id", "=", id).executeTakeFirstOrThrow();

describe("Salesforce import of a messy export", () => {
  it("counts per object", () => {
    const { Account, Contact, Case, Task } = first.objects;
    expect(Account).toMatchObject({ file: "Account.csv", rows: 8, created: 5, updated: 0, rejected: 1, merged: 1, deleted: 1, archived: 0, warnings: 3 });
    expect(Contact).toMatchObject({ rows: 6, created: 3, updated: 0, rejected: 2, merged: 1 });
    expect(Case).toMatchObject({ rows: 6, created: 4, updated: 0, rejected: 1, deleted: 1 });
    expect(Task).toMatchObject({ file: "Task.csv", rows: 10, created: 5, updated: 0, unchanged: 0, rejected: 2, deleted: 1, archived: 0, skipped: 2, warnings: 2 });
    expect(Task.note).toBe("Calls and emails become interactions; not imported: 1 to-do or other activity, 1 planned call or email (still open).");
    expect(first.customFieldsCreated.sort()).toEqual(["industry", "region", "website"]);
    expect(progress.some((l) => /^Account\.csv: done, 8 rows/.test(l))).toBe(true);
  });

  it("reports rejected rows with the line they start on", () => {
    expect(first.rejectedRows).toEqual([
      { file: "Account.csv", line: 6, reason: "missing Name" },
      { file: "Contact.csv", line: 5, reason: 'invalid Email "bob@"' },
      { file: "Contact.csv", line: 6, reason: "missing LastName" },
      { file: "Case.csv", line: 6, reason: 'neither AccountId "" nor ContactId "" is an imported customer' },
      { file: "Task.csv", line: 7, reason: 'none of WhoId "00Q5000000Lead0AAA", WhatId "0065000000Opp00AAA", AccountId "" is an imported contact, account or case' },
      { file: "Task.csv", line: 13, reason: 'no readable CompletedDateTime, CreatedDate or ActivityDate (CreatedDate "yesterday")' },
    ]);
    expect(first.warnings.map((w) => `${w.file}:${w.line}`)).toEqual(["Account.csv:5", "Account.csv:10", "Account.csv:10", "Task.csv:9", "Task.csv:9"]);
    expect(first.warnings.filter((w) => w.file === "Task.csv").map((w) => w.reason)).toEqual([
      'CompletedDateTime "not a time" is not a timestamp; ignored',
      "Subject is longer than 200 characters; cut",
    ]);
  });

  it("maps Account fields, E.164 phones from the billing country, and custom columns", async () => {
    const acme = await customerByExt(ACME);
    expect(acme).toMatchObject({ kind: "company", name: "Acme, Inc.", phone: "+493012345678", country: "DE", segment: "Customer - Direct", archived_at: null });
    expect(acme.custom).toEqual({ website: "https://acme.example", industry: "Manufacturing", region: "EMEA" });
    const globex = await customerByExt("0015000000Glbx0AAA");
    expect(globex).toMatchObject({ name: 'Globex "West" Corp', phone: "+14155552671", country: "US" });
    expect(globex.custom).toEqual({ industry: "Technology", region: "Americas\r\n(West)" });
    expect(await customerByExt("0015000000Init0AAA")).toMatchObject({ phone: null, country: "US" });
    expect(await customerByExt("0015000000Umbr0AAA")).toMatchObject({ phone: "+442079460958", country: "DE" });
    expect(await customerByExt("0015000000Narn0AAA")).toMatchObject({ phone: null, country: null });
    const deleted = await t.db.selectFrom("customers").select("id").where("external_id", "=", "0015000000Old00AAA").execute();
    expect(deleted).toEqual([]);
  });

  it("keeps Salesforce's CreatedDate as the customer's creation time; without one, the import's time", async () => {
    expect((await customerByExt(ACME)).created_at).toEqual(new Date("2025-01-02T03:04:05.000Z"));
    const initech = await customerByExt("0015000000Init0AAA");
    expect(initech.created_at.getTime()).toBeGreaterThanOrEqual(importStarted.getTime() - 1000);
    // Contact.csv here has no CreatedDate column: the person customers made from it are new as of the import.
    const jane = await t.db.selectFrom("customers").select("created_at").where("external_id", "=", "0035000000Jane0AAA").executeTakeFirst();
    const janeContact = await t.db.selectFrom("contacts").select("created_at").where("external_id", "=", "0035000000Jane0AAA").executeTakeFirst();
    expect((jane ?? janeContact)!.created_at.getTime()).toBeGreaterThanOrEqual(importStarted.getTime() - 1000);
  });

  it("honours MasterRecordId: the merged-away Id resolves to the survivor", async () => {
    const acme = await customerByExt(ACME);
    const loser = await customerByExt(ACME_DUP);
    expect(loser.merged_into_id).toBe(acme.id);
    expect(loser.archived_at).not.toBeNull();
    const resolved = await getCustomer(t.db, loser.id);
    expect(resolved.id).toBe(acme.id);
    expect(resolved.resolvedFrom).toBe(loser.id);
    // A contact of the merged-away account lands on the survivor.
    const marie = await t.db.selectFrom("contacts").selectAll().where("external_id", "=", "0035000000Dupl0AAA").executeTakeFirstOrThrow();
    expect(marie).toMatchObject({ customer_id: acme.id, phone: "+33123456789" });
  });

  it("maps Contacts to contacts of their account or to person customers", async () => {
    const acme = await customerByExt(ACME);
    const jurgen = await t.db.selectFrom("contacts").selectAll().where("external_id", "=", "0035000000Jrgn0AAA").executeTakeFirstOrThrow();
    expect(jurgen).toMatchObject({ customer_id: acme.id, first_name: "Jürgen", last_name: "Müller", phone: "+493098765432", title: 'Head of "Ops", EMEA' });
    const jane = await customerByExt("0035000000Jane0AAA");
    expect(jane).toMatchObject({ kind: "person", name: "Jane Smith", email: "jane@example.com", phone: "+447911123456", country: "GB" });
    expect(jane.custom).toEqual({ region: "UK" });
    const janeOld = await customerByExt("0035000000JnDp0AAA");
    expect(janeOld.merged_into_id).toBe(jane.id);
  });

  it("maps Cases: status, priority, origin, dates, customer by account or contact", async () => {
    const cases = await t.db.selectFrom("cases").selectAll().where("external_source", "=", "salesforce").orderBy("case_number").execute();
    expect(cases.map((c) => c.case_number)).toEqual(["00001001", "00001002", "00001003", "00001005"]);
    const [c1, c2, c3, c5] = cases;
    const acme = await customerByExt(ACME);
    const jane = await customerByExt("0035000000Jane0AAA");
    expect(c1).toMatchObject({ customer_id: acme.id, subject: "Printer on fire, again", status: "new", priority: "high", origin: "phone", closed_at: null });
    expect(c1!.description).toBe('It said "PC LOAD LETTER",\r\nthen smoke.');
    expect(new Date(c1!.opened_at).toISOString()).toBe("2025-04-01T10:00:00.000Z");
    expect(c2).toMatchObject({ customer_id: jane.id, contact_id: null, status: "closed", priority: "urgent", origin: "email" });
    expect(new Date(c2!.closed_at!).toISOString()).toBe("2025-04-03T12:00:00.000Z");
    expect(c3).toMatchObject({ status: "pending", priority: "low", origin: "web" });
    expect(new Date(c3!.opened_at).toISOString()).toBe("2025-04-05T08:30:00.000Z");
    expect(c5).toMatchObject({ customer_id: jane.id, status: "open", origin: "other" });
  });

  it("a re-run of the same export creates nothing and updates nothing", async () => {
    const historyBefore = await t.db.selectFrom("field_history").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const again = await importSalesforceExport(t.db, MESSY);
    for (const object of ["Account", "Contact", "Case", "Task"] as const) {
      expect(again.objects[object], object).toMatchObject({ created: 0, updated: 0 });
    }
    expect(again.objects.Task).toMatchObject({ unchanged: 5, rejected: 2, skipped: 2, deleted: 1, archived: 0 });
    expect(again.objects.Account.unchanged).toBe(6); // 5 live + the merged-away record
    expect(again.objects.Account.merged).toBe(0);
    const historyAfter = await t.db.selectFrom("field_history").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(historyAfter.n)).toBe(Number(historyBefore.n));
  });

  it("a changed export updates by Salesforce Id and records field history", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sf-changed-"));
    try {
      const text = fs.readFileSync(path.join(MESSY, "Account.csv"), "utf8").replace('"Acme, Inc."', '"Acme Industries"');
      fs.writeFileSync(path.join(dir, "Account.csv"), text);
      const r = await importSalesforceExport(t.db, dir);
      expect(r.objects.Account).toMatchObject({ created: 0, updated: 1, unchanged: 5 });
      const acme = await customerByExt(ACME);
      expect(acme.name).toBe("Acme Industries");
      const history = await t.db.selectFrom("field_history").selectAll().where("entity_id", "=", acme.id).execute();
      expect(history.map((h) => [h.field, h.old_value, h.new_value])).toEqual([["name", "Acme, Inc.", "Acme Industries"]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

const interactionByExt = (id: string) =>
  t.db.selectFrom("interactions").selectAll().where("external_source", "=", "salesforce").where("external_id", "=", id).executeTakeFirst();
const caseByNumber = (n: string) => t.db.selectFrom("cases").select("id").where("case_number", "=", n).executeTakeFirstOrThrow();
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

describe("Salesforce Task.csv: calls and emails become imported interactions", () => {
  it("imports calls and emails only, each linked to the customer (and case) it names", async () => {
    const acme = await customerByExt(ACME);
    const jane = await customerByExt("0035000000Jane0AAA");
    const imported = await t.db.selectFrom("interactions").select(["external_id", "customer_id"]).where("source", "=", "import").orderBy("external_id").execute();
    expect(imported).toEqual([
      { external_id: "00T5000000Tsk1AAA", customer_id: acme.id },
      { external_id: "00T5000000Tsk2AAA", customer_id: jane.id },
      { external_id: "00T5000000Tsk6AAA", customer_id: acme.id },
      // A contact of the merged-away account, and a merged-away person contact: their survivors.
      { external_id: "00T5000000Tsk7AAA", customer_id: acme.id },
      { external_id: "00T5000000Tsk8AAA", customer_id: jane.id },
    ]);

    const call = await interactionByExt("00T5000000Tsk1AAA");
    expect(call).toMatchObject({
      source: "import",
      agent_id: null,
      shift_id: null,
      off_shift: false,
      imported_owner: "0055000000Own1AAA",
      channel: "phone",
      direction: "inbound",
      subject: "Call about printer",
      summary: 'Customer said "it\'s smoking, again".\r\nSent a technician.',
      outcome: null,
      case_id: null,
      created_by: null,
    });
    // CompletedDateTime first; the end is the start plus CallDurationInSeconds.
    expect([iso(call!.started_at), iso(call!.ended_at)]).toEqual(["2025-04-01T10:07:00.000Z", "2025-04-01T10:09:00.000Z"]);

    const email = await interactionByExt("00T5000000Tsk2AAA");
    const refundCase = await caseByNumber("00001002");
    expect(email).toMatchObject({ channel: "email", direction: "outbound", imported_owner: "unknown", case_id: refundCase.id, ended_at: null, summary: "Refund of 49,90 EUR sent." });
    expect(iso(email!.started_at)).toBe("2025-04-02T09:30:00.000Z");

    // An older org's call (Type, no TaskSubtype) on a case, dated by ActivityDate only (noon UTC).
    const callBack = await interactionByExt("00T5000000Tsk6AAA");
    const fireCase = await caseByNumber("00001001");
    expect(callBack).toMatchObject({ channel: "phone", direction: "outbound", case_id: fireCase.id, imported_owner: "0055000000Own2AAA", summary: null });
    expect([iso(callBack!.started_at), iso(callBack!.ended_at)]).toEqual(["2025-04-05T12:00:00.000Z", "2025-04-05T12:10:00.000Z"]);

    // A list email: its unreadable CompletedDateTime gives way to CreatedDate; its long Subject is cut to 200 characters.
    const newsletter = await interactionByExt("00T5000000Tsk7AAA");
    expect(newsletter).toMatchObject({ channel: "email", direction: "outbound" });
    expect(iso(newsletter!.started_at)).toBe("2025-04-06T07:00:00.000Z");
    expect(Array.from(newsletter!.subject)).toHaveLength(200);
    expect(newsletter!.subject).toMatch(/^Newsletter, April: new printers, .*…$/);

    const received = await interactionByExt("00T5000000Tsk8AAA");
    expect(received).toMatchObject({ channel: "email", direction: "inbound", summary: "Hi,\nstill waiting.\nJane" });

    // The to-do, the deleted call, the planned call and the two rejected rows are not there.
    for (const id of ["00T5000000Tsk3AAA", "00T5000000Tsk4AAA", "00T5000000Tsk5AAA", "00T5000000Tsk9AAA", "00T5000000TskAAAA"]) {
      expect(await interactionByExt(id), id).toBeUndefined();
    }
  });

  it("shows imported interactions on the customer timeline with the Salesforce owner instead of an agent", async () => {
    const acme = await customerByExt(ACME);
    const page = await customerTimeline(t.db, acme.id, { limit: 50 });
    const interactions = page.items.filter((i) => i.kind === "interaction");
    expect(interactions.map((i) => [i.at, i.title])).toEqual([
      ["2025-04-06T07:00:00.000Z", expect.stringMatching(/^Email \(outbound\), imported from Salesforce \(owner 0055000000Own1AAA\): Newsletter, April: /)],
      ["2025-04-05T12:00:00.000Z", "Call (outbound), imported from Salesforce (owner 0055000000Own2AAA): Called back about the fire"],
      ["2025-04-01T10:07:00.000Z", "Call, imported from Salesforce (owner 0055000000Own1AAA): Call about printer"],
    ]);
    expect(interactions[2]!.detail).toBe('Customer said "it\'s smoking, again".\r\nSent a technician.');
    const jane = await customerByExt("0035000000Jane0AAA");
    const janes = (await customerTimeline(t.db, jane.id, { limit: 50 })).items.filter((i) => i.kind === "interaction").map((i) => i.title);
    expect(janes).toEqual([
      "Email (outbound), imported from Salesforce (owner unknown): Email: refund, as promised",
      "Email, imported from Salesforce (owner 0055000000Own1AAA): ← Email: Where is my refund?",
    ]);
  });

  it("a changed Task.csv updates by Id and removes tasks deleted since", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sf-tasks-"));
    try {
      const text = fs
        .readFileSync(path.join(MESSY, "Task.csv"), "utf8")
        .replace('"Call about printer"', '"Call about the printer"')
        .replace('"00T5000000Tsk2AAA","0035000000Jane0AAA","5005000000Cas2AAA","Email: refund, as promised","2025-04-02","Completed","Normal","","Refund of 49,90 EUR sent.","0"', '"00T5000000Tsk2AAA","0035000000Jane0AAA","5005000000Cas2AAA","Email: refund, as promised","2025-04-02","Completed","Normal","","Refund of 49,90 EUR sent.","1"');
      fs.writeFileSync(path.join(dir, "Task.csv"), text);
      const before = await interactionByExt("00T5000000Tsk1AAA");
      const r = await importSalesforceExport(t.db, dir);
      expect(r.objects.Account.file).toBeNull();
      expect(r.objects.Task).toMatchObject({ rows: 10, created: 0, updated: 1, unchanged: 3, deleted: 2, archived: 1, rejected: 2, skipped: 2 });
      expect(r.objects.Task.note).toMatch(/; 1 task deleted in Salesforce removed here\.$/);
      const after = await interactionByExt("00T5000000Tsk1AAA");
      expect(after).toMatchObject({ id: before!.id, subject: "Call about the printer" });
      expect(await interactionByExt("00T5000000Tsk2AAA")).toBeUndefined();
      // The same file again: nothing to do.
      const again = await importSalesforceExport(t.db, dir);
      expect(again.objects.Task).toMatchObject({ created: 0, updated: 0, unchanged: 4, archived: 0 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("Salesforce Task.csv after an erasure", () => {
  it("does not bring an erased customer's calls and emails back", async () => {
    const jane = await customerByExt("0035000000Jane0AAA");
    await t.db.transaction().execute((trx) => eraseCustomer(trx, { id: null, label: "test", ip: null }, { customerId: jane.id, reason: "GDPR request #1" }));
    const rejectedBefore = first.rejectedRows.length;
    const r = await importSalesforceExport(t.db, MESSY);
    // Tsk2 (removed above) would be new, Tsk9 is Jane's too; Tsk8 is kept as erased; Tsk1 gets its first subject back.
    expect(r.objects.Task).toMatchObject({ created: 0, updated: 1, unchanged: 3, rejected: 3 });
    expect(r.rejectedRows.filter((x) => x.file === "Task.csv")).toEqual([
      { file: "Task.csv", line: 4, reason: "0035000000Jane0AAA belongs to a customer erased here; not imported" },
      { file: "Task.csv", line: 7, reason: 'none of WhoId "00Q5000000Lead0AAA", WhatId "0065000000Opp00AAA", AccountId "" is an imported contact, account or case' },
      { file: "Task.csv", line: 13, reason: "0035000000Jane0AAA belongs to a customer erased here; not imported" },
    ]);
    expect(r.warnings).toContainEqual({ file: "Task.csv", line: 10, reason: "Id 00T5000000Tsk8AAA belongs to a customer erased here and is not re-imported" });
    expect(await interactionByExt("00T5000000Tsk8AAA")).toMatchObject({ customer_id: jane.id, subject: "[erased]", summary: "[erased]" });
    expect(await interactionByExt("00T5000000Tsk2AAA")).toBeUndefined();
    expect(first.rejectedRows).toHaveLength(rejectedBefore);
  });
});

describe("readSalesforceCsv", () => {
  const read = async (text: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sf-csv-"));
    try {
      fs.writeFileSync(path.join(dir, "x.csv"), text);
      const rows = [];
      for await (const row of readSalesforceCsv(path.join(dir, "x.csv"))) rows.push(row);
      return rows;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  it("names values by the (trimmed) header and gives each record the line it starts on", async () => {
    const rows = await read(
      '\ufeff"Id"," Name ","Note"\r\n"1","A","x"\r\n"2","B ""b""","two\r\nlines"\r\n\r\n"3","C","three\nlines\nhere"\r\n"4","D"\r\n"5","E","\r"\r\n',
    );
    expect(rows).toEqual([
      { line: 2, values: { Id: "1", Name: "A", Note: "x" } },
      { line: 3, values: { Id: "2", Name: 'B "b"', Note: "two\r\nlines" } },
      // line 5 is empty: skipped, but counted
      { line: 6, values: { Id: "3", Name: "C", Note: "three\nlines\nhere" } },
      { line: 9, values: { Id: "4", Name: "D" } },
      { line: 10, values: { Id: "5", Name: "E", Note: "\r" } },
    ]);
  });

  it("throws on a structurally broken file", async () => {
    await expect(read('"Id","Name"\n"1","unclosed\n')).rejects.toThrow(
      "not a readable CSV: a quoted value is never closed: the file ends inside it on line 2 (is the file cut short, or a closing quote missing?)",
    );
    await expect(read('"Id","Name"\n"1","ok"\n"2","bad"x"\n')).rejects.toThrow(
      'not a readable CSV: a quote inside a quoted value is not doubled on line 3 (write "" for one ")',
    );
    await expect(read('"Id","Name"\n"1","two\nlines"\n3,ab"c\n')).rejects.toThrow(
      "not a readable CSV: a quote in the middle of an unquoted value on line 4",
    );
  });
});

describe("Salesforce import in small batches", () => {
  it("gives the same summary, rejected rows and warnings whatever the batch size", async () => {
    const other = await freshDatabase();
    try {
      // Batches of 2: each batch is checked while the one before it is written.
      const small = await importSalesforceExport(other.db, MESSY, { batchSize: 2 });
      const comparable = (x: SalesforceImportSummary) => ({ ...x, seconds: 0, customFieldsCreated: [...x.customFieldsCreated].sort() });
      expect(comparable(small)).toEqual(comparable(first));
      const rows = (db: TestDatabase) =>
        Promise.all([
          db.db.selectFrom("customers").select(["external_id", "name", "phone", "country", "custom", "merged_into_id"]).orderBy("external_id").execute(),
          db.db.selectFrom("contacts").select(["external_id", "first_name", "last_name", "phone"]).orderBy("external_id").execute(),
          db.db.selectFrom("cases").select(["external_id", "case_number", "status", "opened_at", "closed_at"]).orderBy("external_id").execute(),
          db.db.selectFrom("interactions").select(["external_id", "channel", "started_at", "ended_at", "subject"]).where("source", "=", "import").orderBy("external_id").execute(),
        ]);
      const fresh = await freshDatabase();
      try {
        await importSalesforceExport(fresh.db, MESSY);
        const [a, b] = await Promise.all([rows(other), rows(fresh)]);
        const ids = (list: { merged_into_id?: string | null }[]) => list.map((r) => ({ ...r, merged_into_id: r.merged_into_id ? "merged" : null }));
        expect(ids(a[0])).toEqual(ids(b[0]));
        expect(a.slice(1)).toEqual(b.slice(1));
      } finally {
        await fresh.close();
      }
      // A row rejected by a check (line 4, found while preparing the second batch) and one rejected after
      // the lookups (line 2, first batch): listed in line order all the same.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sf-order-"));
      try {
        fs.writeFileSync(
          path.join(dir, "Case.csv"),
          [
            '"Id","CaseNumber","AccountId","ContactId","Subject","Status"',
            '"5005000000Ord1AAA","00009001","0015000000Nope0AAA","","a","New"',
            `"5005000000Ord2AAA","00009002","${ACME}","","b","New"`,
            '"5005000000Ord3AAA","","","","c","New"',
          ].join("\n"),
        );
        const r = await importSalesforceExport(other.db, dir, { batchSize: 2 });
        expect(r.objects.Case).toMatchObject({ created: 1, rejected: 2 });
        expect(r.rejectedRows.map((x) => x.line)).toEqual([2, 4]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      await other.close();
    }
  });
});

describe("classifyTask", () => {
  const task = (values: Record<string, string>) => classifyTask({ Subject: "x", Status: "Completed", ...values });
  it("tells calls and emails from to-dos, planned and internal calls", () => {
    expect(task({ TaskSubtype: "Call", CallType: "Outbound" })).toEqual({ channel: "phone", direction: "outbound" });
    expect(task({ TaskSubtype: "Call" })).toEqual({ channel: "phone", direction: "outbound" });
    expect(task({ Type: "Call", CallType: "Inbound" })).toEqual({ channel: "phone", direction: "inbound" });
    expect(task({ TaskSubtype: "Call", CallType: "Internal" })).toEqual({ skip: "internal" });
    expect(task({ TaskSubtype: "ListEmail" })).toEqual({ channel: "email", direction: "outbound" });
    expect(task({ Type: "Email", Subject: "← Email: hello" })).toEqual({ channel: "email", direction: "inbound" });
    expect(task({ Subject: "Email: sent the quote" })).toEqual({ channel: "email", direction: "outbound" });
    expect(task({ TaskSubtype: "Task", Subject: "Email: draft it" })).toEqual({ skip: "todo" });
    expect(task({ TaskSubtype: "Cadence" })).toEqual({ skip: "todo" });
    expect(task({ Type: "Meeting" })).toEqual({ skip: "todo" });
    expect(task({ TaskSubtype: "Call", Status: "In Progress" })).toEqual({ skip: "planned" });
    expect(task({ TaskSubtype: "Email", Status: "Waiting on someone else", IsClosed: "1" })).toEqual({ channel: "email", direction: "outbound" });
    expect(task({ TaskSubtype: "Email", IsClosed: "0" })).toEqual({ skip: "planned" });
  });
});

describe("Salesforce import atomicity", () => {
  it("a failure mid-way through Task.csv leaves no interactions; the other files stay", async () => {
    const other = await freshDatabase();
    try {
      const error = await importSalesforceExport(other.db, MESSY, {
        batchSize: 2,
        afterBatch: (object, rows) => {
          if (object === "Task" && rows >= 4) throw new Error("simulated crash");
        },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SalesforceImportError);
      expect((error as Error).message).toBe("Task.csv failed and was rolled back (simulated crash); Account.csv, Contact.csv, Case.csv stayed imported.");
      const summary = (error as SalesforceImportError).summary;
      expect(summary.objects.Case.created).toBe(4);
      expect(summary.objects.Task).toMatchObject({ created: 0, rejected: 0, error: expect.stringMatching(/simulated crash/) });
      expect(summary.rejectedRows.filter((r) => r.file === "Task.csv")).toEqual([]);
      expect(await other.db.selectFrom("interactions").select("id").execute()).toEqual([]);
      expect(await other.db.selectFrom("cases").select("id").execute()).toHaveLength(4);
      const audits = await other.db.selectFrom("audit_log").select("after").where("action", "=", "salesforce.imported").orderBy("id").execute();
      expect(audits.map((a) => (a.after as { object: string }).object)).toEqual(["Account", "Contact", "Case"]);
    } finally {
      await other.close();
    }
  });


  it("a file that breaks while earlier batches are still being written leaves nothing behind", async () => {
    const other = await freshDatabase();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sf-broken-"));
    try {
      const rows = Array.from({ length: 9 }, (_, i) => `"001B0000000${String(i).padStart(4, "0")}","0","Broken File ${i} GmbH"`);
      fs.writeFileSync(path.join(dir, "Account.csv"), ['"Id","IsDeleted","Name"', ...rows, '"001B0000000XXXX","0","unclosed'].join("\n"));
      let slowed = false;
      const error = await importSalesforceExport(other.db, dir, {
        batchSize: 2,
        // The first batch's write is slow, so later batches are still queued when the parser meets the broken quote.
        afterBatch: async () => {
          if (slowed) return;
          slowed = true;
          await new Promise((resolve) => setTimeout(resolve, 300));
        },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SalesforceImportError);
      expect((error as Error).message).toMatch(/^Account\.csv failed and was rolled back \(.*quote.*\)\.$/i);
      // Give any write that escaped the transaction time to land before looking.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await other.db.selectFrom("customers").select("id").where("external_source", "=", "salesforce").execute()).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await other.close();
    }
  });

  it("a failure mid-file leaves nothing of that file; earlier files stay", async () => {
    const other = await freshDatabase();
    try {
      const error = await importSalesforceExport(other.db, MESSY, {
        batchSize: 2,
        afterBatch: (object, rows) => {
          if (object === "Contact" && rows >= 4) throw new Error("simulated crash");
        },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SalesforceImportError);
      expect((error as Error).message).toMatch(/^Contact\.csv failed and was rolled back \(simulated crash\); Account\.csv stayed imported\.$/);
      const summary = (error as SalesforceImportError).summary;
      expect(summary.objects.Account.created).toBe(5);
      expect(summary.objects.Contact).toMatchObject({ created: 0, error: expect.stringMatching(/simulated crash/) });
      const contacts = await other.db.selectFrom("contacts").select("id").execute();
      expect(contacts).toEqual([]);
      const people = await other.db.selectFrom("customers").select("id").where("kind", "=", "person").execute();
      expect(people).toEqual([]);
      const companies = await other.db.selectFrom("customers").select("id").where("external_source", "=", "salesforce").execute();
      expect(companies).toHaveLength(6);
      const audits = await other.db.selectFrom("audit_log").select("after").where("action", "=", "salesforce.imported").orderBy("id").execute();
      expect(audits.map((a) => (a.after as { object: string }).object)).toEqual(["Account"]);
    } finally {
      await other.close();
    }
  });
});

describe("npm run cli -- import salesforce", () => {
  const { cli } = cliProcess("frontline-sf-cli-");

  it("prints progress on stderr and a JSON summary on stdout", async () => {
    const r = await cli("import", "salesforce", "tests/fixtures/salesforce/messy");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^Case\.csv: done, 6 rows/m);
    const summary = JSON.parse(r.stdout) as SalesforceImportSummary;
    expect(summary.objects.Account).toMatchObject({ created: 5, updated: 0, rejected: 1 });
    expect(summary.objects.Contact).toMatchObject({ created: 3, rejected: 2 });
    expect(summary.objects.Case).toMatchObject({ created: 4, rejected: 1 });
    expect(summary.objects.Task).toMatchObject({ created: 5, rejected: 2, skipped: 2 });
    expect(summary.rejectedRows[0]).toEqual({ file: "Account.csv", line: 6, reason: "missing Name" });
  }, 60_000);

  it("refuses a bad command line", async () => {
    const r = await cli("import", "hubspot", "x");
    expect(r.code).toBe(64);
    expect(r.stderr.trim()).toBe("error: Usage: npm run cli -- import salesforce <dir>");
  }, 60_000);
});
