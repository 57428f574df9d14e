import { sql, type Kysely } from "kysely";
import type { CustomerKind, Database, DuplicateReason } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import { CrmError } from "./crm.errors";

/**
 * Likely duplicate customers: same email (citext), same phone (E.164), or a very similar name in
 * the same country. Only customers of the same kind are compared (a person is never merged into a
 * company), and only live ones (not archived, merged away or erased).
 *
 * Names at a million customers: a trigram `%` over every name reads the posting lists of all the
 * name's trigrams (80–470 ms measured in issue #4). Instead, the name's words (and their typo
 * variants from name_vocabulary) are paired, and the pair keys of customer_name_tokens name the few
 * customers that carry two of those words; only they are scored with similarity(). A one-word name
 * reads its word's customers (bounded). A name that shares fewer than two words with another
 * ("Acme Co" / "Acme") is not found from that side — the price of the bound.
 */

/** pg_trgm similarity of the folded names at or above which two names are "very similar". */
export const NAME_SIMILARITY_THRESHOLD = 0.6;
/** Word-level trigram floor for typo variants of a name word ("jon" → "john"). */
const VARIANT_TRIGRAM_THRESHOLD = 0.2;
/** Typo variants kept per name word, and name words used (pair keys grow with their square). */
const VARIANTS_PER_WORD = 4;
const WORDS_USED = 4;
/** Customers read per pair key / per email or phone, and by name in all, before scoring. */
const ROWS_PER_KEY = 500;
const NAMED_ROWS = 1000;
/** Candidates kept per customer, best first. */
const MAX_CANDIDATES = 50;

export interface DuplicateCandidate {
  customerId: string;
  reasons: DuplicateReason[];
  /** Name similarity, 0..1. */
  score: number;
}

interface CandidateRow {
  id: string;
  same_email: boolean;
  same_phone: boolean;
  same_country: boolean;
  score: number;
}

/** The candidate query itself (exported for EXPLAIN ANALYZE in benchmarks); needs the low word-level trigram floor set. */
export function duplicateCandidatesQuery(customerId: string) {
  return sql<CandidateRow>`
    WITH me AS (
      SELECT id, kind, name, email, phone, country FROM customers
      WHERE id = ${customerId} AND merged_into_id IS NULL AND erased_at IS NULL
    ),
    words AS (
      SELECT u.w, u.ord FROM me, unnest(customer_search_words(me.name)) WITH ORDINALITY AS u(w, ord)
      WHERE me.country IS NOT NULL AND u.ord <= ${WORDS_USED}
    ),
    variants AS (
      SELECT words.ord, v.token, min(v.typo) AS typo FROM words CROSS JOIN LATERAL (
        SELECT token, 0 AS typo FROM name_vocabulary WHERE token = words.w
        UNION ALL
        (SELECT token, 1 FROM name_vocabulary WHERE length(words.w) >= 3 AND token % words.w
         ORDER BY similarity(token, words.w) DESC, customers DESC LIMIT ${VARIANTS_PER_WORD})
        UNION ALL
        (SELECT token, 1 FROM name_vocabulary WHERE length(words.w) >= 3 AND letters = customer_search_letters(words.w)
         ORDER BY customers DESC LIMIT ${VARIANTS_PER_WORD})
      ) v
      GROUP BY words.ord, v.token
    ),
    keys AS (
      SELECT a.token || ' ' || b.token AS key, min(a.typo + b.typo) AS typos
      FROM variants a JOIN variants b ON a.ord < b.ord AND a.token <> b.token GROUP BY 1
      UNION ALL
      SELECT token, typo FROM variants WHERE (SELECT count(*) FROM words) = 1
    ),
    -- The exact words' customers first, then typo variants', so the cap keeps the likeliest.
    named AS (
      SELECT t.customer_id AS id FROM (SELECT key FROM keys ORDER BY typos, key) k CROSS JOIN LATERAL (
        SELECT customer_id FROM customer_name_tokens WHERE token = k.key AND NOT archived LIMIT ${ROWS_PER_KEY}
      ) t
      LIMIT ${NAMED_ROWS}
    ),
    by_email AS (
      SELECT c.id FROM customers c, me WHERE me.email IS NOT NULL AND c.email = me.email LIMIT ${ROWS_PER_KEY}
    ),
    by_phone AS (
      SELECT c.id FROM customers c, me WHERE me.phone IS NOT NULL AND c.phone = me.phone LIMIT ${ROWS_PER_KEY}
    ),
    scored AS (
      SELECT c.id,
             coalesce(c.email = me.email, false) AS same_email,
             coalesce(c.phone = me.phone, false) AS same_phone,
             coalesce(c.country = me.country, false) AS same_country,
             similarity(customer_search_fold(c.name), customer_search_fold(me.name)) AS score
      FROM me JOIN customers c ON c.id <> me.id AND c.kind = me.kind
      WHERE c.id IN (SELECT id FROM named UNION SELECT id FROM by_email UNION SELECT id FROM by_phone)
        AND c.merged_into_id IS NULL AND c.erased_at IS NULL AND c.archived_at IS NULL
    )
    SELECT id, same_email, same_phone, same_country, score FROM scored
    WHERE same_email OR same_phone OR (same_country AND score >= ${NAME_SIMILARITY_THRESHOLD})
    ORDER BY (same_email OR same_phone) DESC, score DESC, id
    LIMIT ${MAX_CANDIDATES}`;
}

/** The customers that look like this one, best first (exact email/phone before names). */
export async function findDuplicateCandidates(db: Kysely<Database>, customerId: string): Promise<DuplicateCandidate[]> {
  const run = async (trx: Kysely<Database>) => {
    // (missing_ok: before pg_trgm is first used on a connection, its setting does not exist yet; 0.3 is its default.)
    const previous = await sql<{ value: string }>`
      SELECT coalesce(nullif(current_setting('pg_trgm.similarity_threshold', true), ''), '0.3') AS value`.execute(trx);
    await sql`SELECT set_config('pg_trgm.similarity_threshold', ${String(VARIANT_TRIGRAM_THRESHOLD)}, true)`.execute(trx);
    try {
      const result = await duplicateCandidatesQuery(customerId).execute(trx);
      return result.rows;
    } finally {
      await sql`SELECT set_config('pg_trgm.similarity_threshold', ${previous.rows[0]!.value}, true)`.execute(trx);
    }
  };
  const rows = db.isTransaction ? await run(db) : await db.transaction().execute(run);
  return rows.map((r) => {
    const score = Math.round(Number(r.score) * 1000) / 1000;
    const reasons: DuplicateReason[] = [];
    if (r.same_email) reasons.push("email");
    if (r.same_phone) reasons.push("phone");
    if (r.same_country && score >= NAME_SIMILARITY_THRESHOLD) reasons.push("name");
    return { customerId: r.id, reasons, score };
  });
}

/**
 * Re-checks a customer's open pairs (dropping those whose reasons no longer hold: the email was
 * corrected, the customer was merged away…) and records a pair for each candidate found now.
 * A dismissed or merged pair stays decided. Call it in the transaction that changed the customer.
 */
export async function recordDuplicateCandidates(db: Kysely<Database>, customerId: string): Promise<DuplicateMatch[]> {
  await sql`
    DELETE FROM customer_duplicates d USING customers a, customers b
    WHERE d.status = 'open' AND (d.customer_a = ${customerId} OR d.customer_b = ${customerId})
      AND a.id = d.customer_a AND b.id = d.customer_b
      AND NOT (
        a.merged_into_id IS NULL AND b.merged_into_id IS NULL AND a.erased_at IS NULL AND b.erased_at IS NULL
        AND a.kind = b.kind
        AND (coalesce(a.email = b.email, false) OR coalesce(a.phone = b.phone, false)
             OR (coalesce(a.country = b.country, false)
                 AND similarity(customer_search_fold(a.name), customer_search_fold(b.name)) >= ${NAME_SIMILARITY_THRESHOLD})))`.execute(db);
  const candidates = await findDuplicateCandidates(db, customerId);
  if (candidates.length > 0) {
    const values = candidates.map((c) => sql`(${c.customerId}::uuid, ${sql`ARRAY[${sql.join(c.reasons.map((r) => sql`${r}`))}]::text[]`}, ${c.score}::real)`);
    // In id order, so two writers flagging overlapping pairs take their row locks in one order.
    await sql`
      INSERT INTO customer_duplicates AS d (customer_a, customer_b, reasons, score)
      SELECT least(${customerId}::uuid, v.other), greatest(${customerId}::uuid, v.other), v.reasons, v.score
      FROM (VALUES ${sql.join(values)}) AS v(other, reasons, score)
      ORDER BY 1, 2
      ON CONFLICT (customer_a, customer_b) DO UPDATE SET reasons = EXCLUDED.reasons, score = EXCLUDED.score
      WHERE d.status = 'open'`.execute(db);
  }
  return duplicatesOf(db, customerId);
}

export interface DuplicateCustomer {
  id: string;
  kind: CustomerKind;
  name: string;
  email: string | null;
  phone: string | null;
  country: string | null;
  createdAt: string;
}

export interface DuplicatePair {
  id: string;
  reasons: DuplicateReason[];
  score: number;
  foundAt: string;
  a: DuplicateCustomer;
  b: DuplicateCustomer;
}

/** One open pair as seen from one of its customers: the other one. */
export interface DuplicateMatch {
  pairId: string;
  reasons: DuplicateReason[];
  score: number;
  customer: DuplicateCustomer;
}

interface PairRow {
  id: string;
  reasons: DuplicateReason[] | string;
  score: number;
  found_at: Date | string;
  found_key: string;
  a_id: string;
  a_kind: CustomerKind;
  a_name: string;
  a_email: string | null;
  a_phone: string | null;
  a_country: string | null;
  a_created_at: Date | string;
  b_id: string;
  b_kind: CustomerKind;
  b_name: string;
  b_email: string | null;
  b_phone: string | null;
  b_country: string | null;
  b_created_at: Date | string;
}

const pairColumns = sql`
  d.id::text AS id, d.reasons, d.score, d.found_at,
  to_char(d.found_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS found_key,
  a.id AS a_id, a.kind AS a_kind, a.name AS a_name, a.email::text AS a_email, a.phone AS a_phone, a.country AS a_country, a.created_at AS a_created_at,
  b.id AS b_id, b.kind AS b_kind, b.name AS b_name, b.email::text AS b_email, b.phone AS b_phone, b.country AS b_country, b.created_at AS b_created_at`;

const livePair = sql`a.merged_into_id IS NULL AND a.erased_at IS NULL AND b.merged_into_id IS NULL AND b.erased_at IS NULL`;

function parseReasons(value: DuplicateReason[] | string): DuplicateReason[] {
  if (Array.isArray(value)) return value;
  // A text[] the driver did not parse: {email,name}
  return value.replace(/^\{|\}$/g, "").split(",").filter(Boolean) as DuplicateReason[];
}

function side(r: PairRow, p: "a" | "b"): DuplicateCustomer {
  return {
    id: r[`${p}_id`],
    kind: r[`${p}_kind`],
    name: r[`${p}_name`],
    email: r[`${p}_email`],
    phone: r[`${p}_phone`],
    country: r[`${p}_country`],
    createdAt: new Date(r[`${p}_created_at`]).toISOString(),
  };
}

function toPair(r: PairRow): DuplicatePair {
  return {
    id: String(r.id),
    reasons: parseReasons(r.reasons),
    score: Math.round(Number(r.score) * 1000) / 1000,
    foundAt: new Date(r.found_at).toISOString(),
    a: side(r, "a"),
    b: side(r, "b"),
  };
}

/** The open pairs involving a customer, newest first, each as "the other customer". */
export async function duplicatesOf(db: Kysely<Database>, customerId: string): Promise<DuplicateMatch[]> {
  const result = await sql<PairRow>`
    SELECT ${pairColumns}
    FROM customer_duplicates d JOIN customers a ON a.id = d.customer_a JOIN customers b ON b.id = d.customer_b
    WHERE d.status = 'open' AND (d.customer_a = ${customerId} OR d.customer_b = ${customerId}) AND ${livePair}
    ORDER BY d.found_at DESC, d.id DESC
    LIMIT ${MAX_CANDIDATES}`.execute(db);
  return result.rows.map((r) => {
    const pair = toPair(r);
    return { pairId: pair.id, reasons: pair.reasons, score: pair.score, customer: pair.a.id === customerId ? pair.b : pair.a };
  });
}

/** The open pair of two customers, if one was flagged (the merge page shows why they look alike). */
export async function openPairBetween(db: Kysely<Database>, x: string, y: string): Promise<DuplicatePair | null> {
  const result = await sql<PairRow>`
    SELECT ${pairColumns}
    FROM customer_duplicates d JOIN customers a ON a.id = d.customer_a JOIN customers b ON b.id = d.customer_b
    WHERE d.customer_a = least(${x}::uuid, ${y}::uuid) AND d.customer_b = greatest(${x}::uuid, ${y}::uuid) AND d.status = 'open'`.execute(db);
  return result.rows[0] ? toPair(result.rows[0]) : null;
}

export interface DuplicatePage {
  items: DuplicatePair[];
  /** Pass as `after` for the next (older) page; null on the last page. */
  next: string | null;
}

function encodeCursor(foundKey: string, id: string): string {
  return Buffer.from(JSON.stringify([foundKey, id])).toString("base64url");
}

function decodeCursor(raw: string): { at: string; id: string } {
  const invalid = () => new CrmError("INVALID", "This page link is not valid; start again from the newest pairs.", "after");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalid();
  const [at, id] = parsed as unknown[];
  if (typeof at !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(at) || typeof id !== "string" || !/^\d{1,19}$/.test(id)) {
    throw invalid();
  }
  return { at, id };
}

/** Open pairs, newest first, keyset-paginated on (found_at, id) through customer_duplicates_open_idx. */
export async function listDuplicates(db: Kysely<Database>, options: { after?: string | null; limit: number }): Promise<DuplicatePage> {
  const cursor = options.after ? decodeCursor(options.after) : null;
  const keyset = cursor ? sql`AND (d.found_at, d.id) < (${cursor.at}::timestamptz, ${cursor.id}::bigint)` : sql``;
  const result = await sql<PairRow>`
    SELECT ${pairColumns}
    FROM customer_duplicates d JOIN customers a ON a.id = d.customer_a JOIN customers b ON b.id = d.customer_b
    WHERE d.status = 'open' ${keyset} AND ${livePair}
    ORDER BY d.found_at DESC, d.id DESC
    LIMIT ${options.limit + 1}`.execute(db);
  const rows = result.rows.slice(0, options.limit);
  const last = rows[rows.length - 1];
  return {
    items: rows.map(toPair),
    next: result.rows.length > options.limit && last ? encodeCursor(last.found_key, String(last.id)) : null,
  };
}

/** "Not the same customer": the pair stays dismissed, even when it is found again. */
export async function dismissDuplicate(db: Kysely<Database>, actor: Actor, pairId: string) {
  const pair = await db
    .selectFrom("customer_duplicates")
    .select([sql<string>`id::text`.as("id"), "customer_a", "customer_b", "status"])
    .where(sql<boolean>`id = ${pairId}::bigint`)
    .forUpdate()
    .executeTakeFirst();
  if (!pair) throw new CrmError("NOT_FOUND", "No such duplicate pair.");
  if (pair.status !== "open") throw new CrmError("INVALID", `This pair was already ${pair.status}.`);
  await db
    .updateTable("customer_duplicates")
    .set({ status: "dismissed", decided_by: actor.id, decided_at: new Date() })
    .where(sql<boolean>`id = ${pairId}::bigint`)
    .execute();
  await recordAudit(db, actor, {
    action: "customer.duplicate_dismissed",
    entityType: "customer_duplicate",
    entityId: pair.id,
    after: { customerA: pair.customer_a, customerB: pair.customer_b },
  });
  return { ok: true as const };
}
