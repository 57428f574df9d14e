import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCustomer } from "../../server/crm/customers.service";
import { importSalesforceExport, SalesforceImportError, type SalesforceImportSummary } from "../../server/crm/salesforce-import";
import { dbKind, freshDatabase, type TestDatabase } from "../setup/test-db";

const MESSY = path.join(__dirname, "..", "fixtures", "salesforce", "messy");
const ACME = "0015000000Acme0AAA";
const ACME_DUP = "0015000000AcmD0AAA";

let t: TestDatabase;
let first: SalesforceImportSummary;
const progress: string[] = [];

beforeAll(async () => {
  t = await freshDatabase();
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
    expect(Task).toMatchObject({ rows: 3, created: 0, skipped: 3 });
    expect(Task.note).toMatch(/1 calls, 1 emails, 1 other/);
    expect(first.customFieldsCreated.sort()).toEqual(["industry", "region", "website"]);
    expect(progress.some((l) => /^Account\.csv: done, 8 rows/.test(l))).toBe(true);
  });

  it("reports rejected rows with the line they start on", () => {
    expect(first.rejectedRows).toEqual([
      { file: "Account.csv", line: 6, reason: "missing Name" },
      { file: "Contact.csv", line: 5, reason: 'invalid Email "bob@"' },
      { file: "Contact.csv", line: 6, reason: "missing LastName" },
      { file: "Case.csv", line: 6, reason: 'neither AccountId "" nor ContactId "" is an imported customer' },
    ]);
    expect(first.warnings.map((w) => `${w.file}:${w.line}`)).toEqual(["Account.csv:5", "Account.csv:10", "Account.csv:10"]);
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
    for (const object of ["Account", "Contact", "Case"] as const) {
      expect(again.objects[object], object).toMatchObject({ created: 0, updated: 0 });
    }
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

describe("Salesforce import atomicity", () => {
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
      const audits = await other.db.selectFrom("audit_log").select("after").where("action", "=", "salesforce.imported").execute();
      expect(audits.map((a) => (a.after as { object: string }).object)).toEqual(["Account"]);
    } finally {
      await other.close();
    }
  });
});

describe("npm run cli -- import salesforce", () => {
  let pg: TestDatabase | null = null;
  let dataDir = "";
  beforeAll(async () => {
    if (dbKind() === "postgres") pg = await freshDatabase();
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "frontline-sf-cli-")), "pglite");
  });
  afterAll(async () => {
    await pg?.close();
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env, FRONTLINE_DATA_DIR: dataDir };
    if (pg) env.DATABASE_URL = pg.url!;
    else delete env.DATABASE_URL;
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", "server/cli.ts", ...args], { env });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  it("prints progress on stderr and a JSON summary on stdout", async () => {
    const r = await cli("import", "salesforce", "tests/fixtures/salesforce/messy");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^Case\.csv: done, 6 rows/m);
    const summary = JSON.parse(r.stdout) as SalesforceImportSummary;
    expect(summary.objects.Account).toMatchObject({ created: 5, updated: 0, rejected: 1 });
    expect(summary.objects.Contact).toMatchObject({ created: 3, rejected: 2 });
    expect(summary.objects.Case).toMatchObject({ created: 4, rejected: 1 });
    expect(summary.rejectedRows[0]).toEqual({ file: "Account.csv", line: 6, reason: "missing Name" });
  }, 60_000);

  it("refuses a bad command line", async () => {
    const r = await cli("import", "hubspot", "x");
    expect(r.code).toBe(64);
    expect(r.stderr.trim()).toBe("error: Usage: npm run cli -- import salesforce <dir>");
  }, 60_000);
});
