import { sql, type Expression, type Kysely, type RawBuilder } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import { compiledOnce } from "../../db/compiled-once";
import type { Database } from "../../db/schema";
import { casesQuery } from "./cases.service";
import { contactsQuery } from "./contacts.service";
import { CrmError } from "./crm.errors";
import { fieldHistoryEntry, fieldHistoryQuery, getCustomer } from "./customers.service";
import { isoOf, isoOrNull } from "../iso";
import { cardQuery } from "../support/console.service";

export type TimelineKind = "case_opened" | "case_closed" | "note" | "field_change" | "interaction";

export interface TimelineItem {
  /** ISO instant, millisecond precision. */
  at: string;
  kind: TimelineKind;
  title: string;
  detail: string | null;
  ref: { type: string; id: string };
}

export interface TimelinePage {
  items: TimelineItem[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** Where the previous page ended: the exact (microsecond) instant, kind and id of its last item. */
interface Cursor {
  at: string;
  kind: string;
  id: string;
}

/**
 * One source of timeline items: a query over one table, filtered by customer
 * and by the cursor, ordered and limited in the database so that it can walk
 * an index backwards. Every branch selects the same columns:
 * at, kind, id, title, detail, ref_type, ref_id.
 */
interface TimelineSource {
  kind: TimelineKind;
  query(customerId: string | Expression<string>, after: (at: RawBuilder<unknown>, id: RawBuilder<unknown>) => RawBuilder<unknown>, limit: number): RawBuilder<unknown>;
}

const C = sql.raw(`COLLATE "C"`);

const SOURCES: TimelineSource[] = [
  {
    kind: "case_opened",
    query: (customerId, after, limit) => sql`
      SELECT c.opened_at AS at, 'case_opened' AS kind, c.id::text AS id,
             'Case ' || c.case_number || ' opened: ' || c.subject AS title,
             c.description AS detail, 'case' AS ref_type, c.id::text AS ref_id
      FROM cases c
      WHERE c.customer_id = ${customerId} AND ${after(sql`c.opened_at`, sql`c.id::text`)}
      ORDER BY c.opened_at DESC, c.id::text ${C} DESC
      LIMIT ${limit}`,
  },
  {
    kind: "case_closed",
    // Served by cases_customer_idx on customer_id; a partial index on (customer_id, closed_at DESC) would make it a pure index walk.
    query: (customerId, after, limit) => sql`
      SELECT c.closed_at AS at, 'case_closed' AS kind, c.id::text AS id,
             'Case ' || c.case_number || ' closed: ' || c.subject AS title,
             NULL::text AS detail, 'case' AS ref_type, c.id::text AS ref_id
      FROM cases c
      WHERE c.customer_id = ${customerId} AND c.closed_at IS NOT NULL AND ${after(sql`c.closed_at`, sql`c.id::text`)}
      ORDER BY c.closed_at DESC, c.id::text ${C} DESC
      LIMIT ${limit}`,
  },
  {
    kind: "note",
    query: (customerId, after, limit) => sql`
      SELECT n.created_at AS at, 'note' AS kind, n.id::text AS id,
             coalesce('Note by ' || u.name, 'Note') AS title,
             n.body AS detail, 'note' AS ref_type, n.id::text AS ref_id
      FROM customer_notes n
      LEFT JOIN users u ON u.id = n.author_id
      WHERE n.customer_id = ${customerId} AND ${after(sql`n.created_at`, sql`n.id::text`)}
      ORDER BY n.created_at DESC, n.id::text ${C} DESC
      LIMIT ${limit}`,
  },
  {
    kind: "field_change",
    // field_history_entity_idx (entity_type, entity_id, changed_at DESC) walks the customer's changes newest first.
    query: (customerId, after, limit) => sql`
      SELECT f.changed_at AS at, 'field_change' AS kind, f.id::text AS id,
             f.field || ' changed' || coalesce(' by ' || u.name, '') AS title,
             coalesce(f.old_value #>> '{}', '(empty)') || ' → ' || coalesce(f.new_value #>> '{}', '(empty)') AS detail,
             'field_history' AS ref_type, f.id::text AS ref_id
      FROM field_history f
      LEFT JOIN users u ON u.id = f.changed_by
      WHERE f.entity_type = 'customer' AND f.entity_id = ${customerId} AND ${after(sql`f.changed_at`, sql`f.id::text`)}
      ORDER BY f.changed_at DESC, f.id::text ${C} DESC
      LIMIT ${limit}`,
  },
  {
    kind: "interaction",
    // interactions_customer_idx (customer_id, started_at DESC, id DESC) walks the customer's interactions newest first.
    query: (customerId, after, limit) => sql`
      SELECT i.started_at AS at, 'interaction' AS kind, i.id::text AS id,
             CASE i.channel WHEN 'phone' THEN 'Call' WHEN 'chat' THEN 'Chat' WHEN 'email' THEN 'Email' ELSE 'Social message' END
               || CASE i.direction WHEN 'outbound' THEN ' (outbound)' ELSE '' END
               || coalesce(' with ' || u.name,
                    ', imported from ' || CASE i.external_source WHEN 'salesforce' THEN 'Salesforce' ELSE 'another system' END
                      || ' (owner ' || i.imported_owner || ')',
                    '')
               || ': ' || i.subject AS title,
             concat_ws(' · ',
               CASE i.outcome WHEN 'resolved' THEN 'Resolved' WHEN 'follow_up' THEN 'Follow-up' WHEN 'escalated' THEN 'Escalated' END,
               CASE WHEN i.off_shift THEN 'Off shift' END,
               (SELECT 'Case ' || k.case_number FROM cases k WHERE k.id = i.case_id),
               i.summary) AS detail,
             'interaction' AS ref_type, i.id::text AS ref_id
      FROM interactions i
      LEFT JOIN agents a ON a.id = i.agent_id
      LEFT JOIN users u ON u.id = a.user_id
      WHERE i.customer_id = ${customerId} AND ${after(sql`i.started_at`, sql`i.id::text`)}
      ORDER BY i.started_at DESC, i.id::text ${C} DESC
      LIMIT ${limit}`,
  },
];

const KINDS = new Set<string>(SOURCES.map((s) => s.kind));
const EXACT_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeTimelineCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.kind, cursor.id])).toString("base64url");
}

export function decodeTimelineCursor(raw: string): Cursor {
  const invalid = () => new CrmError("INVALID", "This page link is not valid; start again from the newest items.", "before");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((p) => typeof p === "string")) throw invalid();
  const [at, kind, id] = parsed as [string, string, string];
  if (!EXACT_INSTANT.test(at) || Number.isNaN(Date.parse(at)) || !KINDS.has(kind) || id.length === 0 || id.length > 64) throw invalid();
  return { at, kind, id };
}

/**
 * The predicate "comes after the cursor" in the order (at DESC, kind DESC, id DESC),
 * specialised per branch: its kind is a constant, so each branch gets a plain
 * range on its own time column that an index can serve.
 */
function afterCursor(kind: TimelineKind, cursor: Cursor | null) {
  return (at: RawBuilder<unknown>, id: RawBuilder<unknown>): RawBuilder<unknown> => {
    if (!cursor) return sql`TRUE`;
    const cAt = sql`${cursor.at}::timestamptz`;
    if (kind < cursor.kind) return sql`${at} <= ${cAt}`;
    if (kind > cursor.kind) return sql`${at} < ${cAt}`;
    return sql`(${at} < ${cAt} OR (${at} = ${cAt} AND ${id} ${C} < ${cursor.id}))`;
  };
}

interface TimelineRow {
  /** A Date from pg; text from PGlite or from JSON built by the database (the customer 360). */
  at: Date | string;
  at_key: string;
  kind: TimelineKind;
  id: string;
  title: string;
  detail: string | null;
  ref_type: string;
  ref_id: string;
}

/**
 * The timeline's statement: at most `take` items after the cursor, newest first.
 * Each branch takes at most `take` rows from its index and the database merges
 * them, so a page costs the same at any depth and any history size. The
 * customer may be a value or a column of an outer query (the customer 360).
 */
function timelineQuery(customerId: string | Expression<string>, cursor: Cursor | null, take: number) {
  const branches = SOURCES.map((s) => sql`(${s.query(customerId, afterCursor(s.kind, cursor), take)})`);
  return sql<TimelineRow>`
    SELECT t.*, to_char(t.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_key
    FROM (${sql.join(branches, sql` UNION ALL `)}) t
    ORDER BY t.at DESC, t.kind ${C} DESC, t.id ${C} DESC
    LIMIT ${take}`;
}

/** A page of `limit` items from the timeline's rows (one more than a page was asked for, to know whether there are older ones). */
function timelinePage(rows: TimelineRow[], limit: number): TimelinePage {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      at: isoOf(r.at),
      kind: r.kind,
      title: r.title,
      detail: r.detail,
      ref: { type: r.ref_type, id: r.ref_id },
    })),
    nextCursor: rows.length > limit && last ? encodeTimelineCursor({ at: last.at_key, kind: last.kind, id: last.id }) : null,
  };
}

/**
 * Everything that happened to a customer, newest first, one page at a time:
 * interactions, cases opened and closed, notes, and changes to the customer's tracked fields.
 */
export async function customerTimeline(
  db: Kysely<Database>,
  customerId: string,
  options: { before?: string | null; limit: number },
): Promise<TimelinePage> {
  const cursor = options.before ? decodeTimelineCursor(options.before) : null;
  const result = await timelineQuery(customerId, cursor, options.limit + 1).execute(db);
  return timelinePage(result.rows, options.limit);
}

export const TIMELINE_PAGE_SIZE = 25;
const OPEN_CASES_SHOWN = 200;
const CLOSED_CASES_SHOWN = 20;
const HISTORY_SHOWN = 20;

/** Timestamps as ISO-8601 text (they arrive as text from JSON built by the database). */
type IsoDates<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

function withIsoDates<T extends object, K extends keyof T>(row: T, keys: readonly K[]): IsoDates<T> {
  const out = { ...row } as Record<keyof T, unknown>;
  for (const key of keys) out[key] = isoOrNull(row[key] as Date | string | null);
  return out as IsoDates<T>;
}

/** What the 360 shows of a contact and of a case (the lists' own procedures give whole rows). */
const CONTACT_COLUMNS = ["id", "first_name", "last_name", "email", "phone", "title"] as const;
const CASE_COLUMNS = [
  "cases.id",
  "cases.case_number",
  "cases.contact_id",
  "cases.subject",
  "cases.description",
  "cases.status",
  "cases.priority",
  "cases.origin",
  "cases.owner_agent_id",
  "users.name as owner_name",
  "cases.opened_at",
  "cases.closed_at",
] as const;
const CASE_DATES = ["opened_at", "closed_at"] as const;

/**
 * The customer 360's statement: the customer's row with each list beside it as
 * JSON built by the database from the same queries the lists use on their own
 * (contactsQuery, casesQuery, timelineQuery, fieldHistoryQuery). The outer
 * alias is `profile` because the timeline's branches use short ones (c, n, f, i).
 */
/**
 * The customer's request for a human that is still open — waiting, being offered to an agent, or taken (at most
 * one: handoffs_one_open_per_customer) — as the console's card reads it, found through that unique partial index.
 */
function openHandoffQuery(db: Kysely<Database>, customerId: Expression<string>) {
  return cardQuery(db)
    .whereRef("h.customer_id", "=", customerId)
    .where("h.status", "in", ["waiting", "offered", "active"])
    .limit(1);
}

const read360 = compiledOnce(["customerId"], (db, values) =>
  db
    .selectFrom("customers as profile")
    .selectAll("profile")
    .select((eb) => [
      jsonArrayFrom(contactsQuery(db, eb.ref("profile.id")).clearSelect().select(CONTACT_COLUMNS)).as("contacts"),
      jsonArrayFrom(casesQuery(db, eb.ref("profile.id"), { status: "open", limit: OPEN_CASES_SHOWN }).clearSelect().select(CASE_COLUMNS)).as(
        "open_cases",
      ),
      jsonArrayFrom(
        casesQuery(db, eb.ref("profile.id"), { status: "closed", limit: CLOSED_CASES_SHOWN }).clearSelect().select(CASE_COLUMNS),
      ).as("closed_cases"),
      sql<TimelineRow[]>`(SELECT coalesce(json_agg(t), '[]') FROM (${timelineQuery(eb.ref("profile.id"), null, TIMELINE_PAGE_SIZE + 1)}) t)`.as(
        "timeline",
      ),
      jsonArrayFrom(fieldHistoryQuery(db, "customer", eb.ref("profile.id"), HISTORY_SHOWN)).as("history"),
      jsonObjectFrom(openHandoffQuery(db, eb.ref("profile.id"))).as("open_handoff"),
    ])
    .where("profile.id", "=", values.customerId),
);

/**
 * The customer 360 page: profile, contacts, open and recently closed cases,
 * the first page of the timeline, recent field history and the request for a
 * human still open (openHandoff: waiting, offered or taken), in one round trip
 * (six before: on a 2-core server each round trip cost the app more CPU than
 * the JSON costs the database); a merged-away id costs a second, for the survivor.
 */
export async function customer360(db: Kysely<Database>, customerId: string) {
  const read = async (id: string) => (await read360(db, { customerId: id })).rows[0];
  let row = await read(customerId);
  if (!row) throw new CrmError("NOT_FOUND", "No such customer.");
  let resolvedFrom: string | null = null;
  if (row.merged_into_id) {
    const survivor = await getCustomer(db, customerId);
    row = await read(survivor.id);
    if (!row) throw new CrmError("NOT_FOUND", "No such customer.");
    resolvedFrom = customerId;
  }
  const { contacts, open_cases, closed_cases, timeline, history, open_handoff, ...profile } = row;
  return {
    profile: { ...profile, resolvedFrom },
    contacts,
    openCases: open_cases.map((c) => withIsoDates(c, CASE_DATES)),
    closedCases: closed_cases.map((c) => withIsoDates(c, CASE_DATES)),
    timeline: timelinePage(timeline, TIMELINE_PAGE_SIZE),
    history: history.map(fieldHistoryEntry),
    openHandoff: open_handoff
      ? {
          status: open_handoff.status as "waiting" | "offered" | "active",
          channel: open_handoff.channel,
          reason: open_handoff.reason,
          language: open_handoff.language,
          skill: open_handoff.skill_name,
          priority: open_handoff.priority,
          requestedAt: isoOf(open_handoff.requested_at),
          slaDueAt: isoOf(open_handoff.sla_due_at),
          offeredAt: isoOrNull(open_handoff.offered_at),
          acceptedAt: isoOrNull(open_handoff.accepted_at),
          agentName: open_handoff.agent_name,
        }
      : null,
  };
}

/** Resolves a merged-away id before reading the timeline, so old links keep working. */
export async function resolvedCustomerTimeline(db: Kysely<Database>, customerId: string, options: { before?: string | null; limit: number }) {
  const customer = await getCustomer(db, customerId);
  return customerTimeline(db, customer.id, options);
}
