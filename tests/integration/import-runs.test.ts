import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../server/auth/lucia";
import {
  createUploadFolder,
  getImportRun,
  ImportRunError,
  ImportUploadGuard,
  markInterruptedImportRuns,
  startSalesforceImportRun,
  waitForImportRun,
} from "../../server/crm/import-runs.service";
import { callerFor, makeUser } from "../setup/fixtures";
import { freshDatabase, type TestDatabase } from "../setup/test-db";

const MESSY = path.join(__dirname, "..", "fixtures", "salesforce", "messy");

let t: TestDatabase;
let admin: SessionUser;
const actor = () => ({ id: admin.id, label: admin.email, ip: "203.0.113.7" });

beforeAll(async () => {
  t = await freshDatabase();
  admin = await makeUser(t.db, "admin");
});
afterAll(async () => {
  await t?.close();
});

/** An upload folder as the page's action leaves it: the chosen files under their (any-case) names. */
async function uploadOf(names: Record<string, string>): Promise<string> {
  const dir = await createUploadFolder();
  for (const [saveAs, fixture] of Object.entries(names)) fs.copyFileSync(path.join(MESSY, fixture), path.join(dir, saveAs));
  return dir;
}

const MESSY_UPLOAD = { "Account.csv": "Account.csv", "contact.CSV": "Contact.csv", "Case.csv": "Case.csv", "Task.csv": "Task.csv" };

const countRuns = async () => Number((await t.db.selectFrom("import_runs").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

async function until(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("an import run over the messy export", () => {
  let runId: string;
  let dir: string;

  beforeAll(async () => {
    dir = await uploadOf(MESSY_UPLOAD);
    const run = await startSalesforceImportRun(t.db, actor(), dir);
    runId = run.id;
    expect(["queued", "running"]).toContain(run.status);
    expect(run.files.map((f) => f.name)).toEqual(["Account.csv", "Contact.csv", "Case.csv", "Task.csv"]);
    expect(run.files.every((f) => f.size > 0)).toBe(true);
    await waitForImportRun(runId);
  });

  it("succeeds and stores the summary, the per-object progress and who started it", async () => {
    const { caller } = callerFor(t.db, admin);
    const run = await caller.imports.get({ id: runId });
    expect(run.status).toBe("succeeded");
    expect(run.error).toBeNull();
    expect(run.finishedAt).not.toBeNull();
    expect(run.startedBy).toMatchObject({ id: admin.id, email: admin.email });
    expect(run.summary!.objects.Account).toMatchObject({ file: "Account.csv", rows: 8, created: 5, rejected: 1, merged: 1, deleted: 1 });
    expect(run.summary!.objects.Contact).toMatchObject({ created: 3, rejected: 2 });
    expect(run.summary!.objects.Task).toMatchObject({ created: 5, rejected: 2, skipped: 2 });
    expect(run.summary!.rejectedRows).toContainEqual({ file: "Account.csv", line: 6, reason: "missing Name" });
    expect(run.progress!.objects.Account).toMatchObject({ state: "done", rowsRead: 8, created: 5, rejected: 1 });
    expect(run.progress!.objects.Case).toMatchObject({ state: "done", rowsRead: 6, created: 4 });
    // Read back from the table, not from this process's memory.
    const row = await t.db.selectFrom("import_runs").selectAll().where("id", "=", runId).executeTakeFirstOrThrow();
    expect(row.status).toBe("succeeded");
    expect((row.summary as { objects: { Case: { created: number } } }).objects.Case.created).toBe(4);
    expect((row.progress as { objects: { Contact: { state: string } } }).objects.Contact.state).toBe("done");
    // The records are there.
    const companies = await t.db.selectFrom("customers").select("id").where("external_source", "=", "salesforce").execute();
    expect(companies.length).toBeGreaterThan(0);
  });

  it("deletes the uploaded files afterwards", () => {
    expect(fs.existsSync(dir)).toBe(false);
  });

  it("audits the start and the end", async () => {
    const audits = await t.db
      .selectFrom("audit_log")
      .select(["action", "actor_id", "after"])
      .where("entity_type", "=", "import_run")
      .where("entity_id", "=", runId)
      .orderBy("id")
      .execute();
    expect(audits.map((a) => a.action)).toEqual(["import.salesforce.started", "import.salesforce.finished"]);
    expect(audits.every((a) => a.actor_id === admin.id)).toBe(true);
    expect(audits[1]!.after).toMatchObject({ status: "succeeded", totals: { created: 17, rejected: 6 } });
  });

  it("lists the run with its totals", async () => {
    const { caller } = callerFor(t.db, admin);
    const runs = await caller.imports.list({ limit: 5 });
    expect(runs[0]).toMatchObject({ id: runId, status: "succeeded", totals: { rows: 30, created: 17, updated: 0, rejected: 6 } });
  });

  it("a second run of the same export changes nothing", async () => {
    const again = await startSalesforceImportRun(t.db, actor(), await uploadOf(MESSY_UPLOAD));
    await waitForImportRun(again.id);
    const run = await getImportRun(t.db, again.id);
    expect(run.status).toBe("succeeded");
    for (const object of ["Account", "Contact", "Case"] as const) {
      expect(run.summary!.objects[object]).toMatchObject({ created: 0, updated: 0 });
    }
  });
});

describe("one import at a time", () => {
  it("refuses a second start while a run is going on, and shows the first one's live progress", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = await startSalesforceImportRun(t.db, actor(), await uploadOf({ "Account.csv": "Account.csv" }), {
      importOptions: { batchSize: 2, afterBatch: (object, rows) => (object === "Account" && rows >= 4 ? gate : undefined) },
    });
    try {
      // Served from memory: on PGlite the file's transaction holds the only connection meanwhile.
      await until(async () => (await getImportRun(t.db, first.id)).progress!.objects.Account.rowsRead >= 4, "progress");
      const live = await getImportRun(t.db, first.id);
      expect(live.status).toBe("running");
      expect(live.progress!.objects.Account.state).toBe("reading");

      const second = await uploadOf({ "Case.csv": "Case.csv" });
      const refused = await startSalesforceImportRun(t.db, actor(), second).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ImportRunError);
      expect(refused).toMatchObject({ kind: "CONFLICT", reason: "ALREADY_RUNNING" });
      expect((refused as Error).message).toMatch(/An import is already running \(started by .+\)\. Wait for it to finish/);
      expect(fs.existsSync(second)).toBe(false);
    } finally {
      release();
      await waitForImportRun(first.id);
    }
    expect((await getImportRun(t.db, first.id)).status).toBe("succeeded");
  });

  it("the database itself refuses a second active run (another app server's, say)", async () => {
    const insertActive = (status: "queued" | "running") =>
      t.db.insertInto("import_runs").values({ source: "salesforce", status, started_by: admin.id }).returning("id").executeTakeFirstOrThrow();
    const other = await insertActive("running");
    try {
      await expect(insertActive("running")).rejects.toMatchObject({ code: "23505" });
      await expect(insertActive("queued")).rejects.toMatchObject({ code: "23505" });
      const before = await countRuns();
      const dir = await uploadOf({ "Account.csv": "Account.csv" });
      await expect(startSalesforceImportRun(t.db, actor(), dir)).rejects.toMatchObject({ reason: "ALREADY_RUNNING" });
      expect(await countRuns()).toBe(before);
      expect(fs.existsSync(dir)).toBe(false);
    } finally {
      await t.db.deleteFrom("import_runs").where("id", "=", other.id).execute();
    }
  });
});

describe("refused uploads start nothing", () => {
  it("a file that is not one of the four export files", async () => {
    const before = await countRuns();
    const dir = await uploadOf({ "Account.csv": "Account.csv", "Opportunity.csv": "Case.csv" });
    const error = await startSalesforceImportRun(t.db, actor(), dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "BAD_REQUEST", reason: "INVALID_FILES" });
    expect((error as Error).message).toBe('Only Account.csv, Contact.csv, Case.csv, Task.csv can be imported; refused "Opportunity.csv". Nothing was imported.');
    expect(await countRuns()).toBe(before);
    expect(fs.existsSync(dir)).toBe(false);
  });

  it("an empty upload, and one over the size limit", async () => {
    const before = await countRuns();
    await expect(startSalesforceImportRun(t.db, actor(), await createUploadFolder())).rejects.toThrow(/Choose at least one of Account\.csv/);
    await expect(startSalesforceImportRun(t.db, actor(), await uploadOf({ "Account.csv": "Account.csv" }), { maxBytes: 100 })).rejects.toMatchObject({
      reason: "TOO_LARGE",
    });
    expect(await countRuns()).toBe(before);
  });

  it("the streaming guard: names case-insensitively, each once, bytes counted across files", async () => {
    const guard = new ImportUploadGuard(10);
    expect(guard.accept("ACCOUNT.CSV")).toBe("Account.csv");
    expect(guard.accept("C:\\Users\\me\\export\\case.csv")).toBe("Case.csv");
    expect(guard.accept("account.csv")).toBeNull();
    expect(guard.accept("Account.csv.exe")).toBeNull();
    expect(() => guard.check()).toThrow(/refused "Account\.csv\.exe"/);

    const sizes = new ImportUploadGuard(10);
    const chunks = async function* () {
      yield new Uint8Array(6);
      yield new Uint8Array(6);
    };
    let passed = 0;
    for await (const c of sizes.count(chunks())) passed += c.byteLength;
    expect(passed).toBe(6);
    expect(() => sizes.check()).toThrow(/at most 1 MB/);
  });
});

describe("a run whose import fails", () => {
  it("is marked failed with the error, and the failing file left nothing behind", async () => {
    const other = await freshDatabase();
    try {
      const otherAdmin = await makeUser(other.db, "admin");
      const run = await startSalesforceImportRun(
        other.db,
        { id: otherAdmin.id, label: otherAdmin.email, ip: null },
        await uploadOf({ "Account.csv": "Account.csv", "Contact.csv": "Contact.csv" }),
        {
          importOptions: {
            batchSize: 2,
            afterBatch: (object, rows) => {
              if (object === "Contact" && rows >= 4) throw new Error("simulated crash");
            },
          },
        },
      );
      await waitForImportRun(run.id);
      const failed = await getImportRun(other.db, run.id);
      expect(failed.status).toBe("failed");
      expect(failed.error).toBe("Contact.csv failed and was rolled back (simulated crash); Account.csv stayed imported.");
      expect(failed.finishedAt).not.toBeNull();
      expect(failed.summary!.objects.Contact).toMatchObject({ created: 0, error: expect.stringMatching(/simulated crash/) });
      expect(failed.progress!.objects.Contact.state).toBe("failed");
      expect(failed.progress!.objects.Account.state).toBe("done");
      expect(await other.db.selectFrom("contacts").select("id").execute()).toEqual([]);
      const audit = await other.db.selectFrom("audit_log").select("after").where("action", "=", "import.salesforce.finished").executeTakeFirstOrThrow();
      expect(audit.after).toMatchObject({ status: "failed", error: expect.stringMatching(/simulated crash/) });
      // The next import may start.
      const next = await startSalesforceImportRun(other.db, { id: otherAdmin.id, label: otherAdmin.email, ip: null }, await uploadOf({ "Contact.csv": "Contact.csv" }));
      await waitForImportRun(next.id);
      expect((await getImportRun(other.db, next.id)).status).toBe("succeeded");
    } finally {
      await other.close();
    }
  });
});

describe("runs a stopped server left behind", () => {
  it("are marked failed (interrupted) on startup", async () => {
    const stale = await t.db
      .insertInto("import_runs")
      .values({ source: "salesforce", status: "running", started_by: admin.id, heartbeat_at: sql<Date>`now() - interval '10 minutes'` })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await markInterruptedImportRuns(t.db)).toBe(1);
    const run = await getImportRun(t.db, stale.id);
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/^Interrupted: the server stopped before the import finished/);
    expect(run.finishedAt).not.toBeNull();
  });

  it("a run with a live heartbeat is left to its server, unless the embedded database says every run is dead", async () => {
    const fresh = await t.db.insertInto("import_runs").values({ source: "salesforce", status: "running", started_by: admin.id }).returning("id").executeTakeFirstOrThrow();
    expect(await markInterruptedImportRuns(t.db)).toBe(0);
    expect((await getImportRun(t.db, fresh.id)).status).toBe("running");
    expect(await markInterruptedImportRuns(t.db, { everyRun: true })).toBe(1);
    expect((await getImportRun(t.db, fresh.id)).status).toBe("failed");
  });
});

describe("permissions", () => {
  it("only admins list and read imports", async () => {
    const runs = await callerFor(t.db, admin).caller.imports.list({});
    const id = runs[0]!.id;
    for (const role of ["agent", "supervisor", "planner", "hr"] as const) {
      const { caller } = callerFor(t.db, await makeUser(t.db, role));
      await expect(caller.imports.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.imports.get({ id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(callerFor(t.db, null).caller.imports.get({ id })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("an unknown run is NOT_FOUND", async () => {
    await expect(callerFor(t.db, admin).caller.imports.get({ id: "4f1c9a2e-8b7d-4c3a-9e5f-1a2b3c4d5e6f" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
