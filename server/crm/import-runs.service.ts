import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { isUniqueViolation } from "../../db/pg-errors";
import type { Database, ImportRunStatus } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import { DomainError } from "../domain-error";
import {
  importSalesforceExport,
  SALESFORCE_OBJECTS,
  SalesforceImportError,
  type ObjectSummary,
  type SalesforceImportOptions,
  type SalesforceImportSummary,
  type SalesforceObject,
} from "./salesforce-import";

/**
 * Salesforce imports started from the admin page. The upload is streamed into a private
 * temporary folder; the import then runs in this process, in the background, one run at a
 * time (the database refuses a second active row). Progress lives in memory and is written
 * to import_runs every few seconds and at each file's end; the summary at the end; the
 * folder is deleted afterwards. A run whose process died is marked failed ("interrupted")
 * when a server starts, or when someone tries to start a new import.
 *
 * Why no job queue yet: see README Decisions ("Imports run in the app server").
 */

/** The only files an upload may hold (matched case-insensitively). */
export const IMPORT_FILE_NAMES = SALESFORCE_OBJECTS.map((o) => `${o}.csv`);
/** All files of one upload together. */
export const MAX_IMPORT_BYTES = 500 * 1024 * 1024;
/** How often progress is written to the database while a run goes on. */
const PROGRESS_WRITE_MS = 3_000;
/** A run on another server whose heartbeat is older than this is taken as interrupted. */
const STALE_AFTER_SECONDS = 60;
const INTERRUPTED = "Interrupted: the server stopped before the import finished. Nothing of the file being read was kept; start the import again.";

export type ImportRunReason = "INVALID_FILES" | "TOO_LARGE" | "ALREADY_RUNNING" | "NOT_FOUND";

export class ImportRunError extends DomainError<ImportRunReason> {
  constructor(reason: ImportRunReason, message: string) {
    const kind = reason === "ALREADY_RUNNING" ? "CONFLICT" : reason === "NOT_FOUND" ? "NOT_FOUND" : "BAD_REQUEST";
    super(kind, reason, message, reason === "INVALID_FILES" || reason === "TOO_LARGE" ? "files" : undefined);
  }
}

export interface ImportFile {
  name: string;
  size: number;
}

export interface ObjectProgress {
  file: string | null;
  state: "waiting" | "reading" | "done" | "failed" | "absent";
  rowsRead: number;
  /** Known once the file is done. */
  created: number | null;
  updated: number | null;
  unchanged: number | null;
  rejected: number | null;
}

export interface ImportProgress {
  objects: Record<SalesforceObject, ObjectProgress>;
  /** The importer's latest progress line. */
  message: string | null;
  updatedAt: string;
}

export interface ImportRunView {
  id: string;
  source: "salesforce";
  status: ImportRunStatus;
  startedBy: { id: string; email: string | null; name: string | null } | null;
  startedAt: string;
  finishedAt: string | null;
  files: ImportFile[];
  progress: ImportProgress | null;
  summary: SalesforceImportSummary | null;
  error: string | null;
}

export interface ImportRunListItem extends Omit<ImportRunView, "progress" | "summary"> {
  totals: { rows: number; created: number; updated: number; rejected: number } | null;
}

// ---------------------------------------------------------------- upload

/** The canonical name ("Account.csv") for an uploaded file name, or null when it is not one of the four. */
export function canonicalImportFileName(filename: string): string | null {
  const base = path.basename(filename.replaceAll("\\", "/")).trim().toLowerCase();
  return IMPORT_FILE_NAMES.find((n) => n.toLowerCase() === base) ?? null;
}

/** A new private folder (mode 0700) under the system temp folder for one upload. */
export async function createUploadFolder(): Promise<string> {
  return fsp.mkdtemp(path.join(os.tmpdir(), "frontline-import-"), { encoding: "utf8" }).then(async (dir) => {
    await fsp.chmod(dir, 0o700);
    return dir;
  });
}

export async function removeUploadFolder(dir: string): Promise<void> {
  await fsp.rm(dir, { recursive: true, force: true });
}

/**
 * Keeps an upload honest while it streams: only the four known names, each once, and no more
 * than MAX_IMPORT_BYTES in all. Refusals are collected (the rest of the request is drained) so
 * that the person gets one clear message instead of a broken connection.
 */
export class ImportUploadGuard {
  readonly accepted: string[] = [];
  readonly refusedNames: string[] = [];
  readonly duplicateNames: string[] = [];
  bytes = 0;
  tooLarge = false;

  constructor(readonly maxBytes = MAX_IMPORT_BYTES) {}

  /** The name to save the part as, or null to drop it. */
  accept(filename: string): string | null {
    const name = canonicalImportFileName(filename);
    if (!name) {
      this.refusedNames.push(path.basename(filename.replaceAll("\\", "/")));
      return null;
    }
    if (this.accepted.includes(name)) {
      this.duplicateNames.push(name);
      return null;
    }
    this.accepted.push(name);
    return name;
  }

  /** Counts bytes as they pass; stops passing them on once the total is over the limit. */
  async *count(data: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
    for await (const chunk of data) {
      this.bytes += chunk.byteLength;
      if (this.bytes > this.maxBytes) this.tooLarge = true;
      if (!this.tooLarge) yield chunk;
    }
  }

  /** Throws the refusal, if any. */
  check(): void {
    if (this.refusedNames.length) {
      throw new ImportRunError(
        "INVALID_FILES",
        `Only ${IMPORT_FILE_NAMES.join(", ")} can be imported; refused ${this.refusedNames.map((n) => `"${n}"`).join(", ")}. Nothing was imported.`,
      );
    }
    if (this.duplicateNames.length) {
      throw new ImportRunError("INVALID_FILES", `${this.duplicateNames.join(", ")} was chosen twice; choose each file once. Nothing was imported.`);
    }
    if (this.tooLarge) throw tooLarge(this.bytes, this.maxBytes);
  }
}

function tooLarge(bytes: number, max: number) {
  const mb = (n: number) => `${Math.ceil(n / 1024 / 1024)} MB`;
  return new ImportRunError("TOO_LARGE", `The files are ${bytes > max ? `over ${mb(max)}` : mb(bytes)} together; at most ${mb(max)} can be uploaded at once. Nothing was imported.`);
}

/** Reads and checks an upload folder: only known names, each once, at least one, within the size limit. */
export function uploadedFiles(dir: string, maxBytes = MAX_IMPORT_BYTES): ImportFile[] {
  const guard = new ImportUploadGuard(maxBytes);
  const files: ImportFile[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const name = entry.isFile() ? guard.accept(entry.name) : (guard.refusedNames.push(entry.name), null);
    if (!name) continue;
    const size = fs.statSync(path.join(dir, entry.name)).size;
    guard.bytes += size;
    if (guard.bytes > maxBytes) guard.tooLarge = true;
    files.push({ name, size });
  }
  guard.check();
  if (files.length === 0) {
    throw new ImportRunError("INVALID_FILES", `Choose at least one of ${IMPORT_FILE_NAMES.join(", ")} from the Salesforce export.`);
  }
  return files.sort((a, b) => IMPORT_FILE_NAMES.indexOf(a.name) - IMPORT_FILE_NAMES.indexOf(b.name));
}

// ---------------------------------------------------------------- runs in this process

interface ActiveRun {
  view: ImportRunView;
  live: ImportProgress;
  done: Promise<void>;
}

/** Runs this process is executing; served from memory, so progress shows even while a file's transaction holds PGlite. */
const active = new Map<string, ActiveRun>();

function initialProgress(files: ImportFile[]): ImportProgress {
  const objects = {} as Record<SalesforceObject, ObjectProgress>;
  for (const object of SALESFORCE_OBJECTS) {
    const file = files.find((f) => f.name === `${object}.csv`)?.name ?? null;
    objects[object] = { file, state: file ? "waiting" : "absent", rowsRead: 0, created: null, updated: null, unchanged: null, rejected: null };
  }
  return { objects, message: null, updatedAt: new Date().toISOString() };
}

/** The importer's end-of-file line: "Account.csv: done, 8 rows in 0.1 s, 5 created, 0 updated, 2 unchanged, 1 rejected". */
const DONE_LINE = /^(\w+)\.csv: done, ([\d,]+) rows\b.*?(\d+) created, (\d+) updated, (\d+) unchanged, (\d+) rejected/i;

/**
 * Writes progress to the row, one write at a time. On PGlite a write waits while a file's
 * transaction holds the one connection; the import never waits for it.
 */
class ProgressWriter {
  private inflight: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly id: string,
    private readonly live: ImportProgress,
  ) {}

  start() {
    this.timer = setInterval(() => void this.flush(), PROGRESS_WRITE_MS);
    this.timer.unref();
  }

  flush(): Promise<void> {
    if (this.inflight) {
      this.again = true;
      return this.inflight;
    }
    this.inflight = this.write().finally(() => {
      this.inflight = null;
      if (this.again) {
        this.again = false;
        void this.flush();
      }
    });
    return this.inflight;
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.again = false;
    while (this.inflight) await this.inflight;
  }

  private async write() {
    try {
      await this.db
        .updateTable("import_runs")
        .set({ progress: jsonb(this.live), heartbeat_at: new Date() })
        .where("id", "=", this.id)
        .where("status", "in", ["queued", "running"])
        .execute();
    } catch (error) {
      console.error(`import ${this.id}: could not save progress: ${error instanceof Error ? error.message : error}`);
    }
  }
}

function jsonb(value: unknown) {
  return sql`${JSON.stringify(value)}::jsonb`;
}

export interface StartImportOptions {
  /** Passed to the importer (tests use afterBatch to pause or break a run). */
  importOptions?: Pick<SalesforceImportOptions, "afterBatch" | "batchSize" | "progressEvery">;
  maxBytes?: number;
}

/**
 * Starts a Salesforce import of the files in `dir` (an upload folder, which this takes over and
 * deletes when the run ends or is refused). Returns once the run is recorded; the import goes
 * on in the background (see waitForImportRun).
 */
export async function startSalesforceImportRun(
  db: Kysely<Database>,
  actor: Actor & { id: string },
  dir: string,
  options: StartImportOptions = {},
): Promise<ImportRunView> {
  let handedOver = false;
  try {
    const files = uploadedFiles(dir, options.maxBytes);
    // This process's own run answers at once, without waiting on a database PGlite may be busy with.
    const mine = [...active.values()][0];
    if (mine) throw alreadyRunning(mine.view.startedBy?.email ?? null, mine.view.startedAt);
    await markInterruptedImportRuns(db);
    const row = await insertRun(db, actor, files);
    const view = await getImportRun(db, row.id);
    const live = initialProgress(files);
    view.progress = live;
    const run: ActiveRun = { view, live, done: Promise.resolve() };
    active.set(row.id, run);
    handedOver = true;
    run.done = execute(db, run, actor, dir, options.importOptions ?? {});
    return structuredClone(view);
  } finally {
    if (!handedOver) await removeUploadFolder(dir);
  }
}

async function insertRun(db: Kysely<Database>, actor: Actor & { id: string }, files: ImportFile[]) {
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("import_runs")
        .values({ source: "salesforce", status: "queued", started_by: actor.id, files: jsonb(files), progress: jsonb(initialProgress(files)) })
        .returning(["id"])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, { action: "import.salesforce.started", entityType: "import_run", entityId: row.id, after: { files } });
      return row;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const other = await db
      .selectFrom("import_runs")
      .leftJoin("users", "users.id", "import_runs.started_by")
      .select(["users.email", "import_runs.started_at"])
      .where("import_runs.status", "in", ["queued", "running"])
      .executeTakeFirst();
    throw alreadyRunning(other?.email ?? null, other ? other.started_at.toISOString() : null);
  }
}

function alreadyRunning(by: string | null, at: string | null) {
  const when = at ? ` at ${at.slice(11, 16)} UTC` : "";
  return new ImportRunError("ALREADY_RUNNING", `An import is already running (started${by ? ` by ${by}` : ""}${when}). Wait for it to finish, then start yours.`);
}

async function execute(
  db: Kysely<Database>,
  run: ActiveRun,
  actor: Actor & { id: string },
  dir: string,
  importOptions: NonNullable<StartImportOptions["importOptions"]>,
): Promise<void> {
  const { live, view } = run;
  const id = view.id;
  const writer = new ProgressWriter(db, id, live);
  const touch = (message?: string) => {
    if (message !== undefined) live.message = message;
    live.updatedAt = new Date().toISOString();
  };
  let current: SalesforceObject | null = null;
  let summary: SalesforceImportSummary | null = null;
  let error: string | null = null;
  try {
    await db.updateTable("import_runs").set({ status: "running", heartbeat_at: new Date() }).where("id", "=", id).execute();
    view.status = "running";
    writer.start();
    summary = await importSalesforceExport(db, dir, {
      actor,
      batchSize: importOptions.batchSize,
      progressEvery: importOptions.progressEvery,
      maxListed: 1000,
      // Runs inside the file's transaction: memory only, never the database.
      afterBatch: async (object, rowsRead) => {
        if (current !== object) {
          if (current && live.objects[current].state === "reading") live.objects[current].state = "done";
          current = object;
        }
        const o = live.objects[object];
        o.state = "reading";
        o.rowsRead = Math.max(o.rowsRead, rowsRead);
        touch();
        await importOptions.afterBatch?.(object, rowsRead);
      },
      // Called between batches and, for "done", after the file's transaction committed.
      onProgress: (line) => {
        touch(line);
        const done = DONE_LINE.exec(line);
        const object = done ? SALESFORCE_OBJECTS.find((o) => o.toLowerCase() === done[1]!.toLowerCase()) : undefined;
        if (!done || !object) return;
        Object.assign(live.objects[object], {
          state: "done",
          rowsRead: Number(done[2]!.replaceAll(",", "")),
          created: Number(done[3]),
          updated: Number(done[4]),
          unchanged: Number(done[5]),
          rejected: Number(done[6]),
        } satisfies Partial<ObjectProgress>);
        void writer.flush();
      },
    });
    applySummary(live, summary);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
    if (e instanceof SalesforceImportError) {
      summary = e.summary;
      applySummary(live, summary);
    } else {
      console.error(`import ${id} failed:`, e);
    }
  } finally {
    await writer.stop();
  }
  const status: ImportRunStatus = error === null ? "succeeded" : "failed";
  touch(status === "succeeded" ? "Finished." : error!);
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable("import_runs")
        .set({ status, finished_at: new Date(), heartbeat_at: new Date(), progress: jsonb(live), summary: summary ? jsonb(summary) : null, error })
        .where("id", "=", id)
        .execute();
      await recordAudit(trx, actor, {
        action: "import.salesforce.finished",
        entityType: "import_run",
        entityId: id,
        after: { status, error, totals: summary ? totalsOf(summary.objects) : null, seconds: summary?.seconds ?? null },
      });
    });
  } catch (e) {
    // The database went away (shutting down): the next start marks the run interrupted.
    console.error(`import ${id}: could not record the end of the run: ${e instanceof Error ? e.message : e}`);
  } finally {
    active.delete(id);
    await removeUploadFolder(dir).catch(() => {});
  }
}

function applySummary(live: ImportProgress, summary: SalesforceImportSummary) {
  for (const object of SALESFORCE_OBJECTS) {
    const s: ObjectSummary = summary.objects[object];
    const o = live.objects[object];
    if (!s.file) continue;
    if (s.error) {
      Object.assign(o, { state: "failed", created: 0, updated: 0, unchanged: 0, rejected: 0 });
    } else if (o.state === "reading" || o.state === "done" || s.rows > 0) {
      Object.assign(o, { state: "done", rowsRead: s.rows, created: s.created, updated: s.updated, unchanged: s.unchanged, rejected: s.rejected });
    }
  }
}

function totalsOf(objects: Partial<Record<SalesforceObject, Partial<ObjectSummary>>>) {
  const totals = { rows: 0, created: 0, updated: 0, rejected: 0 };
  for (const s of Object.values(objects)) {
    totals.rows += s?.rows ?? 0;
    totals.created += s?.created ?? 0;
    totals.updated += s?.updated ?? 0;
    totals.rejected += s?.rejected ?? 0;
  }
  return totals;
}

/** Resolves when this process's run ends (at once for a run that is not running here). */
export async function waitForImportRun(id: string): Promise<void> {
  await active.get(id)?.done;
}

/** Whether this process is running an import now. */
export function importRunningHere(): boolean {
  return active.size > 0;
}

// ---------------------------------------------------------------- reading runs

const RUN_COLUMNS = [
  "import_runs.id",
  "import_runs.source",
  "import_runs.status",
  "import_runs.started_by",
  "import_runs.started_at",
  "import_runs.finished_at",
  "import_runs.files",
  "import_runs.error",
  "users.email",
  "users.name",
] as const;

function baseView(row: {
  id: string;
  source: "salesforce";
  status: ImportRunStatus;
  started_by: string | null;
  started_at: Date;
  finished_at: Date | null;
  files: ImportFile[];
  error: string | null;
  email: string | null;
  name: string | null;
}) {
  return {
    id: row.id,
    source: row.source,
    status: row.status,
    startedBy: row.started_by ? { id: row.started_by, email: row.email, name: row.name } : null,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
    files: row.files,
    error: row.error,
  };
}

/** One run with its progress and summary; a run going on in this process shows its live progress. */
export async function getImportRun(db: Kysely<Database>, id: string): Promise<ImportRunView> {
  const mine = active.get(id);
  if (mine) return structuredClone({ ...mine.view, progress: mine.live });
  const row = await db
    .selectFrom("import_runs")
    .leftJoin("users", "users.id", "import_runs.started_by")
    .select([...RUN_COLUMNS, "import_runs.progress", "import_runs.summary"])
    .where("import_runs.id", "=", id)
    .executeTakeFirst();
  if (!row) throw new ImportRunError("NOT_FOUND", "There is no such import.");
  const progress = row.progress as ImportProgress | Record<string, never>;
  return {
    ...baseView(row),
    progress: "objects" in progress ? (progress as ImportProgress) : null,
    summary: (row.summary as SalesforceImportSummary | null) ?? null,
  };
}

/** The latest runs, newest first, with totals (not the rejected-row lists). */
export async function listImportRuns(db: Kysely<Database>, limit: number): Promise<ImportRunListItem[]> {
  const rows = await db
    .selectFrom("import_runs")
    .leftJoin("users", "users.id", "import_runs.started_by")
    .select([...RUN_COLUMNS, sql<Record<SalesforceObject, ObjectSummary> | null>`import_runs.summary -> 'objects'`.as("objects")])
    .orderBy("import_runs.started_at", "desc")
    .orderBy("import_runs.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => {
    const mine = active.get(row.id);
    return {
      ...baseView(row),
      status: mine ? mine.view.status : row.status,
      totals: row.objects ? totalsOf(row.objects) : null,
    };
  });
}

// ---------------------------------------------------------------- crashed runs

/**
 * Marks runs that no process is executing any more as failed ("interrupted"). `everyRun` on
 * server start with the embedded database: only one process can hold it, so any run left
 * active died with the last one. Otherwise (PostgreSQL, several app servers) only runs whose
 * heartbeat stopped. Runs of this process are never touched.
 */
export async function markInterruptedImportRuns(db: Kysely<Database>, { everyRun = false }: { everyRun?: boolean } = {}): Promise<number> {
  let query = db
    .updateTable("import_runs")
    .set({ status: "failed", finished_at: new Date(), error: INTERRUPTED })
    .where("status", "in", ["queued", "running"]);
  if (!everyRun) query = query.where("heartbeat_at", "<", sql<Date>`now() - make_interval(secs => ${STALE_AFTER_SECONDS})`);
  const mine = [...active.keys()];
  if (mine.length) query = query.where("id", "not in", mine);
  const rows = await query.returning(["id"]).execute();
  for (const row of rows) {
    await recordAudit(db, { id: null, label: "server", ip: null }, {
      action: "import.salesforce.finished",
      entityType: "import_run",
      entityId: row.id,
      after: { status: "failed", error: INTERRUPTED },
    });
  }
  return rows.length;
}
