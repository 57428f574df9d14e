import fs from "node:fs";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import type { CaseStatus, CasePriority, Database } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import { toE164 } from "./contact-fields";
import { uuidV7 } from "../uuid-v7";
import {
  customFieldKey,
  customFieldLabel,
  isEmail,
  readSalesforceCsv,
  sfBoolean,
  sfTimestamp,
  toCountryCode,
  type SalesforceRow,
} from "./salesforce-csv";

/**
 * Imports a Salesforce weekly data export folder (Account.csv, Contact.csv,
 * Case.csv, Task.csv) by field API name. Each file is one transaction: all of
 * its accepted rows or none. Rows with bad data are rejected (file, line,
 * reason) without aborting the file; a crash or database error rolls the file back.
 * Salesforce Ids are kept as external ids ('salesforce', Id), so a re-run
 * updates instead of duplicating, and an unchanged re-run writes nothing.
 */

export const SALESFORCE_SOURCE = "salesforce";
export const SALESFORCE_OBJECTS = ["Account", "Contact", "Case", "Task"] as const;
export type SalesforceObject = (typeof SALESFORCE_OBJECTS)[number];

export interface ObjectSummary {
  /** The file read, or null when the export has none. */
  file: string | null;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Rows kept with a field dropped (an unreadable phone, country or custom value). */
  warnings: number;
  /** IsDeleted rows with a MasterRecordId: kept as archived records pointing at the survivor. */
  merged: number;
  /** IsDeleted rows without a MasterRecordId: not imported. */
  deleted: number;
  /** Of those, records an earlier import had created, now archived (tasks: the interactions removed, as they have no archive). */
  archived: number;
  /** Rows read but not imported by design (Task.csv: to-dos, planned calls and emails, internal calls). */
  skipped: number;
  note?: string;
  /** Set when the file failed and was rolled back. */
  error?: string;
}

export interface RowIssue {
  file: string;
  line: number;
  reason: string;
}

export interface SalesforceImportSummary {
  objects: Record<SalesforceObject, ObjectSummary>;
  /** The first rejected rows (see maxListed); every one is counted in objects.*.rejected. */
  rejectedRows: RowIssue[];
  warnings: RowIssue[];
  /** Customer custom field definitions (text) created for columns that had none. */
  customFieldsCreated: string[];
  seconds: number;
}

export interface SalesforceImportOptions {
  actor?: Actor;
  /** Rows per INSERT statement. */
  batchSize?: number;
  /** A progress line every this many rows of a file. */
  progressEvery?: number;
  onProgress?: (line: string) => void;
  /** How many rejected rows and warnings are listed (all are counted). */
  maxListed?: number;
  /** Test hook: runs inside the file's transaction after each written batch. */
  afterBatch?: (object: SalesforceObject, rowsRead: number) => void | Promise<void>;
}

export class SalesforceImportError extends Error {
  constructor(
    message: string,
    readonly summary: SalesforceImportSummary,
  ) {
    super(message);
    this.name = "SalesforceImportError";
  }
}

const SYSTEM_ACTOR: Actor = { id: null, label: "salesforce-import", ip: null };

type Trx = Kysely<Database>;
type CustomValue = string | number;

/** `= ANY($1::text[])`: one parameter for a batch's thousands of keys (an IN list costs a parameter, and planning, per key). */
function anyText(values: string[]) {
  return sql<string>`ANY(${values}::text[])`;
}

function jsonb(value: unknown) {
  return sql`${JSON.stringify(value)}::jsonb`;
}

interface HistoryRow {
  entityId: string;
  field: string;
  old: unknown;
  new: unknown;
}

/** Tracked field changes, one statement (column arrays) per batch. */
async function insertHistory(trx: Trx, run: ImportRun, entityType: string, rows: HistoryRow[]) {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO field_history (entity_type, entity_id, field, old_value, new_value, changed_by)
    SELECT ${entityType}, t.entity_id, t.field, t.old_value::jsonb, t.new_value::jsonb, ${run.actorId}::uuid
    FROM unnest(${rows.map((h) => h.entityId)}::uuid[], ${rows.map((h) => h.field)}::text[], ${rows.map((h) => JSON.stringify(h.old))}::text[], ${rows.map((h) => JSON.stringify(h.new))}::text[])
      AS t(entity_id, field, old_value, new_value)`.execute(trx);
}

function emptySummary(file: string | null): ObjectSummary {
  return { file, rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, warnings: 0, merged: 0, deleted: 0, archived: 0, skipped: 0 };
}

function findFile(dir: string, object: SalesforceObject): string | null {
  const wanted = `${object.toLowerCase()}.csv`;
  const name = fs.readdirSync(dir).find((f) => f.toLowerCase() === wanted);
  return name ? path.join(dir, name) : null;
}

function str(values: Record<string, string>, column: string): string {
  return (values[column] ?? "").trim();
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    const ta = a instanceof Date ? a.getTime() : a == null ? null : new Date(a as string).getTime();
    const tb = b instanceof Date ? b.getTime() : b == null ? null : new Date(b as string).getTime();
    return ta === tb;
  }
  return (a ?? null) === (b ?? null);
}

const E164 = /^\+[1-9][0-9]{6,14}$/;

// ---------------------------------------------------------------- mapping tables

const CASE_STATUS: Record<string, CaseStatus> = {
  new: "new",
  open: "open",
  working: "open",
  "in progress": "open",
  escalated: "open",
  assigned: "open",
  "on hold": "pending",
  pending: "pending",
  waiting: "pending",
  "waiting on customer": "pending",
  "waiting for customer": "pending",
  "awaiting customer": "pending",
  closed: "closed",
  resolved: "closed",
  solved: "closed",
};

export function mapCaseStatus(status: string, isClosed: boolean): CaseStatus {
  const s = status.trim().toLowerCase();
  if (isClosed || s.startsWith("closed")) return "closed";
  return CASE_STATUS[s] ?? "open";
}

export function mapCasePriority(priority: string): CasePriority {
  const p = priority.trim().toLowerCase();
  if (p === "low") return "low";
  if (p === "high") return "high";
  if (p === "critical" || p === "urgent" || p === "highest") return "urgent";
  return "medium";
}

export function mapCaseOrigin(origin: string): string | null {
  const o = origin.trim().toLowerCase();
  if (!o) return null;
  if (o === "phone") return "phone";
  if (o === "email" || o === "e-mail") return "email";
  if (o === "web") return "web";
  if (o === "chat") return "chat";
  if (o === "social" || o === "facebook" || o === "twitter") return "social";
  return "other";
}

// ---------------------------------------------------------------- the run

interface CustomColumn {
  column: string;
  key: string;
  type: "text" | "number" | "date" | "picklist";
  options: string[];
}

interface Resolved {
  id: string;
  country: string | null;
}

interface CustomerInput {
  line: number;
  externalId: string;
  kind: "person" | "company";
  name: string;
  email: string | null;
  phone: string | null;
  country: string | null;
  segment: string | null;
  /** Values to set; null removes the key. */
  custom: Record<string, CustomValue | null>;
  /** For merged-away rows: the survivor's Salesforce Id. */
  masterId?: string;
  /** CreatedDate: when the record began in Salesforce, kept as its creation time here (new records only). */
  createdAt?: Date;
}

class ImportRun {
  readonly summary: SalesforceImportSummary;
  private readonly actor: Actor;
  private readonly maxListed: number;
  /** Merged-away Contact Id → survivor Contact Id (cases follow these). */
  readonly contactMerges = new Map<string, string>();

  constructor(readonly options: SalesforceImportOptions) {
    this.actor = options.actor ?? SYSTEM_ACTOR;
    this.maxListed = options.maxListed ?? 1000;
    this.summary = {
      objects: {
        Account: emptySummary(null),
        Contact: emptySummary(null),
        Case: emptySummary(null),
        Task: emptySummary(null),
      },
      rejectedRows: [],
      warnings: [],
      customFieldsCreated: [],
      seconds: 0,
    };
  }

  get actorId() {
    return this.actor.id;
  }

  reject(object: SalesforceObject, line: number, reason: string) {
    const s = this.summary.objects[object];
    s.rejected++;
    if (this.summary.rejectedRows.length < this.maxListed) this.summary.rejectedRows.push({ file: path.basename(s.file ?? `${object}.csv`), line, reason });
  }

  warn(object: SalesforceObject, line: number, reason: string) {
    const s = this.summary.objects[object];
    s.warnings++;
    if (this.summary.warnings.length < this.maxListed) this.summary.warnings.push({ file: path.basename(s.file ?? `${object}.csv`), line, reason });
  }

  async audit(trx: Trx, object: SalesforceObject) {
    const { file, ...counts } = this.summary.objects[object];
    await recordAudit(trx, this.actor, {
      action: "salesforce.imported",
      entityType: "import",
      entityId: null,
      after: { object, file: file ? path.basename(file) : null, ...counts },
    });
  }
}

/** Customer custom fields for the file's `*__c` columns (plus Account Website/Industry): existing definitions are used, missing ones are created as text. */
async function customerCustomColumns(trx: Trx, run: ImportRun, columns: string[]): Promise<CustomColumn[]> {
  const wanted = new Map<string, string>();
  for (const column of columns) {
    if (!/__c$/i.test(column) && column !== "Website" && column !== "Industry") continue;
    const key = customFieldKey(column);
    if (key && !wanted.has(key)) wanted.set(key, column);
  }
  if (wanted.size === 0) return [];
  const existing = await trx
    .selectFrom("custom_field_definitions")
    .select(["key", "type", "options"])
    .where("entity_type", "=", "customer")
    .where("key", "in", [...wanted.keys()])
    .execute();
  const byKey = new Map(existing.map((d) => [d.key, d]));
  const missing = [...wanted].filter(([key]) => !byKey.has(key));
  if (missing.length) {
    const created = await trx
      .insertInto("custom_field_definitions")
      .values(missing.map(([key, column]) => ({ entity_type: "customer" as const, key, label: customFieldLabel(column), type: "text" as const, options: jsonb([]) })))
      .onConflict((oc) => oc.columns(["entity_type", "key"]).doNothing())
      .returning(["key", "type", "options"])
      .execute();
    for (const d of created) {
      byKey.set(d.key, d);
      run.summary.customFieldsCreated.push(d.key);
    }
  }
  return [...wanted].map(([key, column]) => {
    const d = byKey.get(key)!;
    return { column, key, type: d.type, options: d.options ?? [] };
  });
}

function customValues(
  run: ImportRun,
  object: SalesforceObject,
  row: SalesforceRow,
  columns: CustomColumn[],
): Record<string, CustomValue | null> {
  const out: Record<string, CustomValue | null> = {};
  for (const c of columns) {
    const raw = row.values[c.column];
    if (raw === undefined) continue;
    const v = raw.trim();
    if (!v) {
      out[c.key] = null;
      continue;
    }
    const drop = (why: string) => run.warn(object, row.line, `${c.column}: ${why}; value dropped`);
    if (c.type === "number") {
      const n = Number(v);
      if (Number.isFinite(n)) out[c.key] = n;
      else drop(`"${v}" is not a number`);
    } else if (c.type === "date") {
      const d = v.slice(0, 10);
      if (/^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d))) out[c.key] = d;
      else drop(`"${v}" is not a date`);
    } else if (c.type === "picklist") {
      if (c.options.includes(v)) out[c.key] = v;
      else drop(`"${v}" is not one of ${c.options.join(", ")}`);
    } else if (v.length > 1000) {
      drop("longer than 1,000 characters");
    } else {
      out[c.key] = v;
    }
  }
  return out;
}

/** Salesforce Ids → our customer (following merges to the survivor), for live, not erased records. */
async function resolveCustomers(trx: Trx, externalIds: string[]): Promise<Map<string, Resolved>> {
  const out = new Map<string, Resolved>();
  const ids = [...new Set(externalIds.filter(Boolean))];
  if (ids.length === 0) return out;
  const rows = await trx
    .selectFrom("customers")
    .select(["id", "external_id", "merged_into_id", "country", "erased_at"])
    .where("external_source", "=", SALESFORCE_SOURCE)
    .where("external_id", "=", anyText(ids))
    .execute();
  const pending = new Map<string, string>(); // external id → next customer id
  for (const r of rows) {
    if (r.merged_into_id) pending.set(r.external_id!, r.merged_into_id);
    else if (!r.erased_at) out.set(r.external_id!, { id: r.id, country: r.country });
  }
  for (let hop = 0; hop < 10 && pending.size; hop++) {
    const next = await trx
      .selectFrom("customers")
      .select(["id", "merged_into_id", "country", "erased_at"])
      .where("id", "=", sql<string>`ANY(${[...new Set(pending.values())]}::uuid[])`)
      .execute();
    const byId = new Map(next.map((r) => [r.id, r]));
    for (const [ext, id] of [...pending]) {
      const r = byId.get(id);
      pending.delete(ext);
      if (!r) continue;
      if (r.merged_into_id) pending.set(ext, r.merged_into_id);
      else if (!r.erased_at) out.set(ext, { id: r.id, country: r.country });
    }
  }
  return out;
}

const TRACKED = ["name", "email", "phone", "country", "segment"] as const;

/**
 * Creates or updates customers by Salesforce Id and writes tracked changes to field_history: looks up
 * what is there and decides (counting into the object's summary), then returns the writes to run.
 */
async function upsertCustomers(trx: Trx, run: ImportRun, object: SalesforceObject, rows: CustomerInput[], mode: "live" | "merged"): Promise<Commit> {
  if (rows.length === 0) return NOTHING_TO_WRITE;
  const s = run.summary.objects[object];
  const existing = await trx
    .selectFrom("customers")
    .select(["id", "external_id", "name", "email", "phone", "country", "segment", "custom", "merged_into_id", "archived_at", "erased_at"])
    .where("external_source", "=", SALESFORCE_SOURCE)
    .where("external_id", "=", anyText(rows.map((r) => r.externalId)))
    .execute();
  const byExt = new Map(existing.map((e) => [e.external_id!, e]));
  let survivors = new Map<string, Resolved>();
  if (mode === "merged") survivors = await resolveCustomers(trx, rows.map((r) => r.masterId!));

  const w = {
    id: [] as string[],
    kind: [] as string[],
    name: [] as string[],
    email: [] as (string | null)[],
    phone: [] as (string | null)[],
    country: [] as (string | null)[],
    segment: [] as (string | null)[],
    custom: [] as string[],
    externalId: [] as string[],
    createdAt: [] as (string | null)[],
    archivedAt: [] as (string | null)[],
    mergedInto: [] as (string | null)[],
  };
  const history: HistoryRow[] = [];
  let created = 0;
  let updated = 0;
  for (const r of rows) {
    const before = byExt.get(r.externalId);
    let survivorId: string | null = null;
    if (mode === "merged") {
      const survivor = survivors.get(r.masterId!);
      if (!survivor) {
        run.reject(object, r.line, `MasterRecordId ${r.masterId} is not a record in this export or an earlier import`);
        continue;
      }
      if (before && survivor.id === before.id) {
        run.reject(object, r.line, `MasterRecordId ${r.masterId} points back at the record itself`);
        continue;
      }
      survivorId = survivor.id;
    }
    if (before?.erased_at) {
      run.warn(object, r.line, `Id ${r.externalId} was erased here and is not re-imported`);
      s.unchanged++;
      continue;
    }
    if (before && before.merged_into_id && mode === "live") {
      run.warn(object, r.line, `Id ${r.externalId} was merged into another customer here; edit the survivor`);
      s.unchanged++;
      continue;
    }
    const oldCustom = (before?.custom ?? {}) as Record<string, unknown>;
    const custom: Record<string, unknown> = { ...oldCustom };
    for (const [k, v] of Object.entries(r.custom)) {
      if (v === null) delete custom[k];
      else custom[k] = v;
    }
    if (!before) created++;
    else {
      const changes: { field: string; old: unknown; new: unknown }[] = [];
      for (const f of TRACKED) {
        if (!sameValue(before[f], r[f])) changes.push({ field: f, old: before[f] ?? null, new: r[f] });
      }
      for (const k of new Set([...Object.keys(oldCustom), ...Object.keys(custom)])) {
        if (!sameValue(oldCustom[k], custom[k])) changes.push({ field: `custom.${k}`, old: oldCustom[k] ?? null, new: custom[k] ?? null });
      }
      const mergeChanged = mode === "merged" && (before.merged_into_id !== survivorId || !before.archived_at);
      if (changes.length === 0 && !mergeChanged) {
        s.unchanged++;
        continue;
      }
      updated++;
      for (const c of changes) history.push({ entityId: before.id, ...c });
    }
    w.id.push(uuidV7()); // unused when the row exists (the update keeps its id)
    w.kind.push(r.kind);
    w.name.push(r.name);
    w.email.push(r.email);
    w.phone.push(r.phone);
    w.country.push(r.country);
    w.segment.push(r.segment);
    w.custom.push(JSON.stringify(custom));
    w.externalId.push(r.externalId);
    w.createdAt.push(r.createdAt?.toISOString() ?? null);
    if (mode === "merged") {
      w.archivedAt.push((before?.archived_at ? new Date(before.archived_at) : new Date()).toISOString());
      w.mergedInto.push(survivorId);
    }
  }
  if (mode === "merged") s.merged += created + updated;
  else {
    s.created += created;
    s.updated += updated;
  }
  return async () => {
    if (w.externalId.length === 0) return;
    // One parameter per column (unnest), not one per value: a batch is a short statement to send,
    // parse and plan however many rows it has.
    const merged = mode === "merged";
    await sql`
      INSERT INTO customers (id, kind, name, email, phone, country, segment, custom, external_source, external_id, created_by, created_at${sql.raw(merged ? ", archived_at, merged_into_id" : "")})
      SELECT t.id, t.kind, t.name, t.email::citext, t.phone, t.country, t.segment, t.custom::jsonb, ${SALESFORCE_SOURCE}, t.external_id, ${run.actorId}::uuid,
        coalesce(t.created_at, now())${merged ? sql`, t.archived_at, t.merged_into_id` : sql``}
      FROM unnest(${w.id}::uuid[], ${w.kind}::text[], ${w.name}::text[], ${w.email}::text[], ${w.phone}::text[], ${w.country}::text[], ${w.segment}::text[], ${w.custom}::text[], ${w.externalId}::text[], ${w.createdAt}::timestamptz[]${merged ? sql`, ${w.archivedAt}::timestamptz[], ${w.mergedInto}::uuid[]` : sql``})
        AS t(id, kind, name, email, phone, country, segment, custom, external_id, created_at${sql.raw(merged ? ", archived_at, merged_into_id" : "")})
      ON CONFLICT (external_source, external_id) WHERE external_id IS NOT NULL DO UPDATE SET
        name = excluded.name, email = excluded.email, phone = excluded.phone, country = excluded.country,
        segment = excluded.segment, custom = excluded.custom,${sql.raw(merged ? " archived_at = excluded.archived_at, merged_into_id = excluded.merged_into_id," : "")} updated_at = now()`.execute(trx);
    await insertHistory(trx, run, "customer", history);
  };
}

/** IsDeleted rows without a survivor: records an earlier import created are archived; others are not imported. */
async function archiveDeleted(trx: Trx, run: ImportRun, object: SalesforceObject, table: "customers" | "contacts", externalIds: string[]) {
  if (externalIds.length === 0) return;
  const rows = await trx
    .updateTable(table)
    .set({ archived_at: new Date(), updated_at: new Date() })
    .where("external_source", "=", SALESFORCE_SOURCE)
    .where("external_id", "=", anyText(externalIds))
    .where("archived_at", "is", null)
    .returning("id")
    .execute();
  run.summary.objects[object].archived += rows.length;
}

/** A batch's writes, decided and ready to run. */
type Commit = () => Promise<void>;
const NOTHING_TO_WRITE: Commit = async () => {};

/**
 * One file's work, in three steps per batch so Node and PostgreSQL work at the same time:
 * `prepare` checks and maps a batch's rows without the database (CPU only) and returns the
 * batch's `plan`, which looks up what the batch needs and decides what to write (lookups, then
 * CPU), returning the `Commit` that writes it. A batch's plan runs while the previous batch's
 * commit does; commits run one after another, in batch order. Statements run one at a time on
 * the file's transaction, in the order they are issued.
 *
 * A plan may run before the previous batch's rows are written, so it must not depend on them:
 * it reads only what earlier files and imports wrote. Repeats inside the file (an Id, a
 * CaseNumber) are caught by `prepare`, which sees every row in order.
 */
interface FileHandler {
  /** Once, before the first batch, with the file's columns. */
  start(columns: string[]): Promise<void>;
  prepare(rows: SalesforceRow[]): () => Promise<Commit>;
  finish(): Promise<void>;
}

/** Warnings found while preparing a row, given out only once the row is accepted. */
type Notes = string[];

function giveNotes(run: ImportRun, object: SalesforceObject, line: number, notes: Notes) {
  for (const note of notes) run.warn(object, line, note);
}

/** Rejects rows without an Id and later rows repeating an Id of the same file. */
function idChecker(run: ImportRun, object: SalesforceObject) {
  const seen = new Map<string, number>();
  return (row: SalesforceRow): string | null => {
    const id = str(row.values, "Id");
    if (!id) {
      run.reject(object, row.line, "missing Id");
      return null;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      run.reject(object, row.line, `duplicate Id ${id} (first on line ${first})`);
      return null;
    }
    seen.set(id, row.line);
    return id;
  };
}

function phoneOf(notes: Notes, column: string, raw: string, country: string | null): string | null {
  if (!raw) return null;
  const e164 = toE164(raw, country);
  if (e164 && E164.test(e164)) return e164;
  notes.push(`${column} "${raw}" is not a valid phone number${country ? ` in ${country}` : " (no country code or known country)"}; left empty`);
  return null;
}

function countryOf(notes: Notes, row: SalesforceRow, column: string): string | null {
  const raw = str(row.values, column);
  const code = toCountryCode(raw);
  if (raw && !code) notes.push(`${column} "${raw}" is not a country we know; left empty`);
  return code;
}

function accountHandler(trx: Trx, run: ImportRun): FileHandler {
  const checkId = idChecker(run, "Account");
  const s = run.summary.objects.Account;
  let custom: CustomColumn[] = [];
  const merged: CustomerInput[] = [];
  const deleted: string[] = [];
  return {
    async start(columns) {
      custom = await customerCustomColumns(trx, run, columns);
    },
    prepare(rows) {
      const live: CustomerInput[] = [];
      for (const row of rows) {
        const id = checkId(row);
        if (!id) continue;
        const v = row.values;
        const isDeleted = sfBoolean(v.IsDeleted);
        const masterId = str(v, "MasterRecordId");
        if (isDeleted && !masterId) {
          s.deleted++;
          deleted.push(id);
          continue;
        }
        const name = str(v, "Name");
        if (!name) {
          run.reject("Account", row.line, "missing Name");
          continue;
        }
        if (name.length > 200) {
          run.reject("Account", row.line, "Name is longer than 200 characters");
          continue;
        }
        const notes: Notes = [];
        const country = countryOf(notes, row, "BillingCountry");
        const phone = phoneOf(notes, "Phone", str(v, "Phone"), country);
        const createdAt = timestampColumn(v, "CreatedDate", notes);
        giveNotes(run, "Account", row.line, notes);
        const input: CustomerInput = {
          line: row.line,
          externalId: id,
          kind: "company",
          name,
          email: null,
          phone,
          country,
          segment: str(v, "Type") || null,
          custom: customValues(run, "Account", row, custom),
          createdAt,
        };
        if (isDeleted) merged.push({ ...input, masterId });
        else live.push(input);
      }
      return () => upsertCustomers(trx, run, "Account", live, "live");
    },
    async finish() {
      // Survivors may come later in the file than the records merged into them.
      for (let i = 0; i < merged.length; i += 1000) await (await upsertCustomers(trx, run, "Account", merged.slice(i, i + 1000), "merged"))();
      for (let i = 0; i < deleted.length; i += 1000) await archiveDeleted(trx, run, "Account", "customers", deleted.slice(i, i + 1000));
    },
  };
}

interface PreparedContact {
  row: SalesforceRow;
  id: string;
  accountId: string;
  masterId: string;
  isDeleted: boolean;
  email: string | null;
  mailing: string | null;
  /** Read in the MailingCountry; undefined when there is none (then the account's country decides). */
  phone?: string | null;
  createdAt: Date | undefined;
  notes: Notes;
}

function contactHandler(trx: Trx, run: ImportRun): FileHandler {
  const checkId = idChecker(run, "Contact");
  const s = run.summary.objects.Contact;
  let custom: CustomColumn[] = [];
  const mergedPeople: CustomerInput[] = [];
  const deleted: string[] = [];
  return {
    async start(columns) {
      custom = await customerCustomColumns(trx, run, columns);
    },
    prepare(rows) {
      const prepared: PreparedContact[] = [];
      for (const row of rows) {
        const id = checkId(row);
        if (!id) continue;
        const v = row.values;
        const isDeleted = sfBoolean(v.IsDeleted);
        const masterId = str(v, "MasterRecordId");
        if (isDeleted && !masterId) {
          s.deleted++;
          deleted.push(id);
          continue;
        }
        if (!str(v, "LastName")) {
          run.reject("Contact", row.line, "missing LastName");
          continue;
        }
        const email = str(v, "Email");
        if (email && !isEmail(email)) {
          run.reject("Contact", row.line, `invalid Email "${email}"`);
          continue;
        }
        const notes: Notes = [];
        const mailing = countryOf(notes, row, "MailingCountry");
        const createdAt = timestampColumn(v, "CreatedDate", notes);
        const p: PreparedContact = { row, id, accountId: str(v, "AccountId"), masterId, isDeleted, email: email || null, mailing, createdAt, notes };
        if (mailing) {
          const phoneColumn = str(v, "Phone") ? "Phone" : "MobilePhone";
          p.phone = phoneOf(notes, phoneColumn, str(v, phoneColumn), mailing);
        }
        prepared.push(p);
      }
      return async () => {
        const accounts = await resolveCustomers(
          trx,
          prepared.map((p) => p.accountId),
        );
        const people: CustomerInput[] = [];
        const contacts: ContactWrite[] = [];
        for (const p of prepared) {
          const v = p.row.values;
          const account = p.accountId ? accounts.get(p.accountId) : undefined;
          if (p.isDeleted && account) {
            // A merged-away contact of a company: not kept; its cases follow the survivor.
            run.contactMerges.set(p.id, p.masterId);
            s.merged++;
            deleted.push(p.id);
            continue;
          }
          let phone = p.phone;
          if (phone === undefined) {
            const phoneColumn = str(v, "Phone") ? "Phone" : "MobilePhone";
            phone = phoneOf(p.notes, phoneColumn, str(v, phoneColumn), account?.country ?? null);
          }
          giveNotes(run, "Contact", p.row.line, p.notes);
          const first = str(v, "FirstName") || null;
          const last = str(v, "LastName");
          if (account) {
            contacts.push({ externalId: p.id, customerId: account.id, first, last, email: p.email, phone, title: str(v, "Title") || null, createdAt: p.createdAt });
            continue;
          }
          const name = [first, last].filter(Boolean).join(" ").slice(0, 200);
          const person: CustomerInput = {
            line: p.row.line,
            externalId: p.id,
            kind: "person",
            name,
            email: p.email,
            phone,
            country: p.mailing,
            segment: null,
            custom: customValues(run, "Contact", p.row, custom),
            createdAt: p.createdAt,
          };
          if (p.isDeleted) {
            run.contactMerges.set(p.id, p.masterId);
            mergedPeople.push({ ...person, masterId: p.masterId });
          } else people.push(person);
        }
        const [writePeople, writeContacts] = await Promise.all([upsertCustomers(trx, run, "Contact", people, "live"), upsertContacts(trx, run, contacts)]);
        return async () => {
          await writePeople();
          await writeContacts();
        };
      };
    },
    async finish() {
      for (let i = 0; i < mergedPeople.length; i += 1000) await (await upsertCustomers(trx, run, "Contact", mergedPeople.slice(i, i + 1000), "merged"))();
      for (let i = 0; i < deleted.length; i += 1000) {
        const ids = deleted.slice(i, i + 1000);
        await archiveDeleted(trx, run, "Contact", "contacts", ids);
        await archiveDeleted(trx, run, "Contact", "customers", ids);
      }
    },
  };
}

interface ContactWrite {
  externalId: string;
  customerId: string;
  first: string | null;
  last: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  /** CreatedDate; kept for a new contact only. */
  createdAt: Date | undefined;
}

/** Creates or updates contacts at companies by Salesforce Id: decides (counting), then returns the write. */
async function upsertContacts(trx: Trx, run: ImportRun, rows: ContactWrite[]): Promise<Commit> {
  if (rows.length === 0) return NOTHING_TO_WRITE;
  const s = run.summary.objects.Contact;
  const existing = await trx
    .selectFrom("contacts")
    .select(["external_id", "customer_id", "first_name", "last_name", "email", "phone", "title"])
    .where("external_source", "=", SALESFORCE_SOURCE)
    .where("external_id", "=", anyText(rows.map((r) => r.externalId)))
    .execute();
  const byExt = new Map(existing.map((e) => [e.external_id!, e]));
  const writes: ContactWrite[] = [];
  for (const r of rows) {
    const before = byExt.get(r.externalId);
    if (!before) s.created++;
    else if (
      before.customer_id === r.customerId &&
      sameValue(before.first_name, r.first) &&
      before.last_name === r.last &&
      sameValue(before.email, r.email) &&
      sameValue(before.phone, r.phone) &&
      sameValue(before.title, r.title)
    ) {
      s.unchanged++;
      continue;
    } else s.updated++;
    writes.push(r);
  }
  if (writes.length === 0) return NOTHING_TO_WRITE;
  return async () => {
    await sql`
    INSERT INTO contacts (id, customer_id, first_name, last_name, email, phone, title, external_source, external_id, created_at)
    SELECT t.id, t.customer_id, t.first_name, t.last_name, t.email::citext, t.phone, t.title, ${SALESFORCE_SOURCE}, t.external_id, coalesce(t.created_at, now())
    FROM unnest(${writes.map(() => uuidV7())}::uuid[], ${writes.map((r) => r.customerId)}::uuid[], ${writes.map((r) => r.first)}::text[], ${writes.map((r) => r.last)}::text[],
      ${writes.map((r) => r.email)}::text[], ${writes.map((r) => r.phone)}::text[], ${writes.map((r) => r.title)}::text[], ${writes.map((r) => r.externalId)}::text[],
      ${writes.map((r) => r.createdAt?.toISOString() ?? null)}::timestamptz[])
      AS t(id, customer_id, first_name, last_name, email, phone, title, external_id, created_at)
    ON CONFLICT (external_source, external_id) WHERE external_id IS NOT NULL DO UPDATE SET
      customer_id = excluded.customer_id, first_name = excluded.first_name, last_name = excluded.last_name,
      email = excluded.email, phone = excluded.phone, title = excluded.title, updated_at = now()`.execute(trx);
  };
}

interface PreparedCase {
  line: number;
  id: string;
  caseNumber: string;
  accountId: string;
  contactId: string;
  subject: string;
  description: string | null;
  status: CaseStatus;
  priority: CasePriority;
  origin: string | null;
  created: Date | undefined;
  closed: Date | undefined;
  /** LastModifiedDate, the closing time of a closed case without a ClosedDate. */
  modified: Date | undefined;
  notes: Notes;
}

const CASE_FIELDS = ["case_number", "customer_id", "contact_id", "subject", "description", "status", "priority", "origin", "opened_at", "closed_at"] as const;

/** A Salesforce date-time column; an unreadable one is noted on the row and left out. */
function timestampColumn(values: Record<string, string>, column: string, notes: Notes): Date | undefined {
  const t = sfTimestamp(values[column]);
  if (t === null) notes.push(`${column} "${str(values, column)}" is not a timestamp; ignored`);
  return t ?? undefined;
}

function caseHandler(trx: Trx, run: ImportRun): FileHandler {
  const checkId = idChecker(run, "Case");
  const s = run.summary.objects.Case;
  const seenNumbers = new Map<string, number>();
  return {
    async start() {},
    prepare(rows) {
      const prepared: PreparedCase[] = [];
      for (const row of rows) {
        const id = checkId(row);
        if (!id) continue;
        const v = row.values;
        if (sfBoolean(v.IsDeleted)) {
          s.deleted++;
          continue;
        }
        const caseNumber = str(v, "CaseNumber");
        if (!caseNumber) {
          run.reject("Case", row.line, "missing CaseNumber");
          continue;
        }
        const firstLine = seenNumbers.get(caseNumber);
        if (firstLine !== undefined) {
          run.reject("Case", row.line, `duplicate CaseNumber ${caseNumber} (first on line ${firstLine})`);
          continue;
        }
        seenNumbers.set(caseNumber, row.line);
        let contactId = str(v, "ContactId");
        for (let hop = 0; hop < 10 && run.contactMerges.has(contactId); hop++) contactId = run.contactMerges.get(contactId)!;
        const notes: Notes = [];
        const status = mapCaseStatus(str(v, "Status"), sfBoolean(v.IsClosed));
        const created = timestampColumn(v, "CreatedDate", notes);
        const closed = timestampColumn(v, "ClosedDate", notes);
        prepared.push({
          line: row.line,
          id,
          caseNumber,
          accountId: str(v, "AccountId"),
          contactId,
          subject: str(v, "Subject") || `Case ${caseNumber}`,
          description: (v.Description ?? "").trim() || null,
          status,
          priority: mapCasePriority(str(v, "Priority")),
          origin: mapCaseOrigin(str(v, "Origin")),
          created,
          closed,
          modified: status === "closed" && !closed ? timestampColumn(v, "LastModifiedDate", notes) : undefined,
          notes,
        });
      }
      return async () => {
        if (prepared.length === 0) return NOTHING_TO_WRITE;
        const contactIds = [...new Set(prepared.map((p) => p.contactId).filter(Boolean))];
        const [accounts, people, contactRows, existing, numbers] = await Promise.all([
          resolveCustomers(trx, prepared.map((p) => p.accountId)),
          resolveCustomers(trx, contactIds),
          contactIds.length
            ? trx
                .selectFrom("contacts")
                .select(["id", "external_id", "customer_id"])
                .where("external_source", "=", SALESFORCE_SOURCE)
                .where("external_id", "=", anyText(contactIds))
                .execute()
            : Promise.resolve([]),
          trx
            .selectFrom("cases")
            .select(["external_id", "case_number", "customer_id", "contact_id", "subject", "description", "status", "priority", "origin", "opened_at", "closed_at"])
            .where("external_source", "=", SALESFORCE_SOURCE)
            .where("external_id", "=", anyText(prepared.map((p) => p.id)))
            .execute(),
          trx
            .selectFrom("cases")
            .select(["case_number", "external_source", "external_id"])
            .where("case_number", "=", anyText(prepared.map((p) => p.caseNumber)))
            .execute(),
        ]);
        const contactByExt = new Map(contactRows.map((c) => [c.external_id!, c]));
        const byExt = new Map(existing.map((e) => [e.external_id!, e]));
        const numberOwner = new Map(numbers.map((n) => [n.case_number, n]));
        const writes: Record<(typeof CASE_FIELDS)[number] | "external_id", string | null>[] = [];
        const iso = (d: Date | string | null) => (d === null ? null : typeof d === "string" ? new Date(d).toISOString() : d.toISOString());
        for (const p of prepared) {
          const owner = numberOwner.get(p.caseNumber);
          if (owner && !(owner.external_source === SALESFORCE_SOURCE && owner.external_id === p.id)) {
            run.reject("Case", p.line, `CaseNumber ${p.caseNumber} is already used by another case`);
            continue;
          }
          const contact = p.contactId ? contactByExt.get(p.contactId) : undefined;
          const customerId = (p.accountId ? accounts.get(p.accountId)?.id : undefined) ?? contact?.customer_id ?? (p.contactId ? people.get(p.contactId)?.id : undefined);
          if (!customerId) {
            run.reject("Case", p.line, `neither AccountId "${p.accountId}" nor ContactId "${p.contactId}" is an imported customer`);
            continue;
          }
          giveNotes(run, "Case", p.line, p.notes);
          const before = byExt.get(p.id);
          const write = {
            case_number: p.caseNumber,
            customer_id: customerId,
            contact_id: contact?.id ?? null,
            subject: p.subject,
            description: p.description,
            status: p.status,
            priority: p.priority,
            origin: p.origin,
            opened_at: p.created ?? before?.opened_at ?? new Date(),
            closed_at: p.status === "closed" ? (p.closed ?? before?.closed_at ?? p.modified ?? new Date()) : null,
          };
          if (!before) s.created++;
          else if (CASE_FIELDS.every((f) => sameValue(before[f], write[f]))) {
            s.unchanged++;
            continue;
          } else s.updated++;
          writes.push({ ...write, opened_at: iso(write.opened_at), closed_at: iso(write.closed_at), external_id: p.id });
        }
        if (writes.length === 0) return NOTHING_TO_WRITE;
        const col = (f: (typeof CASE_FIELDS)[number] | "external_id") => writes.map((w) => w[f]);
        return async () => {
          await sql`
          INSERT INTO cases (id, case_number, customer_id, contact_id, subject, description, status, priority, origin, opened_at, closed_at, external_source, external_id)
          SELECT t.id, t.case_number, t.customer_id, t.contact_id, t.subject, t.description, t.status, t.priority, t.origin, t.opened_at, t.closed_at, ${SALESFORCE_SOURCE}, t.external_id
          FROM unnest(${writes.map(() => uuidV7())}::uuid[], ${col("case_number")}::text[], ${col("customer_id")}::uuid[], ${col("contact_id")}::uuid[], ${col("subject")}::text[], ${col("description")}::text[],
            ${col("status")}::text[], ${col("priority")}::text[], ${col("origin")}::text[], ${col("opened_at")}::timestamptz[], ${col("closed_at")}::timestamptz[], ${col("external_id")}::text[])
            AS t(id, case_number, customer_id, contact_id, subject, description, status, priority, origin, opened_at, closed_at, external_id)
          ON CONFLICT (external_source, external_id) WHERE external_id IS NOT NULL DO UPDATE SET
            case_number = excluded.case_number, customer_id = excluded.customer_id, contact_id = excluded.contact_id,
            subject = excluded.subject, description = excluded.description, status = excluded.status, priority = excluded.priority,
            origin = excluded.origin, opened_at = excluded.opened_at, closed_at = excluded.closed_at, updated_at = now()`.execute(trx);
        };
      };
    },
    async finish() {},
  };
}

// ---------------------------------------------------------------- tasks (calls and emails)

export type TaskClass =
  | { channel: "phone" | "email"; direction: "inbound" | "outbound" }
  | { skip: "todo" | "planned" | "internal" };

const DONE_STATUSES = new Set(["", "completed", "complete", "closed", "done"]);

/**
 * What a Task row was. Calls (TaskSubtype or Type "Call", or a CallType) and emails
 * (TaskSubtype "Email"/"ListEmail" or Type "Email"; in exports without either, a Subject
 * starting "Email:") are interactions; to-dos, calls and emails not yet done (IsClosed 0, or a
 * Status that is not a done one when IsClosed is missing) and internal calls are not.
 * Calls go the CallType's way (outbound when none is given); emails are outbound unless
 * the Subject starts with "←" (Salesforce's mark for a received email).
 */
export function classifyTask(values: Record<string, string>): TaskClass {
  const subtype = str(values, "TaskSubtype").toLowerCase();
  const type = str(values, "Type").toLowerCase();
  const callType = str(values, "CallType").toLowerCase();
  const subject = str(values, "Subject");
  let channel: "phone" | "email" | null = null;
  if (subtype === "call" || (!subtype && type === "call") || callType) channel = "phone";
  else if (subtype === "email" || subtype === "listemail" || (!subtype && (type === "email" || (!type && /^[←→]?\s*e-?mail:/i.test(subject))))) channel = "email";
  if (!channel) return { skip: "todo" };
  const closed = str(values, "IsClosed");
  const done = closed ? sfBoolean(closed) : DONE_STATUSES.has(str(values, "Status").toLowerCase());
  if (!done) return { skip: "planned" };
  if (channel === "phone") {
    if (callType === "internal") return { skip: "internal" };
    return { channel, direction: callType === "inbound" ? "inbound" : "outbound" };
  }
  return { channel, direction: subject.startsWith("←") ? "inbound" : "outbound" };
}

/** Cut to at most max characters (code points, as PostgreSQL counts them), marking the cut with "…". */
function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** Our customer ids → the live customer each now is (following merges), or null when erased or gone. `live` are ids known to be live already. */
async function liveCustomerIds(trx: Trx, ids: string[], live: Iterable<string>): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (const id of live) out.set(id, id);
  let pending = new Map<string, string>([...new Set(ids)].filter((id) => !out.has(id)).map((id) => [id, id])); // asked id → id to look at
  for (let hop = 0; hop < 10 && pending.size; hop++) {
    const rows = await trx
      .selectFrom("customers")
      .select(["id", "merged_into_id", "erased_at"])
      .where("id", "=", sql<string>`ANY(${[...new Set(pending.values())]}::uuid[])`)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const next = new Map<string, string>();
    for (const [asked, id] of pending) {
      const r = byId.get(id);
      if (r?.merged_into_id) next.set(asked, r.merged_into_id);
      else out.set(asked, r && !r.erased_at ? r.id : null);
    }
    pending = next;
  }
  for (const asked of pending.keys()) out.set(asked, null);
  return out;
}

const TASK_TIMES = ["CompletedDateTime", "CreatedDate", "ActivityDate"] as const;
/** A day: longer "calls" are data errors, not calls. */
const MAX_CALL_SECONDS = 86_400;

interface PreparedTask {
  line: number;
  id: string;
  kind: Extract<TaskClass, { channel: string }>;
  whoId: string;
  whatId: string;
  accountId: string;
  /** null: none of the time columns could be read (the row is rejected once it has a customer). */
  startedAt: Date | null;
  endedAt: Date | null;
  /** The time columns that could not be read ("CreatedDate \"yesterday\""). */
  unreadable: string[];
  owner: string;
  subject: string;
  summary: string | null;
  /** Warnings after the WhatId one: call duration, cut subject or description. */
  notes: Notes;
}

const TASK_FIELDS = ["customer_id", "case_id", "imported_owner", "channel", "direction", "started_at", "ended_at", "subject", "summary"] as const;

/** Task.csv row fields that need no lookup: times, duration, subject and description (cut to fit). */
function prepareTask(row: SalesforceRow, id: string, kind: Extract<TaskClass, { channel: string }>, whoId: string): PreparedTask {
  const v = row.values;
  let startedAt: Date | null = null;
  const unreadable: string[] = [];
  for (const column of TASK_TIMES) {
    const t = sfTimestamp(v[column]);
    if (t === null) unreadable.push(`${column} "${str(v, column)}"`);
    if (t) {
      // A bare date (ActivityDate) says nothing of the time: noon UTC keeps the date in nearly every zone.
      startedAt = /^\d{4}-\d{2}-\d{2}$/.test(str(v, column)) ? new Date(t.getTime() + 12 * 3_600_000) : t;
      break;
    }
  }
  const notes: Notes = [];
  let endedAt: Date | null = null;
  const duration = str(v, "CallDurationInSeconds");
  if (startedAt && kind.channel === "phone" && duration) {
    const seconds = Number(duration);
    if (Number.isInteger(seconds) && seconds >= 0 && seconds <= MAX_CALL_SECONDS) endedAt = new Date(startedAt.getTime() + seconds * 1000);
    else notes.push(`CallDurationInSeconds "${duration}" is not a whole number of seconds up to a day; no end time`);
  }
  let subject = str(v, "Subject") || "(no subject)";
  if (subject.length > 200 && Array.from(subject).length > 200) {
    notes.push("Subject is longer than 200 characters; cut");
    subject = cut(subject, 200);
  }
  let summary = (v.Description ?? "").trim() || null;
  if (summary && summary.length > 10_000 && Array.from(summary).length > 10_000) {
    notes.push("Description is longer than 10,000 characters; cut");
    summary = cut(summary, 10_000);
  }
  return {
    line: row.line,
    id,
    kind,
    whoId,
    whatId: str(v, "WhatId"),
    accountId: str(v, "AccountId"),
    startedAt,
    endedAt,
    unreadable,
    owner: str(v, "OwnerId") || "unknown",
    subject,
    summary,
    notes,
  };
}

/**
 * Task.csv: calls and emails become interactions (source 'import', no agent or shift of
 * ours, the Salesforce OwnerId kept as text). The customer is the case's when WhatId is an
 * imported case (and the case is linked), else the account named by WhatId or AccountId,
 * else the contact's company or the person customer made from WhoId. Rows that name none
 * are rejected; to-dos and the like are counted as skipped. Deleted tasks an earlier import
 * brought in are removed (interactions have no archive).
 */
function taskHandler(trx: Trx, run: ImportRun): FileHandler {
  const checkId = idChecker(run, "Task");
  const s = run.summary.objects.Task;
  const skippedBy = { todo: 0, planned: 0, internal: 0 };
  const deleted: string[] = [];
  return {
    async start() {},
    prepare(rows) {
      const prepared: PreparedTask[] = [];
      for (const row of rows) {
        const id = checkId(row);
        if (!id) continue;
        const v = row.values;
        if (sfBoolean(v.IsDeleted)) {
          s.deleted++;
          deleted.push(id);
          continue;
        }
        const kind = classifyTask(v);
        if ("skip" in kind) {
          s.skipped++;
          skippedBy[kind.skip]++;
          continue;
        }
        let whoId = str(v, "WhoId");
        for (let hop = 0; hop < 10 && run.contactMerges.has(whoId); hop++) whoId = run.contactMerges.get(whoId)!;
        prepared.push(prepareTask(row, id, kind, whoId));
      }
      return async () => {
        if (prepared.length === 0) return NOTHING_TO_WRITE;
        const whatIds = [...new Set(prepared.map((p) => p.whatId).filter(Boolean))];
        const whoIds = [...new Set(prepared.map((p) => p.whoId).filter(Boolean))];
        const [caseRows, customers, contactRows, existing] = await Promise.all([
          whatIds.length
            ? trx.selectFrom("cases").select(["id", "external_id", "customer_id"]).where("external_source", "=", SALESFORCE_SOURCE).where("external_id", "=", anyText(whatIds)).execute()
            : Promise.resolve([]),
          resolveCustomers(trx, [...whatIds, ...whoIds, ...prepared.map((p) => p.accountId)]),
          whoIds.length
            ? trx.selectFrom("contacts").select(["external_id", "customer_id"]).where("external_source", "=", SALESFORCE_SOURCE).where("external_id", "=", anyText(whoIds)).execute()
            : Promise.resolve([]),
          trx
            .selectFrom("interactions")
            .select(["external_id", "source", "customer_id", "case_id", "imported_owner", "channel", "direction", "started_at", "ended_at", "subject", "summary"])
            .where("external_source", "=", SALESFORCE_SOURCE)
            .where("external_id", "=", anyText(prepared.map((p) => p.id)))
            .execute(),
        ]);
        const caseByExt = new Map(caseRows.map((c) => [c.external_id!, c]));
        const contactByExt = new Map(contactRows.map((c) => [c.external_id!, c]));
        const byExt = new Map(existing.map((e) => [e.external_id!, e]));
        // Cases and contacts point at our customer ids, which may since have been merged or erased.
        const live = await liveCustomerIds(
          trx,
          [...caseRows.map((c) => c.customer_id), ...contactRows.map((c) => c.customer_id), ...existing.map((e) => e.customer_id)],
          [...customers.values()].map((c) => c.id),
        );

        // Named records that are customers erased here: their tasks are not imported (said so, rather than "not imported").
        const unresolved = [...new Set(prepared.flatMap((p) => [p.whoId, p.whatId, p.accountId]).filter((id) => id && !customers.has(id) && !caseByExt.has(id) && !contactByExt.has(id)))];
        const erasedRows = unresolved.length
          ? await trx.selectFrom("customers").select("external_id").where("external_source", "=", SALESFORCE_SOURCE).where("external_id", "=", anyText(unresolved)).where("erased_at", "is not", null).execute()
          : [];
        const erased = new Set(erasedRows.map((r) => r.external_id!));

        const writes: Record<(typeof TASK_FIELDS)[number] | "external_id", string | null>[] = [];
        for (const p of prepared) {
          const before = byExt.get(p.id);
          if (before && before.source !== "import") {
            run.reject("Task", p.line, `Id ${p.id} is already used by an interaction logged here`);
            continue;
          }
          if (before && live.get(before.customer_id) === null) {
            run.warn("Task", p.line, `Id ${p.id} belongs to a customer erased here and is not re-imported`);
            s.unchanged++;
            continue;
          }
          const kase = p.whatId ? caseByExt.get(p.whatId) : undefined;
          const caseCustomer = kase ? live.get(kase.customer_id) : null;
          const contact = p.whoId ? contactByExt.get(p.whoId) : undefined;
          const customerId =
            caseCustomer ??
            (p.whatId ? customers.get(p.whatId)?.id : undefined) ??
            (p.accountId ? customers.get(p.accountId)?.id : undefined) ??
            (contact ? live.get(contact.customer_id) : undefined) ??
            (p.whoId ? customers.get(p.whoId)?.id : undefined);
          if (!customerId) {
            const gone = [p.whoId, p.whatId, p.accountId].find((id) => erased.has(id) || (caseByExt.has(id) && live.get(caseByExt.get(id)!.customer_id) === null) || (contactByExt.has(id) && live.get(contactByExt.get(id)!.customer_id) === null));
            run.reject(
              "Task",
              p.line,
              gone
                ? `${gone} belongs to a customer erased here; not imported`
                : `none of WhoId "${p.whoId}", WhatId "${p.whatId}", AccountId "${p.accountId}" is an imported contact, account or case`,
            );
            continue;
          }
          if (!p.startedAt) {
            run.reject("Task", p.line, `no readable CompletedDateTime, CreatedDate or ActivityDate${p.unreadable.length ? ` (${p.unreadable.join(", ")})` : ""}`);
            continue;
          }
          for (const u of p.unreadable) run.warn("Task", p.line, `${u} is not a timestamp; ignored`);
          if (!kase && /^500/.test(p.whatId)) run.warn("Task", p.line, `WhatId ${p.whatId} is not an imported case; kept without a case`);
          giveNotes(run, "Task", p.line, p.notes);
          const write = {
            customer_id: customerId,
            case_id: caseCustomer && caseCustomer === customerId ? kase!.id : null,
            imported_owner: p.owner,
            channel: p.kind.channel,
            direction: p.kind.direction,
            started_at: p.startedAt,
            ended_at: p.endedAt,
            subject: p.subject,
            summary: p.summary,
          };
          if (!before) s.created++;
          else if (TASK_FIELDS.every((f) => sameValue(before[f], write[f]))) {
            s.unchanged++;
            continue;
          } else s.updated++;
          writes.push({ ...write, started_at: write.started_at.toISOString(), ended_at: write.ended_at?.toISOString() ?? null, external_id: p.id });
        }
        if (writes.length === 0) return NOTHING_TO_WRITE;
        const col = (f: (typeof TASK_FIELDS)[number] | "external_id") => writes.map((w) => w[f]);
        return async () => {
          await sql`
          INSERT INTO interactions (id, customer_id, case_id, source, imported_owner, channel, direction, started_at, ended_at, subject, summary, external_source, external_id, created_by)
          SELECT t.id, t.customer_id, t.case_id, 'import', t.imported_owner, t.channel, t.direction, t.started_at, t.ended_at, t.subject, t.summary, ${SALESFORCE_SOURCE}, t.external_id, ${run.actorId}::uuid
          FROM unnest(${writes.map(() => uuidV7())}::uuid[], ${col("customer_id")}::uuid[], ${col("case_id")}::uuid[], ${col("imported_owner")}::text[], ${col("channel")}::text[], ${col("direction")}::text[],
            ${col("started_at")}::timestamptz[], ${col("ended_at")}::timestamptz[], ${col("subject")}::text[], ${col("summary")}::text[], ${col("external_id")}::text[])
            AS t(id, customer_id, case_id, imported_owner, channel, direction, started_at, ended_at, subject, summary, external_id)
          ON CONFLICT (external_source, external_id) WHERE external_id IS NOT NULL DO UPDATE SET
            customer_id = excluded.customer_id, case_id = excluded.case_id, imported_owner = excluded.imported_owner,
            channel = excluded.channel, direction = excluded.direction, started_at = excluded.started_at,
            ended_at = excluded.ended_at, subject = excluded.subject, summary = excluded.summary`.execute(trx);
        };
      };
    },
    async finish() {
      for (let i = 0; i < deleted.length; i += 1000) {
        const removed = await trx
          .deleteFrom("interactions")
          .where("external_source", "=", SALESFORCE_SOURCE)
          .where("external_id", "=", anyText(deleted.slice(i, i + 1000)))
          .where("source", "=", "import")
          .where(({ not, exists, selectFrom }) => not(exists(selectFrom("handoffs").select("handoffs.id").whereRef("handoffs.interaction_id", "=", "interactions.id"))))
          .returning("id")
          .execute();
        s.archived += removed.length;
      }
      const count = (n: number, one: string, many: string) => (n ? `${n.toLocaleString("en")} ${n === 1 ? one : many}` : "");
      const why = [
        count(skippedBy.todo, "to-do or other activity", "to-dos and other activities"),
        count(skippedBy.planned, "planned call or email (still open)", "planned calls or emails (still open)"),
        count(skippedBy.internal, "internal call", "internal calls"),
      ].filter(Boolean);
      const parts = [
        "Calls and emails become interactions",
        why.length ? `not imported: ${why.join(", ")}` : "",
        count(s.archived, "task deleted in Salesforce removed here", "tasks deleted in Salesforce removed here"),
      ].filter(Boolean);
      s.note = `${parts.join("; ")}.`;
    },
  };
}

/** Prepared batches whose writes may wait or run while the next batch is read (memory: this many batches more). */
const WRITES_AHEAD = 2;

/** Rows read between turns of the event loop (see the read loop). */
const YIELD_EVERY_ROWS = 100;

function sortByLine(issues: RowIssue[], from: number) {
  const sorted = issues.slice(from).sort((a, b) => a.line - b.line);
  issues.splice(from, sorted.length, ...sorted);
}

function countsLine(s: ObjectSummary): string {
  return `${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejected} rejected`;
}

export async function importSalesforceExport(db: Kysely<Database>, dir: string, options: SalesforceImportOptions = {}): Promise<SalesforceImportSummary> {
  const started = performance.now();
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder.`);
  const run = new ImportRun(options);
  const files = SALESFORCE_OBJECTS.map((object) => [object, findFile(dir, object)] as const);
  if (files.every(([, file]) => !file)) throw new Error(`${dir} holds none of ${SALESFORCE_OBJECTS.map((o) => `${o}.csv`).join(", ")}.`);
  // Rows per batch: big enough that the per-statement upkeep (name search triggers, lookups) is
  // shared by many rows; each statement sends one array per column (unnest), so no parameter limit applies.
  const batchSize = options.batchSize ?? 5000;
  const progressEvery = options.progressEvery ?? 10_000;
  const progress = options.onProgress ?? (() => {});

  for (const [object, file] of files) {
    const s = run.summary.objects[object];
    if (!file) continue;
    s.file = path.basename(file);
    const fileStarted = performance.now();
    const rejectedBefore = run.summary.rejectedRows.length;
    const warningsBefore = run.summary.warnings.length;
    try {
      await db.transaction().execute(async (trx) => {
        // For this transaction only: the name-search trigger sorts a batch's ~10 name keys per customer,
        // which spills to disk at the default 4 MB.
        await sql`SET LOCAL work_mem = '32MB'`.execute(trx);
        const handler =
          object === "Account"
            ? accountHandler(trx, run)
            : object === "Contact"
              ? contactHandler(trx, run)
              : object === "Case"
                ? caseHandler(trx, run)
                : taskHandler(trx, run);
        let batch: SalesforceRow[] = [];
        let started = false;
        // Batches are read and prepared (CPU) while earlier batches' statements run. A batch's plan (its
        // lookups, then deciding what to write) starts at once, so its lookups wait on the connection
        // right behind the statements already sent and Node decides while PostgreSQL writes the batch
        // before; the commits run one after another. Up to WRITES_AHEAD batches wait or run.
        let writing: Promise<void> = Promise.resolve();
        const queued: Promise<void>[] = [];
        const planning = new Set<Promise<Commit>>();
        // Set when the file fails: batches still queued then write nothing (the transaction is about to roll back).
        let failed = false;
        const flush = async () => {
          if (batch.length === 0) return;
          const rows = batch;
          const rowsRead = s.rows;
          batch = [];
          if (!started) {
            started = true;
            await handler.start(Object.keys(rows[0]!.values));
          }
          const plan = handler.prepare(rows);
          while (queued.length >= WRITES_AHEAD) await queued.shift();
          const planned = plan();
          planning.add(planned);
          const settled = () => void planning.delete(planned);
          planned.then(settled, settled);
          writing = writing
            .then(() => planned)
            .then((commit) => (failed ? undefined : commit()))
            .then(() => (failed ? undefined : options.afterBatch?.(object, rowsRead)));
          writing.catch(() => {}); // surfaced by the next await
          queued.push(writing);
        };
        try {
          for await (const row of readSalesforceCsv(file)) {
            s.rows++;
            batch.push(row);
            if (batch.length >= batchSize) await flush();
            // Records come out of the parser as microtasks; a turn of the event loop now and then lets the
            // connection take its statements' answers and send the next, so PostgreSQL does not wait on Node.
            else if (s.rows % YIELD_EVERY_ROWS === 0) await new Promise<void>((resolve) => setImmediate(resolve));
            if (s.rows % progressEvery === 0) {
              const rate = Math.round(s.rows / ((performance.now() - fileStarted) / 1000));
              progress(`${s.file}: ${s.rows.toLocaleString("en")} rows (${rate.toLocaleString("en")} rows/s), ${countsLine(s)}`);
            }
          }
          await flush();
          await writing;
        } catch (error) {
          // Nothing may still be reading or writing on this transaction once it rolls back and its connection
          // goes back to the pool: a write that ran after the rollback would land outside any transaction.
          failed = true;
          await Promise.allSettled([writing, ...planning]);
          throw error;
        }
        await handler.finish();
        await run.audit(trx, object);
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      Object.assign(s, emptySummary(s.file), { error: `${message} — nothing of ${s.file} was imported` });
      run.summary.rejectedRows.length = rejectedBefore;
      run.summary.warnings.length = warningsBefore;
      run.summary.seconds = Number(((performance.now() - started) / 1000).toFixed(2));
      const done = files.filter(([o, f]) => f && o !== object && SALESFORCE_OBJECTS.indexOf(o) < SALESFORCE_OBJECTS.indexOf(object)).map(([, f]) => path.basename(f!));
      throw new SalesforceImportError(
        `${s.file} failed and was rolled back (${message})${done.length ? `; ${done.join(", ")} stayed imported` : ""}.`,
        run.summary,
      );
    }
    // A batch's checks run before the previous batch's lookups finish: list the file's issues in line order.
    sortByLine(run.summary.rejectedRows, rejectedBefore);
    sortByLine(run.summary.warnings, warningsBefore);
    const seconds = (performance.now() - fileStarted) / 1000;
    progress(`${s.file}: done, ${s.rows.toLocaleString("en")} rows in ${seconds.toFixed(1)} s, ${countsLine(s)}`);
  }
  run.summary.seconds = Number(((performance.now() - started) / 1000).toFixed(2));
  return run.summary;
}
