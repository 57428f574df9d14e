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
  entries: (AuditEntry & { actor_email: string | null; entity_label: string | null })[];
  nextCursor: number | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Names the records a page mentions (users by email), with one indexed lookup per page. */
async function entityLabels(db: Kysely<Database>, entries: AuditEntry[]): Promise<Map<string, string>> {
  const userIds = [
    ...new Set(entries.filter((e) => e.entity_type === "user" && e.entity_id && UUID.test(e.entity_id)).map((e) => e.entity_id!)),
  ];
  if (userIds.length === 0) return new Map();
  const users = await db.selectFrom("users").select(["id", "email"]).where("id", "in", userIds).execute();
  return new Map(users.map((u) => [`user:${u.id}`, u.email]));
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
  const page = rows.slice(0, q.limit);
  const labels = await entityLabels(db, page);
  const entries = page.map((e) => ({ ...e, entity_label: labels.get(`${e.entity_type}:${e.entity_id}`) ?? null }));
  return {
    entries,
    nextCursor: rows.length > q.limit ? Number(page[page.length - 1]!.id) : null,
  };
}

/**
 * The actions and record types the log holds, for the audit page's filters:
 * a loose index scan (each next distinct value is one index probe), so the
 * cost follows the number of distinct values, not the size of the log.
 */
export async function auditFacets(db: Kysely<Database>): Promise<{ actions: string[]; entityTypes: string[] }> {
  const [actions, entityTypes] = await Promise.all([distinctValues(db, "action"), distinctValues(db, "entity_type")]);
  return { actions, entityTypes };
}

/** The distinct values of an indexed column, each found by one index probe past the one before. */
async function distinctValues(db: Kysely<Database>, column: "action" | "entity_type"): Promise<string[]> {
  const c = sql.ref(column);
  const { rows } = await sql<{ v: string }>`
    WITH RECURSIVE d(v) AS (
      (SELECT ${c} FROM audit_log ORDER BY ${c} LIMIT 1)
      UNION ALL
      SELECT (SELECT ${c} FROM audit_log WHERE ${c} > d.v ORDER BY ${c} LIMIT 1) FROM d WHERE d.v IS NOT NULL
    )
    SELECT v FROM d WHERE v IS NOT NULL`.execute(db);
  return rows.map((r) => r.v);
}
