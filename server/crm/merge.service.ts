import { sql, type Kysely, type Transaction } from "kysely";
import type { Customer, Database } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import { CrmError } from "./crm.errors";
import { MERGE_FIELDS, type MergeCustomersInput, type MergeField } from "./duplicates.schema";
import { openPairBetween, recordDuplicateCandidates } from "./duplicates.service";

/**
 * The tables whose rows belong to one customer (by customer_id) and follow it into the survivor.
 * Moving another table is one line here.
 */
const CHILD_TABLES = [
  { table: "contacts", label: "contacts" },
  { table: "cases", label: "cases" },
  { table: "customer_notes", label: "notes" },
  { table: "interactions", label: "interactions" },
] as const;

export type MovedCounts = Record<(typeof CHILD_TABLES)[number]["label"], number>;

type Side = "survivor" | "loser";
type Value = string | number | null;

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === "";
}

function json(value: unknown) {
  return sql`${JSON.stringify(value ?? null)}::jsonb`;
}

/** What the audit log keeps of a customer before and after a merge. */
function snapshot(c: Customer) {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    country: c.country,
    language: c.language,
    segment: c.segment,
    tier: c.tier,
    custom: c.custom,
  };
}

/** Whose value survives for one field: as picked, else the survivor's unless it is empty. */
function chooseSide(pick: Record<string, Side>, field: string, survivorValue: unknown): Side {
  return pick[field] ?? (isEmpty(survivorValue) ? "loser" : "survivor");
}

async function lockPair(db: Transaction<Database>, survivorId: string, loserId: string) {
  // Locked in id order, whichever side survives, so two merges of the same pair cannot deadlock.
  const rows = await db
    .selectFrom("customers")
    .selectAll()
    .where("id", "in", [survivorId, loserId])
    .orderBy("id")
    .forUpdate()
    .execute();
  const survivor = rows.find((r) => r.id === survivorId);
  const loser = rows.find((r) => r.id === loserId);
  if (!survivor) throw new CrmError("NOT_FOUND", "The customer to keep was not found.", "survivorId");
  if (!loser) throw new CrmError("NOT_FOUND", "The customer to merge away was not found.", "loserId");
  return { survivor, loser };
}

/** Why two customers cannot be merged, or null. */
function refusal(survivor: Customer, loser: Customer): CrmError | null {
  // The same pair merged meanwhile (another admin, another tab) is said so, not as "another customer".
  if (loser.merged_into_id === survivor.id) return new CrmError("INVALID", `${loser.name} is already merged into ${survivor.name}.`, "loserId");
  if (survivor.merged_into_id === loser.id) {
    return new CrmError("INVALID", `${survivor.name} was merged into ${loser.name} meanwhile; nothing is left to merge.`, "survivorId");
  }
  if (loser.merged_into_id) return new CrmError("INVALID", `${loser.name} was already merged into another customer.`, "loserId");
  if (survivor.merged_into_id) {
    return new CrmError("INVALID", `${survivor.name} was merged into another customer; merge into that one instead.`, "survivorId");
  }
  if (survivor.erased_at || loser.erased_at) return new CrmError("INVALID", "An erased customer cannot be merged.");
  // Contacts belong only to companies: a company merged into a person would leave a person with contacts.
  if (survivor.kind !== loser.kind) {
    return new CrmError("INVALID", `A ${loser.kind} cannot be merged into a ${survivor.kind}; only records of the same kind merge.`);
  }
  return null;
}

/**
 * Merges `loser` into `survivor`, in the caller's transaction: the picked values are written to
 * the survivor (each change in field_history, by the acting admin), the loser's contacts, cases
 * and notes move to the survivor, the loser stays as an archived record whose merged_into_id names
 * the survivor (its id still resolves), records merged into the loser now point at the survivor,
 * the pair is marked merged, the survivor's duplicates are re-checked, and one audit entry
 * (customer.merge) keeps both records before and the survivor after.
 *
 * The loser's own field history stays on the loser (it describes that record); the survivor's
 * timeline shows the moved cases and notes, the picked values as field changes, and a
 * "merged_from" entry naming the loser.
 */
export async function mergeCustomers(db: Transaction<Database>, actor: Actor, input: MergeCustomersInput) {
  if (input.survivorId === input.loserId) throw new CrmError("INVALID", "A customer cannot be merged into itself.", "loserId");
  const { survivor, loser } = await lockPair(db, input.survivorId, input.loserId);
  const refused = refusal(survivor, loser);
  if (refused) throw refused;

  const pick = input.pick;
  const changes: { field: string; old: Value; new: Value }[] = [];
  const next: Partial<Record<MergeField, string | null>> = {};
  for (const field of MERGE_FIELDS) {
    if (chooseSide(pick, field, survivor[field]) !== "loser") continue;
    const value = loser[field];
    if (field === "name" && isEmpty(value)) continue;
    if ((survivor[field] ?? null) !== (value ?? null)) {
      next[field] = value ?? null;
      changes.push({ field, old: survivor[field] ?? null, new: value ?? null });
    }
  }
  const survivorCustom = survivor.custom as Record<string, Value>;
  const loserCustom = loser.custom as Record<string, Value>;
  const custom: Record<string, Value> = { ...survivorCustom };
  for (const key of new Set([...Object.keys(survivorCustom), ...Object.keys(loserCustom)])) {
    const field = `custom.${key}`;
    if (chooseSide(pick, field, survivorCustom[key]) !== "loser") continue;
    const value = loserCustom[key] ?? null;
    if ((survivorCustom[key] ?? null) !== value) {
      custom[key] = value;
      changes.push({ field, old: survivorCustom[key] ?? null, new: value });
    }
  }
  for (const field of Object.keys(pick)) {
    const known = (MERGE_FIELDS as readonly string[]).includes(field) || field.slice("custom.".length) in survivorCustom || field.slice("custom.".length) in loserCustom;
    if (!known) throw new CrmError("INVALID", `Neither customer has a value for ${field}.`, `pick.${field}`);
  }

  const now = new Date();
  if (changes.length > 0) {
    await db
      .updateTable("customers")
      .set({ ...next, name: next.name ?? undefined, custom: json(custom), updated_at: now })
      .where("id", "=", survivor.id)
      .execute();
  }
  await db
    .insertInto("field_history")
    .values([
      ...changes.map((c) => ({ field: c.field, old_value: json(c.old), new_value: json(c.new) })),
      { field: "merged_from", old_value: json(null), new_value: json(`${loser.name} (${loser.id})`) },
    ].map((row) => ({ ...row, entity_type: "customer", entity_id: survivor.id, changed_by: actor.id, changed_at: now })))
    .execute();

  const moved = {} as MovedCounts;
  for (const child of CHILD_TABLES) {
    const result = await sql`UPDATE ${sql.table(child.table)} SET customer_id = ${survivor.id} WHERE customer_id = ${loser.id}`.execute(db);
    moved[child.label] = Number(result.numAffectedRows ?? 0);
  }

  // Records merged into the loser earlier now point straight at the survivor (no chains).
  await db.updateTable("customers").set({ merged_into_id: survivor.id, updated_at: now }).where("merged_into_id", "=", loser.id).execute();
  await db
    .updateTable("customers")
    .set({ merged_into_id: survivor.id, archived_at: loser.archived_at ?? now, updated_at: now })
    .where("id", "=", loser.id)
    .execute();

  // The pair (flagged or not) is decided; the loser's other open suspicions go, and the survivor —
  // perhaps with new values — is checked again (it may look like the loser's other duplicates).
  await db
    .updateTable("customer_duplicates")
    .set({ status: "merged", decided_by: actor.id, decided_at: now })
    .where("customer_a", "=", sql<string>`least(${survivor.id}::uuid, ${loser.id}::uuid)`)
    .where("customer_b", "=", sql<string>`greatest(${survivor.id}::uuid, ${loser.id}::uuid)`)
    .execute();
  await db
    .deleteFrom("customer_duplicates")
    .where("status", "=", "open")
    .where((eb) => eb.or([eb("customer_a", "=", loser.id), eb("customer_b", "=", loser.id)]))
    .execute();
  await recordDuplicateCandidates(db, survivor.id);

  const after = await db.selectFrom("customers").selectAll().where("id", "=", survivor.id).executeTakeFirstOrThrow();
  await recordAudit(db, actor, {
    action: "customer.merge",
    entityType: "customer",
    entityId: survivor.id,
    before: { survivor: snapshot(survivor), loser: snapshot(loser) },
    after: { survivor: snapshot(after), loserId: loser.id, changed: changes.map((c) => c.field), moved },
  });
  return { survivorId: survivor.id, loserId: loser.id, changed: changes.map((c) => c.field), moved };
}

async function countChildren(db: Kysely<Database>, customerId: string): Promise<MovedCounts> {
  const counts = {} as MovedCounts;
  for (const child of CHILD_TABLES) {
    const result = await sql<{ n: string | number }>`SELECT count(*) AS n FROM ${sql.table(child.table)} WHERE customer_id = ${customerId}`.execute(db);
    counts[child.label] = Number(result.rows[0]?.n ?? 0);
  }
  return counts;
}

/** What the merge page shows: both records as they are, what each holds, and why they were flagged. */
export async function mergePreview(db: Kysely<Database>, survivorId: string, loserId: string) {
  if (survivorId === loserId) throw new CrmError("INVALID", "A customer cannot be merged into itself.", "loserId");
  const rows = await db.selectFrom("customers").selectAll().where("id", "in", [survivorId, loserId]).execute();
  const survivor = rows.find((r) => r.id === survivorId);
  const loser = rows.find((r) => r.id === loserId);
  if (!survivor || !loser) throw new CrmError("NOT_FOUND", "No such customer.");
  const [survivorCounts, loserCounts, pair] = await Promise.all([
    countChildren(db, survivor.id),
    countChildren(db, loser.id),
    openPairBetween(db, survivor.id, loser.id),
  ]);
  const view = (c: Customer) => ({
    id: c.id,
    kind: c.kind,
    name: c.name,
    email: c.email,
    phone: c.phone,
    country: c.country,
    language: c.language,
    segment: c.segment,
    tier: c.tier,
    custom: c.custom as Record<string, Value>,
    createdAt: new Date(c.created_at).toISOString(),
    archived: c.archived_at !== null,
  });
  return {
    survivor: { ...view(survivor), counts: survivorCounts },
    loser: { ...view(loser), counts: loserCounts },
    pair,
    /** Why the merge would be refused, or null. */
    problem: refusal(survivor, loser)?.message ?? null,
  };
}
