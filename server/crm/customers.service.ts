import { sql, type Expression, type Kysely } from "kysely";
import type { Customer, Database } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import { e164OrThrow } from "./contact-fields";
import type { CreateCustomerInput, UpdateCustomerInput } from "./crm.schema";
import { CrmError } from "./crm.errors";
import { recordDuplicateCandidates } from "./duplicates.service";
import { isoOf } from "../iso";

type CustomValue = string | number | null;

/** The fields whose every change is kept in field_history (like Salesforce field history tracking). */
export const TRACKED_FIELDS = ["name", "email", "phone", "country", "language", "segment", "tier"] as const;
type TrackedField = (typeof TRACKED_FIELDS)[number];

function json(value: unknown) {
  return value === undefined ? null : sql`${JSON.stringify(value)}::jsonb`;
}

/** undefined = not given; "" or null = clear it; anything else must be a real number. */
function normalizePhone(phone: string | null | undefined, country: string | null | undefined): string | null | undefined {
  if (phone === undefined) return undefined;
  return phone ? e164OrThrow(phone, country) : null;
}

/** Checks custom values against the admin's definitions for the record kind. */
async function validateCustom(db: Kysely<Database>, entityType: "customer", values: Record<string, CustomValue> | undefined) {
  if (!values || Object.keys(values).length === 0) return {};
  const definitions = await db.selectFrom("custom_field_definitions").selectAll().where("entity_type", "=", entityType).execute();
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const clean: Record<string, CustomValue> = {};
  for (const [key, value] of Object.entries(values)) {
    const def = byKey.get(key);
    if (!def) throw new CrmError("INVALID", `There is no custom field "${key}".`, `custom.${key}`);
    if (value === null || value === "") {
      clean[key] = null;
      continue;
    }
    const bad = (what: string) => new CrmError("INVALID", `${def.label}: ${what}`, `custom.${key}`);
    if (def.type === "number") {
      const n = typeof value === "number" ? value : Number(value);
      if (!Number.isFinite(n)) throw bad("enter a number.");
      clean[key] = n;
    } else if (def.type === "date") {
      if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw bad("use a date like 2026-03-08.");
      clean[key] = value;
    } else if (def.type === "picklist") {
      if (typeof value !== "string" || !def.options.includes(value)) throw bad(`choose one of ${def.options.join(", ")}.`);
      clean[key] = value;
    } else {
      if (typeof value !== "string" || value.length > 1000) throw bad("at most 1,000 characters of text.");
      clean[key] = value;
    }
  }
  return clean;
}

export async function createCustomer(db: Kysely<Database>, actor: Actor, input: CreateCustomerInput) {
  const custom = await validateCustom(db, "customer", input.custom);
  const created = await db
    .insertInto("customers")
    .values({
      kind: input.kind,
      name: input.name,
      email: input.email ?? null,
      phone: normalizePhone(input.phone, input.country) ?? null,
      country: input.country ?? null,
      language: input.language ?? null,
      segment: input.segment ?? null,
      tier: input.tier ?? null,
      custom: json(custom),
      created_by: actor.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(db, actor, { action: "customer.created", entityType: "customer", entityId: created.id, after: { name: created.name, kind: created.kind } });
  // Likely duplicates are flagged in the same transaction, and returned so the form can say so.
  const duplicates = await recordDuplicateCandidates(db, created.id);
  return { ...created, duplicates };
}

/**
 * A customer by id. A record merged away still resolves: its survivor is
 * returned, with `resolvedFrom` naming the id asked for.
 */
export async function getCustomer(db: Kysely<Database>, customerId: string): Promise<Customer & { resolvedFrom: string | null }> {
  let id = customerId;
  for (let hops = 0; hops < 10; hops++) {
    const row = await db.selectFrom("customers").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw new CrmError("NOT_FOUND", "No such customer.");
    if (!row.merged_into_id) return { ...row, resolvedFrom: id === customerId ? null : customerId };
    id = row.merged_into_id;
  }
  throw new CrmError("NOT_FOUND", "No such customer.");
}

/** Updates the fields given; each tracked change is written to field_history in the same transaction. */
export async function updateCustomer(db: Kysely<Database>, actor: Actor, input: UpdateCustomerInput) {
  const before = await db.selectFrom("customers").selectAll().where("id", "=", input.customerId).forUpdate().executeTakeFirst();
  if (!before) throw new CrmError("NOT_FOUND", "No such customer.");
  if (before.merged_into_id) throw new CrmError("INVALID", "This customer was merged into another record; edit the survivor.");
  if (before.erased_at) throw new CrmError("INVALID", "This customer was erased.");
  const country = input.country === undefined ? before.country : input.country;
  const next: Partial<Record<TrackedField, string | null>> = {};
  for (const field of TRACKED_FIELDS) {
    const value = input[field];
    if (value !== undefined) next[field] = field === "phone" ? (normalizePhone(value, country) ?? null) : value;
  }
  // A country change re-reads a stored national-format phone only when a new phone is given; E.164 needs no country.
  const changes: { field: string; old: unknown; new: unknown }[] = [];
  for (const [field, value] of Object.entries(next) as [TrackedField, string | null][]) {
    if ((before[field] ?? null) !== value) changes.push({ field, old: before[field] ?? null, new: value });
  }
  let custom = before.custom;
  if (input.custom) {
    const validated = await validateCustom(db, "customer", input.custom);
    custom = { ...before.custom, ...validated };
    for (const [key, value] of Object.entries(validated)) {
      if ((before.custom[key] ?? null) !== value) changes.push({ field: `custom.${key}`, old: before.custom[key] ?? null, new: value });
    }
  }
  if (changes.length === 0) return getCustomer(db, before.id);
  await db
    .updateTable("customers")
    .set({ ...next, name: next.name ?? undefined, custom: json(custom), updated_at: new Date() })
    .where("id", "=", before.id)
    .execute();
  await db
    .insertInto("field_history")
    .values(
      changes.map((c) => ({
        entity_type: "customer",
        entity_id: before.id,
        field: c.field,
        old_value: json(c.old),
        new_value: json(c.new),
        changed_by: actor.id,
      })),
    )
    .execute();
  await recordAudit(db, actor, {
    action: "customer.updated",
    entityType: "customer",
    entityId: before.id,
    before: Object.fromEntries(changes.map((c) => [c.field, c.old])),
    after: Object.fromEntries(changes.map((c) => [c.field, c.new])),
  });
  if (changes.some((c) => ["name", "email", "phone", "country"].includes(c.field))) await recordDuplicateCandidates(db, before.id);
  return getCustomer(db, before.id);
}

export async function archiveCustomer(db: Kysely<Database>, actor: Actor, customerId: string) {
  const row = await db.selectFrom("customers").select(["id", "archived_at"]).where("id", "=", customerId).forUpdate().executeTakeFirst();
  if (!row) throw new CrmError("NOT_FOUND", "No such customer.");
  if (row.archived_at) return;
  await db.updateTable("customers").set({ archived_at: new Date(), updated_at: new Date() }).where("id", "=", customerId).execute();
  await recordAudit(db, actor, { action: "customer.archived", entityType: "customer", entityId: customerId });
}

/**
 * Brings an archived customer back into search and lists. A merged-away record stays with its survivor
 * and an erased one stays erased: both are refused with the reason. Audited; flags duplicates anew,
 * since archived customers were left out of the check while they were archived.
 */
export async function restoreCustomer(db: Kysely<Database>, actor: Actor, customerId: string) {
  const row = await db
    .selectFrom("customers")
    .select(["id", "archived_at", "merged_into_id", "erased_at"])
    .where("id", "=", customerId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new CrmError("NOT_FOUND", "No such customer.");
  if (row.merged_into_id) throw new CrmError("INVALID", "This customer was merged into another record; restore the survivor instead.");
  if (row.erased_at) throw new CrmError("INVALID", "An erased customer cannot be restored.");
  if (!row.archived_at) return;
  await db.updateTable("customers").set({ archived_at: null, updated_at: new Date() }).where("id", "=", customerId).execute();
  await recordAudit(db, actor, { action: "customer.restored", entityType: "customer", entityId: customerId });
  await recordDuplicateCandidates(db, customerId);
}

/** The query behind fieldHistory, newest first; the record may be a value or a column of an outer query (the customer 360). */
export function fieldHistoryQuery(db: Kysely<Database>, entityType: string, entityId: string | Expression<string>, limit: number) {
  return db
    .selectFrom("field_history")
    .leftJoin("users", "users.id", "field_history.changed_by")
    .select([
      "field_history.id",
      "field_history.field",
      "field_history.old_value",
      "field_history.new_value",
      "field_history.changed_at",
      "users.name as changedByName",
    ])
    .where("field_history.entity_type", "=", entityType)
    .where("field_history.entity_id", "=", entityId)
    .orderBy("field_history.id", "desc")
    .limit(limit);
}

/** A field_history row (from pg, PGlite or JSON: the time may be a Date or text) as the API shows it. */
export function fieldHistoryEntry(r: { id: number | string; field: string; old_value: unknown; new_value: unknown; changed_at: Date | string; changedByName: string | null }) {
  return {
    id: Number(r.id),
    field: r.field,
    oldValue: r.old_value,
    newValue: r.new_value,
    changedAt: isoOf(r.changed_at),
    changedBy: r.changedByName,
  };
}

/** Field changes of a record, newest first, with who made them. */
export async function fieldHistory(db: Kysely<Database>, entityType: string, entityId: string, limit = 100) {
  const rows = await fieldHistoryQuery(db, entityType, entityId, limit).execute();
  return rows.map(fieldHistoryEntry);
}

export async function defineCustomField(
  db: Kysely<Database>,
  actor: Actor,
  input: { entityType: "customer" | "contact" | "case"; key: string; label: string; type: "text" | "number" | "date" | "picklist"; options: string[] },
) {
  const created = await db
    .insertInto("custom_field_definitions")
    .values({ entity_type: input.entityType, key: input.key, label: input.label, type: input.type, options: json(input.options) })
    .onConflict((oc) => oc.columns(["entity_type", "key"]).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!created) throw new CrmError("DUPLICATE_KEY", `A ${input.entityType} field with the key ${input.key} already exists.`, "key");
  await recordAudit(db, actor, { action: "custom_field.defined", entityType: "custom_field", entityId: created.id, after: input });
  return created;
}

export async function listCustomFields(db: Kysely<Database>, entityType: "customer" | "contact" | "case") {
  return db.selectFrom("custom_field_definitions").selectAll().where("entity_type", "=", entityType).orderBy("label").execute();
}
