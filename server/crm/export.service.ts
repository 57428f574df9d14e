import { sql, type Kysely } from "kysely";
import { isoOrNull } from "../iso";
import { stringify } from "csv-stringify/sync";
import type { CustomerKind, Database } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import { CrmError } from "./crm.errors";
import { searchCustomers } from "./customer-search";
import { getCustomer } from "./customers.service";
import type { CustomerExportInput, CustomerListFilter, CustomerListSort } from "./export.schema";

// ---------------------------------------------------------------------------------------------
// The customer list: keyset pages, never OFFSET.

export interface CustomerListRow {
  id: string;
  kind: CustomerKind;
  name: string;
  email: string | null;
  phone: string | null;
  country: string | null;
  language: string | null;
  segment: string | null;
  tier: string | null;
  custom: Record<string, unknown>;
  externalSource: string | null;
  externalId: string | null;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

export interface CustomerListPage {
  items: CustomerListRow[];
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
}

interface ListCursor {
  sort: CustomerListSort;
  /** The name, or the exact (microsecond) creation instant. */
  key: string;
  id: string;
}

const EXACT_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function encodeCursor(c: ListCursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.key, c.id])).toString("base64url");
}

function decodeCursor(raw: string, sort: CustomerListSort): ListCursor {
  try {
    const parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(parsed) && parsed.length === 3 && parsed.every((p) => typeof p === "string")) {
      const [s, key, id] = parsed as string[];
      if (s === sort && UUID.test(id!) && (sort === "name" || EXACT_INSTANT.test(key!))) return { sort, key: key!, id: id! };
    }
  } catch {
    // fall through
  }
  throw new CrmError("INVALID", "This page link is no longer valid; start again from the first page.", "after");
}

/**
 * A custom-field filter as a jsonb document for `custom @> …` (served by customers_custom_idx),
 * its value read as the field's type: numbers as numbers (12 finds 12 and 12.0), dates as
 * YYYY-MM-DD, pick-list values only from the list, text exactly.
 */
export async function customFieldContainment(db: Kysely<Database>, filter: CustomerListFilter["custom"]): Promise<string | null> {
  if (!filter) return null;
  const def = await db
    .selectFrom("custom_field_definitions")
    .selectAll()
    .where("entity_type", "=", "customer")
    .where("key", "=", filter.key)
    .executeTakeFirst();
  if (!def) throw new CrmError("INVALID", `There is no custom field "${filter.key}".`, "custom.key");
  const raw = filter.value;
  const bad = (what: string) => new CrmError("INVALID", `${def.label}: ${what}`, "custom.value");
  let value: string | number;
  if (def.type === "number") {
    const n = typeof raw === "number" ? raw : raw.trim() === "" ? NaN : Number(raw);
    if (!Number.isFinite(n)) throw bad("enter a number.");
    value = n;
  } else if (def.type === "date") {
    if (typeof raw !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(raw))) throw bad("use a date like 2026-03-08.");
    value = raw;
  } else if (def.type === "picklist") {
    if (typeof raw !== "string" || !def.options.includes(raw)) throw bad(`choose one of ${def.options.join(", ")}.`);
    value = raw;
  } else {
    value = String(raw);
  }
  return JSON.stringify({ [def.key]: value });
}

interface ListRowRaw {
  id: string;
  kind: CustomerKind;
  name: string;
  email: string | null;
  phone: string | null;
  country: string | null;
  language: string | null;
  segment: string | null;
  tier: string | null;
  custom: Record<string, unknown>;
  external_source: string | null;
  external_id: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  archived_at: Date | string | null;
  created_key: string;
}

const iso = (value: Date | string) => new Date(value).toISOString();

function toListRow(r: ListRowRaw): CustomerListRow {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    email: r.email,
    phone: r.phone,
    country: r.country,
    language: r.language,
    segment: r.segment,
    tier: r.tier,
    custom: r.custom ?? {},
    externalSource: r.external_source,
    externalId: r.external_id,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    archivedAt: r.archived_at ? iso(r.archived_at) : null,
  };
}

const listColumns = sql`c.id, c.kind, c.name, c.email::text AS email, c.phone, c.country, c.language, c.segment, c.tier, c.custom,
  c.external_source, c.external_id, c.created_at, c.updated_at, c.archived_at,
  to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key`;

/**
 * Rows of the list read in order before a custom-field filter gives up on the walk and asks the
 * GIN index instead (see listPage).
 */
const CUSTOM_FILTER_WINDOW = 10_000;

/**
 * One page of live customers (never merged-away or erased ones; archived ones only when asked).
 * Name order walks customers_list_name_idx (or the country, segment or tier index when that filter
 * is given), newest first walks customers_list_created_idx; each reads only as far as the page needs.
 *
 * A custom-field value is another matter: the planner cannot estimate `custom @> …`, and a value
 * that is rare, or whose customers all sort late, makes the ordered walk read most of the table
 * (6 s at 1,000,000 customers). So the walk is bounded: the next CUSTOM_FILTER_WINDOW rows in
 * order are checked; if they hold a page, or are all there is, that is the answer. Otherwise the
 * value is sparse here, and its customers are found through customers_custom_idx and sorted.
 */
async function listPage(
  db: Kysely<Database>,
  filter: CustomerListFilter,
  containment: string | null,
  sort: CustomerListSort,
  after: ListCursor | null,
  limit: number,
  window = CUSTOM_FILTER_WINDOW,
): Promise<{ rows: ListRowRaw[]; more: boolean }> {
  const where = [sql`c.merged_into_id IS NULL`, sql`c.erased_at IS NULL`];
  if (!filter.includeArchived) where.push(sql`c.archived_at IS NULL`);
  if (filter.kind) where.push(sql`c.kind = ${filter.kind}`);
  if (filter.country) where.push(sql`c.country = ${filter.country}`);
  if (filter.segment) where.push(sql`c.segment = ${filter.segment}`);
  if (filter.tier) where.push(sql`c.tier = ${filter.tier}`);
  if (after) {
    where.push(
      sort === "name"
        ? sql`(c.name, c.id) > (${after.key}, ${after.id}::uuid)`
        : sql`(c.created_at, c.id) < (${after.key}::timestamptz, ${after.id}::uuid)`,
    );
  }
  const order = (t: string) =>
    sort === "name" ? sql.raw(`${t}.name, ${t}.id`) : sql.raw(`${t}.created_at DESC, ${t}.id DESC`);
  const base = sql.join(where, sql` AND `);
  const page = (rows: ListRowRaw[]) => ({ rows: rows.slice(0, limit), more: rows.length > limit });

  if (!containment) {
    const result = await sql<ListRowRaw>`
      SELECT ${listColumns} FROM customers c WHERE ${base} ORDER BY ${order("c")} LIMIT ${limit + 1}`.execute(db);
    return page(result.rows);
  }

  const custom = sql`c.custom @> ${containment}::jsonb`;
  // The walk streams: it stops as soon as a page of hits is found. The window's last row comes
  // along as a marker, so a walk that read the whole window without filling a page is known.
  const walk = await sql<ListRowRaw & { hit: boolean; rn: number }>`
    SELECT * FROM (
      SELECT ${listColumns}, ${custom} AS hit, row_number() OVER (ORDER BY ${order("c")}) AS rn
      FROM customers c WHERE ${base}
      ORDER BY ${order("c")} LIMIT ${window}
    ) w
    WHERE w.hit OR w.rn = ${window}
    ORDER BY ${order("w")}
    LIMIT ${limit + 2}`.execute(db);
  const hits = walk.rows.filter((r) => r.hit);
  const windowFull = walk.rows.some((r) => Number(r.rn) === window);
  if (hits.length > limit || !windowFull) return page(hits);
  // OFFSET 0 keeps the inner query planned on its own: through the GIN index, then sorted.
  const sparse = await sql<ListRowRaw>`
    SELECT * FROM (SELECT ${listColumns} FROM customers c WHERE ${base} AND ${custom} OFFSET 0) c
    ORDER BY ${order("c")} LIMIT ${limit + 1}`.execute(db);
  return page(sparse.rows);
}

function cursorOf(sort: CustomerListSort, row: ListRowRaw): string {
  return encodeCursor({ sort, key: sort === "name" ? row.name : row.created_key, id: row.id });
}

export async function listCustomers(
  db: Kysely<Database>,
  input: CustomerListFilter & { sort: CustomerListSort; after?: string | null; limit: number },
  options: { customFilterWindow?: number } = {},
): Promise<CustomerListPage> {
  const after = input.after ? decodeCursor(input.after, input.sort) : null;
  const containment = await customFieldContainment(db, input.custom);
  const { rows, more } = await listPage(db, input, containment, input.sort, after, input.limit, options.customFilterWindow);
  const last = rows[rows.length - 1];
  return { items: rows.map(toListRow), next: more && last ? cursorOf(input.sort, last) : null };
}

// ---------------------------------------------------------------------------------------------
// CSV export of a list or a search: streamed in keyset batches, never the whole result in memory.

export const CSV_BASE_COLUMNS = [
  "id",
  "kind",
  "name",
  "email",
  "phone",
  "country",
  "language",
  "segment",
  "tier",
  "external_source",
  "external_id",
  "created_at",
  "updated_at",
  "archived_at",
] as const;

/** Rows read per query while exporting the list. */
export const CSV_BATCH_SIZE = 2000;
/** Search results per page while exporting a search (search pages are at most 50). */
const SEARCH_BATCH_SIZE = 50;

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a formula
 * ("CSV injection"); such text gets a leading single quote. A plain number ("-12.5", an E.164
 * phone "+14155552671") cannot be a formula and is left as it is, so the data stays exact.
 */
export function guardFormula(value: string): string {
  if (/^[=+\-@\t\r]/.test(value) && !/^[+-]?\d+(\.\d+)?$/.test(value)) return `'${value}`;
  return value;
}

export interface CustomerCsvPlan {
  input: CustomerExportInput;
  containment: string | null;
  customKeys: string[];
  header: string[];
}

/** Checks what is asked for before the first byte is sent, so a bad filter is a clear error, not a broken file. */
export async function planCustomerCsv(db: Kysely<Database>, input: CustomerExportInput): Promise<CustomerCsvPlan> {
  const containment = input.q ? null : await customFieldContainment(db, input.custom);
  const definitions = await db
    .selectFrom("custom_field_definitions")
    .select("key")
    .where("entity_type", "=", "customer")
    .orderBy("key")
    .execute();
  const customKeys = definitions.map((d) => d.key);
  return { input, containment, customKeys, header: [...CSV_BASE_COLUMNS, ...customKeys.map((k) => `custom_${k}`)] };
}

function csvRecord(r: ListRowRaw, customKeys: string[]): (string | number)[] {
  const text = (v: string | null) => (v === null ? "" : guardFormula(v));
  const instant = (v: Date | string | null) => (v === null ? "" : iso(v));
  return [
    r.id,
    r.kind,
    text(r.name),
    text(r.email),
    text(r.phone),
    text(r.country),
    text(r.language),
    text(r.segment),
    text(r.tier),
    text(r.external_source),
    text(r.external_id),
    instant(r.created_at),
    instant(r.updated_at),
    instant(r.archived_at),
    ...customKeys.map((k) => {
      const v = r.custom?.[k];
      if (v === null || v === undefined) return "";
      return typeof v === "number" ? v : guardFormula(typeof v === "string" ? v : JSON.stringify(v));
    }),
  ];
}

async function* exportBatches(db: Kysely<Database>, plan: CustomerCsvPlan, batchSize: number): AsyncGenerator<ListRowRaw[]> {
  const { input } = plan;
  if (input.q) {
    let after: string | null = null;
    do {
      const page = await searchCustomers(db, { q: input.q, limit: SEARCH_BATCH_SIZE, after, includeArchived: input.includeArchived });
      after = page.next;
      if (page.items.length === 0) break;
      const ids = page.items.map((i) => i.id);
      const result = await sql<ListRowRaw>`SELECT ${listColumns} FROM customers c WHERE c.id = ANY (${ids}::uuid[])`.execute(db);
      const byId = new Map(result.rows.map((r) => [r.id, r]));
      yield ids.map((id) => byId.get(id)).filter((r): r is ListRowRaw => r !== undefined);
    } while (after);
    return;
  }
  let cursor: ListCursor | null = null;
  for (;;) {
    const { rows, more } = await listPage(db, input, plan.containment, input.sort, cursor, batchSize);
    if (rows.length > 0) yield rows;
    const last = rows[rows.length - 1];
    if (!more || !last) return;
    cursor = { sort: input.sort, key: input.sort === "name" ? last.name : last.created_key, id: last.id };
  }
}

/** What the export audit entry says was asked for (only the filters given). */
function describeFilter(input: CustomerExportInput) {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

/**
 * The CSV text, chunk by chunk (a UTF-8 byte order mark first, so spreadsheets read accents right).
 * One `customer.export` audit entry is written when the stream ends — finished, failed or
 * abandoned by the client — with the filter and the number of rows sent.
 */
export async function* customerCsvChunks(
  db: Kysely<Database>,
  actor: Actor,
  plan: CustomerCsvPlan,
  options: { batchSize?: number } = {},
): AsyncGenerator<string, void, undefined> {
  let rows = 0;
  let complete = false;
  try {
    yield stringify([plan.header], { bom: true });
    for await (const batch of exportBatches(db, plan, options.batchSize ?? CSV_BATCH_SIZE)) {
      yield stringify(batch.map((r) => csvRecord(r, plan.customKeys)));
      rows += batch.length;
    }
    complete = true;
  } finally {
    await recordAudit(db, actor, {
      action: "customer.export",
      entityType: "customer",
      entityId: null,
      after: { format: "csv", filter: describeFilter(plan.input), rows, complete },
    });
  }
}

// ---------------------------------------------------------------------------------------------
// A customer's full record as JSON (a data-subject access request).

/** The record and every record merged into it (they hold the same person's or company's history). */
export async function customerWithMergedIds(db: Kysely<Database>, customerId: string): Promise<string[]> {
  const result = await sql<{ id: string }>`
    WITH RECURSIVE merged(id) AS (
      SELECT id FROM customers WHERE merged_into_id = ${customerId}
      UNION
      SELECT c.id FROM customers c JOIN merged m ON c.merged_into_id = m.id
    )
    SELECT id FROM merged ORDER BY id`.execute(db);
  return [customerId, ...result.rows.map((r) => r.id)];
}


/**
 * Everything kept about one customer: profile with custom fields (labelled), the records merged
 * into it, contacts, cases, notes, every field change and every audit entry about any of them.
 * A merged-away id exports its survivor's record. Audited as `customer.export_record`.
 */
export async function exportCustomerRecord(db: Kysely<Database>, actor: Actor, customerId: string) {
  const profile = await getCustomer(db, customerId);
  const ids = await customerWithMergedIds(db, profile.id);
  const [definitions, customers, contacts, cases, notes, interactions] = await Promise.all([
    db.selectFrom("custom_field_definitions").selectAll().orderBy("entity_type").orderBy("key").execute(),
    db.selectFrom("customers").selectAll().where("id", "in", ids).execute(),
    db.selectFrom("contacts").selectAll().where("customer_id", "in", ids).orderBy("created_at").orderBy("id").execute(),
    db
      .selectFrom("cases")
      .leftJoin("agents", "agents.id", "cases.owner_agent_id")
      .leftJoin("users", "users.id", "agents.user_id")
      .selectAll("cases")
      .select("users.name as owner_name")
      .where("cases.customer_id", "in", ids)
      .orderBy("cases.opened_at")
      .orderBy("cases.id")
      .execute(),
    db
      .selectFrom("customer_notes")
      .leftJoin("users", "users.id", "customer_notes.author_id")
      .selectAll("customer_notes")
      .select("users.name as author_name")
      .where("customer_notes.customer_id", "in", ids)
      .orderBy("customer_notes.created_at")
      .orderBy("customer_notes.id")
      .execute(),
    db
      .selectFrom("interactions")
      .leftJoin("agents", "agents.id", "interactions.agent_id")
      .leftJoin("users", "users.id", "agents.user_id")
      .selectAll("interactions")
      .select("users.name as agent_name")
      .where("interactions.customer_id", "in", ids)
      .orderBy("interactions.started_at")
      .orderBy("interactions.id")
      .execute(),
  ]);
  const contactIds = contacts.map((c) => c.id);
  const caseIds = cases.map((c) => c.id);
  const entities = [
    ...ids.map((id) => ["customer", id] as const),
    ...contactIds.map((id) => ["contact", id] as const),
    ...caseIds.map((id) => ["case", id] as const),
  ];
  const entityTypes = entities.map(([t]) => t);
  const entityIds = entities.map(([, id]) => id);
  const [history, audit] = await Promise.all([
    sql<{ entity_type: string; entity_id: string; field: string; old_value: unknown; new_value: unknown; changed_at: Date; changed_by_name: string | null }>`
      SELECT f.entity_type, f.entity_id, f.field, f.old_value, f.new_value, f.changed_at, u.name AS changed_by_name
      FROM unnest(${entityTypes}::text[], ${entityIds}::uuid[]) AS e(entity_type, entity_id)
      JOIN field_history f ON f.entity_type = e.entity_type AND f.entity_id = e.entity_id
      LEFT JOIN users u ON u.id = f.changed_by
      ORDER BY f.changed_at, f.id`.execute(db),
    sql<{ id: number; at: Date; actor_label: string; action: string; entity_type: string; entity_id: string; before: unknown; after: unknown }>`
      SELECT a.id, a.at, a.actor_label, a.action, a.entity_type, a.entity_id, a.before, a.after
      FROM unnest(${entityTypes}::text[], ${entityIds}::text[]) AS e(entity_type, entity_id)
      JOIN audit_log a ON a.entity_type = e.entity_type AND a.entity_id = e.entity_id
      ORDER BY a.id`.execute(db),
  ]);

  const customerDefs = definitions.filter((d) => d.entity_type === "customer");
  const describeCustomer = (c: (typeof customers)[number]) => ({
    id: c.id,
    kind: c.kind,
    name: c.name,
    email: c.email,
    phone: c.phone,
    country: c.country,
    language: c.language,
    segment: c.segment,
    tier: c.tier,
    customFields: customerDefs
      .filter((d) => c.custom?.[d.key] !== undefined && c.custom?.[d.key] !== null)
      .map((d) => ({ key: d.key, label: d.label, type: d.type, value: c.custom[d.key] })),
    custom: c.custom ?? {},
    externalSource: c.external_source,
    externalId: c.external_id,
    mergedIntoId: c.merged_into_id,
    createdAt: iso(c.created_at),
    updatedAt: iso(c.updated_at),
    archivedAt: isoOrNull(c.archived_at),
    erasedAt: isoOrNull(c.erased_at),
  });
  const survivor = customers.find((c) => c.id === profile.id)!;
  const record = {
    format: "frontline.customer-record/1",
    exportedAt: new Date().toISOString(),
    requestedId: customerId,
    customer: describeCustomer(survivor),
    mergedRecords: customers.filter((c) => c.id !== profile.id).map(describeCustomer),
    contacts: contacts.map((c) => ({
      id: c.id,
      customerId: c.customer_id,
      firstName: c.first_name,
      lastName: c.last_name,
      email: c.email,
      phone: c.phone,
      title: c.title,
      externalSource: c.external_source,
      externalId: c.external_id,
      createdAt: iso(c.created_at),
      updatedAt: iso(c.updated_at),
      archivedAt: isoOrNull(c.archived_at),
    })),
    cases: cases.map((c) => ({
      id: c.id,
      caseNumber: c.case_number,
      customerId: c.customer_id,
      contactId: c.contact_id,
      subject: c.subject,
      description: c.description,
      status: c.status,
      priority: c.priority,
      origin: c.origin,
      ownerAgentId: c.owner_agent_id,
      ownerName: c.owner_name,
      openedAt: iso(c.opened_at),
      closedAt: isoOrNull(c.closed_at),
      externalSource: c.external_source,
      externalId: c.external_id,
    })),
    notes: notes.map((n) => ({ id: n.id, customerId: n.customer_id, body: n.body, author: n.author_name, createdAt: iso(n.created_at) })),
    interactions: interactions.map((i) => ({
      id: i.id,
      customerId: i.customer_id,
      channel: i.channel,
      direction: i.direction,
      startedAt: iso(i.started_at),
      endedAt: isoOrNull(i.ended_at),
      subject: i.subject,
      summary: i.summary,
      outcome: i.outcome,
      caseId: i.case_id,
      agent: i.agent_name ?? i.imported_owner,
      shiftId: i.shift_id,
      offShift: i.off_shift,
      source: i.source,
      csat: i.csat,
    })),
    fieldHistory: history.rows.map((f) => ({
      entityType: f.entity_type,
      entityId: f.entity_id,
      field: f.field,
      oldValue: f.old_value,
      newValue: f.new_value,
      changedBy: f.changed_by_name,
      changedAt: iso(f.changed_at),
    })),
    auditEntries: audit.rows.map((a) => ({
      id: Number(a.id),
      at: iso(a.at),
      actor: a.actor_label,
      action: a.action,
      entityType: a.entity_type,
      entityId: a.entity_id,
      before: a.before,
      after: a.after,
    })),
  };
  await recordAudit(db, actor, {
    action: "customer.export_record",
    entityType: "customer",
    entityId: profile.id,
    after: {
      format: "json",
      requestedId: customerId,
      mergedRecords: record.mergedRecords.length,
      contacts: record.contacts.length,
      cases: record.cases.length,
      notes: record.notes.length,
      interactions: record.interactions.length,
      fieldChanges: record.fieldHistory.length,
      auditEntries: record.auditEntries.length,
    },
  });
  return record;
}
