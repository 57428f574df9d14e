import type { Expression, Kysely } from "kysely";
import type { CaseStatus, Database } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import { recordFieldChanges, writableCustomer, type FieldChange } from "./contacts.service";
import type { CreateCaseInput, UpdateCaseInput } from "./crm.schema";
import { CrmError } from "./crm.errors";

/** Case fields whose every change is kept in field_history. */
export const CASE_TRACKED_FIELDS = ["subject", "status", "priority", "owner_agent_id", "origin"] as const;
type CaseTrackedField = (typeof CASE_TRACKED_FIELDS)[number];

async function assertAgentExists(db: Kysely<Database>, agentId: string | null | undefined) {
  if (!agentId) return;
  const agent = await db.selectFrom("agents").select("id").where("id", "=", agentId).executeTakeFirst();
  if (!agent) throw new CrmError("INVALID", "No such agent to own this case.", "ownerAgentId");
}

async function assertContactOf(db: Kysely<Database>, customerId: string, contactId: string | null | undefined) {
  if (!contactId) return;
  const contact = await db.selectFrom("contacts").select("customer_id").where("id", "=", contactId).executeTakeFirst();
  if (!contact || contact.customer_id !== customerId) {
    throw new CrmError("INVALID", "That contact does not belong to this customer.", "contactId");
  }
}

export async function createCase(db: Kysely<Database>, actor: Actor, input: CreateCaseInput) {
  const customer = await writableCustomer(db, input.customerId);
  await assertAgentExists(db, input.ownerAgentId);
  await assertContactOf(db, customer.id, input.contactId);
  const now = new Date();
  const created = await db
    .insertInto("cases")
    .values({
      customer_id: customer.id,
      contact_id: input.contactId ?? null,
      subject: input.subject,
      description: input.description || null,
      status: input.status,
      priority: input.priority,
      origin: input.origin ?? null,
      owner_agent_id: input.ownerAgentId ?? null,
      opened_at: now,
      // cases_closed_has_time: a case is closed exactly when it has a closing time.
      closed_at: input.status === "closed" ? now : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(db, actor, {
    action: "case.created",
    entityType: "case",
    entityId: created.id,
    after: { customerId: customer.id, caseNumber: created.case_number, status: created.status, priority: created.priority },
  });
  return created;
}

/**
 * Updates the fields given. Closing stamps closed_at; reopening (any other
 * status) clears it. Tracked changes go to field_history in the same transaction.
 */
export async function updateCase(db: Kysely<Database>, actor: Actor, input: UpdateCaseInput) {
  const before = await db.selectFrom("cases").selectAll().where("id", "=", input.caseId).forUpdate().executeTakeFirst();
  if (!before) throw new CrmError("NOT_FOUND", "No such case.");
  if (input.ownerAgentId !== undefined) await assertAgentExists(db, input.ownerAgentId);
  if (input.contactId !== undefined) await assertContactOf(db, before.customer_id, input.contactId);

  const next: Partial<Record<CaseTrackedField, string | null>> = {};
  if (input.subject !== undefined) next.subject = input.subject;
  if (input.status !== undefined) next.status = input.status;
  if (input.priority !== undefined) next.priority = input.priority;
  if (input.ownerAgentId !== undefined) next.owner_agent_id = input.ownerAgentId ?? null;
  if (input.origin !== undefined) next.origin = input.origin ?? null;
  const changes: FieldChange[] = [];
  for (const [field, value] of Object.entries(next) as [CaseTrackedField, string | null][]) {
    if ((before[field] ?? null) !== value) changes.push({ field, old: before[field] ?? null, new: value });
  }
  const description = input.description === undefined ? undefined : input.description || null;
  const contactId = input.contactId === undefined ? undefined : input.contactId ?? null;
  const untrackedChanged =
    (description !== undefined && description !== before.description) || (contactId !== undefined && contactId !== before.contact_id);
  if (changes.length === 0 && !untrackedChanged) return before;

  const status = (next.status ?? before.status) as CaseStatus;
  let closedAt = before.closed_at;
  if (status === "closed" && before.status !== "closed") closedAt = new Date();
  if (status !== "closed") closedAt = null;

  const updated = await db
    .updateTable("cases")
    .set({
      subject: input.subject,
      status,
      priority: input.priority,
      origin: next.origin,
      owner_agent_id: next.owner_agent_id,
      description,
      contact_id: contactId,
      closed_at: closedAt,
      updated_at: new Date(),
    })
    .where("id", "=", before.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordFieldChanges(db, actor, "case", before.id, changes);
  await recordAudit(db, actor, {
    action: auditAction(before.status, updated.status),
    entityType: "case",
    entityId: before.id,
    before: Object.fromEntries(changes.map((c) => [c.field, c.old])),
    after: Object.fromEntries(changes.map((c) => [c.field, c.new])),
  });
  return updated;
}

function auditAction(from: CaseStatus, to: CaseStatus) {
  if (from !== "closed" && to === "closed") return "case.closed";
  if (from === "closed" && to !== "closed") return "case.reopened";
  return "case.updated";
}

/** A customer's cases with their owner's name. Open = every status but closed; closed ones come most recently closed first. */
/** The query behind listCases; the customer may be a value or a column of an outer query (the customer 360). */
export function casesQuery(
  db: Kysely<Database>,
  customerId: string | Expression<string>,
  options: { status: "open" | "closed" | "all"; limit?: number },
) {
  let query = db
    .selectFrom("cases")
    .leftJoin("agents", "agents.id", "cases.owner_agent_id")
    .leftJoin("users", "users.id", "agents.user_id")
    .selectAll("cases")
    .select("users.name as owner_name")
    .where("cases.customer_id", "=", customerId)
    .limit(options.limit ?? 50);
  if (options.status === "open") query = query.where("cases.status", "<>", "closed");
  if (options.status === "closed") {
    query = query.where("cases.status", "=", "closed").orderBy("cases.closed_at", "desc");
  }
  return query.orderBy("cases.opened_at", "desc").orderBy("cases.id", "desc");
}

export async function listCases(
  db: Kysely<Database>,
  customerId: string,
  options: { status: "open" | "closed" | "all"; limit?: number },
) {
  return casesQuery(db, customerId, options).execute();
}
