import { sql, type Expression, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import { e164OrThrow } from "./contact-fields";
import type { CreateContactInput, UpdateContactInput } from "./crm.schema";
import { CrmError } from "./crm.errors";

/** Contact fields whose every change is kept in field_history. */
export const CONTACT_TRACKED_FIELDS = ["first_name", "last_name", "email", "phone", "title"] as const;
type ContactTrackedField = (typeof CONTACT_TRACKED_FIELDS)[number];

export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

function json(value: unknown) {
  return value === undefined ? null : sql`${JSON.stringify(value)}::jsonb`;
}

/** Appends field_history rows for one record, in the caller's transaction. */
export async function recordFieldChanges(
  db: Kysely<Database>,
  actor: Actor,
  entityType: "customer" | "contact" | "case",
  entityId: string,
  changes: FieldChange[],
): Promise<void> {
  if (changes.length === 0) return;
  await db
    .insertInto("field_history")
    .values(
      changes.map((c) => ({
        entity_type: entityType,
        entity_id: entityId,
        field: c.field,
        old_value: json(c.old),
        new_value: json(c.new),
        changed_by: actor.id,
      })),
    )
    .execute();
}

function contactPhone(raw: string | null | undefined, country: string | null): string | null {
  return raw ? e164OrThrow(raw, country) : null;
}

/** The customer a contact or case is written against: it must exist and still be live. */
export async function writableCustomer(db: Kysely<Database>, customerId: string) {
  const customer = await db
    .selectFrom("customers")
    .select(["id", "kind", "country", "merged_into_id", "erased_at"])
    .where("id", "=", customerId)
    // Share-locked: a merge (which locks both customers for update) waits, so nothing lands on a merged-away record.
    .forShare()
    .executeTakeFirst();
  if (!customer) throw new CrmError("NOT_FOUND", "No such customer.");
  if (customer.merged_into_id) throw new CrmError("INVALID", "This customer was merged into another record; edit the survivor.");
  if (customer.erased_at) throw new CrmError("INVALID", "This customer was erased.");
  return customer;
}

export async function createContact(db: Kysely<Database>, actor: Actor, input: CreateContactInput) {
  const customer = await writableCustomer(db, input.customerId);
  if (customer.kind !== "company") {
    throw new CrmError("INVALID", "Only a company has contacts; this customer is a person.", "customerId");
  }
  const created = await db
    .insertInto("contacts")
    .values({
      customer_id: customer.id,
      first_name: input.firstName || null,
      last_name: input.lastName,
      email: input.email || null,
      phone: contactPhone(input.phone, customer.country),
      title: input.title || null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(db, actor, {
    action: "contact.created",
    entityType: "contact",
    entityId: created.id,
    after: { customerId: customer.id, lastName: created.last_name },
  });
  return created;
}

/** Updates the fields given; each tracked change is written to field_history in the same transaction. */
export async function updateContact(db: Kysely<Database>, actor: Actor, input: UpdateContactInput) {
  const before = await db.selectFrom("contacts").selectAll().where("id", "=", input.contactId).forUpdate().executeTakeFirst();
  if (!before) throw new CrmError("NOT_FOUND", "No such contact.");
  const customer = await writableCustomer(db, before.customer_id);
  const next: Partial<Record<ContactTrackedField, string | null>> = {};
  if (input.firstName !== undefined) next.first_name = input.firstName || null;
  if (input.lastName !== undefined) next.last_name = input.lastName;
  if (input.email !== undefined) next.email = input.email || null;
  if (input.phone !== undefined) next.phone = contactPhone(input.phone, customer.country);
  if (input.title !== undefined) next.title = input.title || null;
  const changes: FieldChange[] = [];
  for (const [field, value] of Object.entries(next) as [ContactTrackedField, string | null][]) {
    if ((before[field] ?? null) !== value) changes.push({ field, old: before[field] ?? null, new: value });
  }
  if (changes.length === 0) return before;
  const updated = await db
    .updateTable("contacts")
    .set({ ...next, last_name: next.last_name ?? undefined, updated_at: new Date() })
    .where("id", "=", before.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordFieldChanges(db, actor, "contact", before.id, changes);
  await recordAudit(db, actor, {
    action: "contact.updated",
    entityType: "contact",
    entityId: before.id,
    before: Object.fromEntries(changes.map((c) => [c.field, c.old])),
    after: Object.fromEntries(changes.map((c) => [c.field, c.new])),
  });
  return updated;
}

export async function archiveContact(db: Kysely<Database>, actor: Actor, contactId: string): Promise<void> {
  const row = await db.selectFrom("contacts").select(["id", "archived_at"]).where("id", "=", contactId).forUpdate().executeTakeFirst();
  if (!row) throw new CrmError("NOT_FOUND", "No such contact.");
  if (row.archived_at) return;
  await db.updateTable("contacts").set({ archived_at: new Date(), updated_at: new Date() }).where("id", "=", contactId).execute();
  await recordAudit(db, actor, { action: "contact.archived", entityType: "contact", entityId: contactId });
}

/** The query behind listContacts; the customer may be a value or a column of an outer query (the customer 360). */
export function contactsQuery(db: Kysely<Database>, customerId: string | Expression<string>, options: { includeArchived?: boolean } = {}) {
  let query = db
    .selectFrom("contacts")
    .selectAll()
    .where("customer_id", "=", customerId)
    .orderBy("last_name")
    .orderBy("first_name")
    .orderBy("id");
  if (!options.includeArchived) query = query.where("archived_at", "is", null);
  return query;
}

/** A customer's contacts by name; archived ones only when asked for. */
export async function listContacts(db: Kysely<Database>, customerId: string, options: { includeArchived?: boolean } = {}) {
  return contactsQuery(db, customerId, options).execute();
}
