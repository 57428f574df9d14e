import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import { CrmError } from "./crm.errors";
import type { EraseCustomerInput } from "./export.schema";
import { customerWithMergedIds } from "./export.service";

/** What an erased customer is called; the search trigger drops erased customers' words. */
export const ERASED_NAME = "Erased customer";
export const ERASED_CONTACT_NAME = "Erased contact";
/** What replaces erased free text and recorded values. */
export const ERASED_TEXT = "[erased]";

const ERASED_JSON = sql`${JSON.stringify(ERASED_TEXT)}::jsonb`;

/**
 * A jsonb value with its personal parts replaced: for an object, the values of every key (or of
 * only the keys listed) become "[erased]", so the entry still says which fields were touched;
 * any other non-null value is replaced whole.
 */
function scrubbedJson(column: RawBuilder<unknown>, keys: { only: string[] } | { except: string[] }): RawBuilder<unknown> {
  const erase = "only" in keys ? sql`k = ANY (${keys.only}::text[])` : sql`NOT (k = ANY (${keys.except}::text[]))`;
  return sql`CASE
    WHEN ${column} IS NULL OR ${column} = 'null'::jsonb THEN ${column}
    WHEN jsonb_typeof(${column}) = 'object' THEN (
      SELECT coalesce(jsonb_object_agg(k, CASE WHEN ${erase} THEN ${ERASED_JSON} ELSE ${column} -> k END), '{}'::jsonb)
      FROM jsonb_object_keys(${column}) AS k)
    ELSE ${ERASED_JSON} END`;
}

export interface ErasureResult {
  customerId: string;
  erasedAt: string;
  records: number;
  contacts: number;
  cases: number;
  notes: number;
  interactions: number;
  fieldChanges: number;
  auditEntries: number;
}

/**
 * CSV exports of a search keep what was typed (`filter.q`), which may have been the person's
 * name, email or phone. Those searches become "[erased]": any that holds one of the person's
 * name words (3+ letters), email or phone digits, that the name contains (3+ characters), or
 * whose digits (6+) are part of the person's phone number.
 */
async function scrubExportSearches(db: Kysely<Database>, ids: string[]): Promise<number> {
  const people = await db.selectFrom("customers").select(["name", "email", "phone", "phone_national"]).where("id", "in", ids).execute();
  const names = people.map((p) => p.name.toLowerCase());
  const phones = people.flatMap((p) => (p.phone ? [p.phone.replace(/\D/g, "")] : []));
  const terms = new Set<string>();
  for (const p of people) {
    for (const word of p.name.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (word.length >= 3) terms.add(word);
    if (p.email) terms.add(p.email.toLowerCase());
    if (p.phone) terms.add(p.phone.replace(/\D/g, ""));
    if (p.phone_national && p.phone_national.length >= 6) terms.add(p.phone_national);
  }
  if (terms.size === 0) return 0;
  const q = sql`lower(after #>> '{filter,q}')`;
  const digits = sql`regexp_replace(after #>> '{filter,q}', '\\D', '', 'g')`;
  const result = await sql`
    UPDATE audit_log SET after = jsonb_set(after, '{filter,q}', ${ERASED_JSON})
     WHERE action = 'customer.export' AND after #>> '{filter,q}' IS NOT NULL
       AND (EXISTS (SELECT 1 FROM unnest(${[...terms]}::text[]) AS t(term) WHERE position(t.term IN ${q}) > 0)
            OR (length(${q}) >= 3 AND EXISTS (SELECT 1 FROM unnest(${names}::text[]) AS n(name) WHERE position(${q} IN n.name) > 0))
            OR (length(${digits}) >= 6 AND EXISTS (SELECT 1 FROM unnest(${phones}::text[]) AS f(phone) WHERE position(${digits} IN f.phone) > 0)))`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Erases a person customer (a right-to-erasure request), in the caller's transaction, with the
 * customer's row locked. Personal data is removed and the history is kept, anonymised:
 * - the customer, and every record merged into it: name "Erased customer"; email, phone,
 *   language, segment, tier and all custom values cleared. Kept: id, kind, country (coarse, for
 *   statistics), external ids (so a Salesforce re-import recognises and skips the record),
 *   created/archived times; erased_at is set, which drops it from search and from the list;
 * - its contacts: names, email, phone and title cleared, archived;
 * - its notes: the body becomes "[erased]" (notes are free text about the person); author and time kept;
 * - its interactions: subject and summary become "[erased]"; channel, times, agent, shift, outcome kept;
 * - its cases: subject and description become "[erased]"; number, status, priority, origin,
 *   owner and times kept (workload statistics);
 * - field history of the customer and its contacts: old and new values "[erased]"; of its cases,
 *   subject changes only; who, when and which field kept;
 * - audit entries about the customer and its contacts: before/after values "[erased]" (keys kept,
 *   `kind` too); about its cases: subject and description only; CSV exports of a search that
 *   named the person (see scrubExportSearches): the search text.
 * One `customer.erase` audit entry records the reason and the counts, no personal data.
 */
export async function eraseCustomer(db: Kysely<Database>, actor: Actor, input: EraseCustomerInput): Promise<ErasureResult> {
  const customer = await db
    .selectFrom("customers")
    .select(["id", "kind", "merged_into_id", "erased_at"])
    .where("id", "=", input.customerId)
    .forUpdate()
    .executeTakeFirst();
  if (!customer) throw new CrmError("NOT_FOUND", "No such customer.");
  if (customer.erased_at) throw new CrmError("INVALID", "This customer was already erased.");
  if (customer.merged_into_id) {
    throw new CrmError(
      "INVALID",
      "This record was merged into another customer; erase the surviving record, which erases this one with it.",
    );
  }
  if (customer.kind !== "person") {
    throw new CrmError(
      "INVALID",
      "Only a person can be erased. A company's record is not a person's data; edit or archive its contacts instead.",
    );
  }

  const ids = await customerWithMergedIds(db, customer.id);
  await db.selectFrom("customers").select("id").where("id", "in", ids).orderBy("id").forUpdate().execute();
  const erasedAt = new Date();

  const contacts = await db
    .updateTable("contacts")
    .set((eb) => ({
      first_name: null,
      last_name: ERASED_CONTACT_NAME,
      email: null,
      phone: null,
      title: null,
      archived_at: eb.fn.coalesce("archived_at", sql<Date>`${erasedAt}::timestamptz`),
      updated_at: erasedAt,
    }))
    .where("customer_id", "in", ids)
    .returning("id")
    .execute();
  const contactIds = contacts.map((c) => c.id);

  const cases = await db
    .updateTable("cases")
    .set((eb) => ({
      subject: ERASED_TEXT,
      description: eb.case().when("description", "is", null).then(null).else(ERASED_TEXT).end(),
      updated_at: erasedAt,
    }))
    .where("customer_id", "in", ids)
    .returning("id")
    .execute();
  const caseIds = cases.map((c) => c.id);

  const notes = await db.updateTable("customer_notes").set({ body: ERASED_TEXT }).where("customer_id", "in", ids).executeTakeFirst();
  // Interactions: what was said is about the person; channel, times, agent, shift and outcome stay (they are the agents' work record).
  const interactions = await db
    .updateTable("interactions")
    .set((eb) => ({ subject: ERASED_TEXT, summary: eb.case().when("summary", "is", null).then(null).else(ERASED_TEXT).end() }))
    .where("customer_id", "in", ids)
    .executeTakeFirst();

  const erasedValue = (column: RawBuilder<unknown>) =>
    sql`CASE WHEN ${column} IS NULL OR ${column} = 'null'::jsonb THEN ${column} ELSE ${ERASED_JSON} END`;
  const history = await sql`
    UPDATE field_history SET old_value = ${erasedValue(sql`old_value`)}, new_value = ${erasedValue(sql`new_value`)}
    WHERE (entity_type = 'customer' AND entity_id = ANY (${ids}::uuid[]))
       OR (entity_type = 'contact' AND entity_id = ANY (${contactIds}::uuid[]))
       OR (entity_type = 'case' AND entity_id = ANY (${caseIds}::uuid[]) AND field IN ('subject', 'description'))`.execute(db);

  const personalKeys = { except: ["kind"] };
  const caseKeys = { only: ["subject", "description"] };
  const scrub = async (entityType: string, entityIds: string[], keys: { only: string[] } | { except: string[] }) => {
    if (entityIds.length === 0) return 0;
    const result = await sql`
      UPDATE audit_log SET before = ${scrubbedJson(sql`before`, keys)}, after = ${scrubbedJson(sql`after`, keys)}
      WHERE entity_type = ${entityType} AND entity_id = ANY (${entityIds}::text[])`.execute(db);
    return Number(result.numAffectedRows ?? 0);
  };
  const auditEntries =
    (await scrub("customer", ids, personalKeys)) +
    (await scrub("contact", contactIds, personalKeys)) +
    (await scrub("case", caseIds, caseKeys)) +
    (await scrubExportSearches(db, ids));

  await db
    .updateTable("customers")
    .set({
      name: ERASED_NAME,
      email: null,
      phone: null,
      language: null,
      segment: null,
      tier: null,
      custom: sql`'{}'::jsonb`,
      erased_at: erasedAt,
      updated_at: erasedAt,
    })
    .where("id", "in", ids)
    .execute();

  const result: ErasureResult = {
    customerId: customer.id,
    erasedAt: erasedAt.toISOString(),
    records: ids.length,
    contacts: contactIds.length,
    cases: caseIds.length,
    notes: Number(notes.numUpdatedRows),
    interactions: Number(interactions.numUpdatedRows),
    fieldChanges: Number(history.numAffectedRows ?? 0),
    auditEntries,
  };
  await recordAudit(db, actor, {
    action: "customer.erase",
    entityType: "customer",
    entityId: customer.id,
    after: {
      reason: input.reason,
      records: result.records,
      contacts: result.contacts,
      cases: result.cases,
      notes: result.notes,
      fieldChanges: result.fieldChanges,
      auditEntries: result.auditEntries,
    },
  });
  return result;
}
