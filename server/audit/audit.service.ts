import { sql, type Kysely } from "kysely";
import type { AuditEntry, Database } from "../../db/schema";

/** Who is acting: a signed-in user, or a named system actor such as the command line. */
export interface Actor {
  id: string | null;
  label: string;
  ip: string | null;
}

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

function asJson(value: unknown) {
  return value === undefined || value === null ? null : sql`${JSON.stringify(value)}::jsonb`;
}

/** Appends one entry. Call it inside the same transaction as the change it describes. */
export async function recordAudit(db: Kysely<Database>, actor: Actor, record: AuditRecord): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      actor_id: actor.id,
      actor_label: actor.label,
      action: record.action,
      entity_type: record.entityType,
      entity_id: record.entityId,
      before: asJson(record.before),
      after: asJson(record.after),
      ip: actor.ip,
    })
    .execute();
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  /** Keyset cursor: the id of the last entry of the previous page. */
  before?: number;
  limit: number;
}

export interface AuditPage {
  entries: (AuditEntry & { actor_email: string | null })[];
  nextCursor: number | null;
}

/** Newest first, by keyset on the identity column (ids grow with time). */
export async function listAudit(db: Kysely<Database>, q: AuditQuery): Promise<AuditPage> {
  let query = db
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.actor_id")
    .selectAll("audit_log")
    .select("users.email as actor_email")
    .orderBy("audit_log.id", "desc")
    .limit(q.limit + 1);
  if (q.entityType) query = query.where("audit_log.entity_type", "=", q.entityType);
  if (q.entityId) query = query.where("audit_log.entity_id", "=", q.entityId);
  if (q.actorId) query = query.where("audit_log.actor_id", "=", q.actorId);
  if (q.action) query = query.where("audit_log.action", "=", q.action);
  if (q.before !== undefined) query = query.where("audit_log.id", "<", q.before);
  const rows = await query.execute();
  const entries = rows.slice(0, q.limit);
  return {
    entries,
    nextCursor: rows.length > q.limit ? Number(entries[entries.length - 1]!.id) : null,
  };
}
