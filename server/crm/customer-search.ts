import { sql, type Kysely, type RawBuilder } from "kysely";
import { z } from "zod";
import type { CustomerKind, Database } from "../../db/schema";
import { CrmError } from "./crm.errors";

/**
 * Search as you type over customers: one box for name, email, phone and external id.
 *
 * The query's kind picks the plan:
 * - contains "@"                       → prefix of lower(email)                 (btree text_pattern_ops)
 * - 3+ digits and only + ( ) - . space → prefix of the E.164 phone, or of its national part
 *                                        (a leading trunk 0 dropped), or '+'-less international
 * - 15 or 18 letters-and-digits        → external id (Salesforce): exact, a 15-character id also
 *                                        finds its 18-character form; otherwise falls through to names
 * - anything else                      → names: words folded like the stored ones; each word but the
 *   last is corrected against name_vocabulary (exact, or close: trigram candidates and same-letters
 *   candidates for swapped letters, re-ranked by edit distance and how common the word is); the last word is also a prefix (as you type). A customer
 *   must carry a word for every query word; score = sum of each word's best match.
 *
 * Order: score (desc), name, id; keyset pagination through an opaque cursor over those three.
 * Merged-away and erased customers never appear; archived ones only when asked.
 */

export const customerSearchInput = z.object({
  q: z.string().trim().min(1, "Type something to search for.").max(200),
  limit: z.number().int().min(1).max(50).default(10),
  after: z.string().max(1000).nullish(),
  includeArchived: z.boolean().default(false),
});
export type CustomerSearchInput = z.input<typeof customerSearchInput>;

export type CustomerSearchMatch = "name" | "email" | "phone" | "external_id";

export interface CustomerSearchHit {
  id: string;
  kind: CustomerKind;
  name: string;
  email: string | null;
  phone: string | null;
  country: string | null;
  match: CustomerSearchMatch;
  /** Higher is better; only comparable within one query. */
  score: number;
}

export interface CustomerSearchPage {
  items: CustomerSearchHit[];
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
}

/** Typo candidates read per query word, before re-ranking by edit distance. */
const TYPO_CANDIDATES = 12;
/** Typo corrections kept per query word. */
const TYPO_KEPT = 5;
/** Completions of the last (partly typed) word, shortest and most common first. */
const PREFIX_EXPANSIONS = 300;

interface Cursor {
  score: string;
  name: string;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.score, c.name, c.id])).toString("base64url");
}

function decodeCursor(value: string): Cursor {
  try {
    const [score, name, id] = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as unknown[];
    if (
      typeof score === "string" &&
      /^-?\d+(\.\d+)?$/.test(score) &&
      typeof name === "string" &&
      typeof id === "string" &&
      /^[0-9a-f-]{36}$/i.test(id)
    ) {
      return { score, name, id };
    }
  } catch {
    // fall through
  }
  throw new CrmError("INVALID", "This search page is no longer valid; search again.", "after");
}

interface Row {
  id: string;
  kind: CustomerKind;
  name: string;
  email: string | null;
  phone: string | null;
  country: string | null;
  score: number;
  score_key: string;
}

export type QueryKind = "email" | "phone" | "external_id" | "name";

export function queryKind(q: string): QueryKind {
  if (q.includes("@")) return "email";
  if (/^\+?[\d\s().\-/]+$/.test(q) && q.replace(/\D/g, "").length >= 3) return "phone";
  if (/^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/.test(q) && /\d/.test(q) && /[A-Za-z]/.test(q)) return "external_id";
  return "name";
}

export async function searchCustomers(db: Kysely<Database>, rawInput: CustomerSearchInput): Promise<CustomerSearchPage> {
  const input = customerSearchInput.parse(rawInput);
  const after = input.after ? decodeCursor(input.after) : null;
  const options = { limit: input.limit, after, includeArchived: input.includeArchived };
  const kind = queryKind(input.q);
  let rows: Row[];
  let match: CustomerSearchMatch;
  if (kind === "email") {
    rows = await searchEmail(db, input.q, options);
    match = "email";
  } else if (kind === "phone") {
    rows = await searchPhone(db, input.q, options);
    match = "phone";
  } else {
    rows = kind === "external_id" ? await searchExternalId(db, input.q, options) : [];
    match = "external_id";
    if (rows.length === 0 && !(kind === "external_id" && after)) {
      rows = await searchNames(db, input.q, options);
      match = "name";
    }
  }
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      email: r.email,
      phone: r.phone,
      country: r.country,
      match,
      score: Number(r.score),
    })),
    next: rows.length > input.limit && last ? encodeCursor({ score: last.score_key, name: last.name, id: last.id }) : null,
  };
}

interface Options {
  limit: number;
  after: Cursor | null;
  includeArchived: boolean;
}

/** Live customers, archived ones only when asked; after the cursor in (score desc, name, id) order. */
function visible(o: Options, score: RawBuilder<unknown>) {
  const archived = o.includeArchived ? sql`` : sql`AND c.archived_at IS NULL`;
  return sql`c.merged_into_id IS NULL AND c.erased_at IS NULL ${archived} AND ${afterCursor(o, score, sql`c.name`, sql`c.id`)}`;
}

/** The customers whose matches come from one selective index range, scored and paged. */
async function rangeSearch(db: Kysely<Database>, o: Options, where: RawBuilder<unknown>, score: RawBuilder<unknown>) {
  const result = await sql<Row>`
    SELECT c.id, c.kind, c.name, c.email::text AS email, c.phone, c.country, ${score} AS score, (${score})::text AS score_key
    FROM customers c
    WHERE (${where}) AND ${visible(o, score)}
    ORDER BY ${score} DESC, c.name, c.id
    LIMIT ${o.limit + 1}`.execute(db);
  return result.rows;
}

/** The smallest string above every string that starts with `prefix` (byte order, as text_pattern_ops). */
const upperBound = (prefix: string) => `${prefix}\u{10FFFF}`;

function searchEmail(db: Kysely<Database>, q: string, o: Options) {
  const p = q.toLowerCase();
  const e = sql`lower(c.email::text)`;
  return rangeSearch(
    db,
    o,
    sql`c.email IS NOT NULL AND ${e} ~>=~ ${p} AND ${e} ~<~ ${upperBound(p)}`,
    sql`(CASE WHEN ${e} = ${p} THEN 1.0 ELSE 0.5 END)::numeric`,
  );
}

function searchPhone(db: Kysely<Database>, q: string, o: Options) {
  let digits = q.replace(/\D/g, "");
  const international = q.startsWith("+") || digits.startsWith("00");
  if (!q.startsWith("+") && digits.startsWith("00")) digits = digits.slice(2);
  const e164 = `+${digits}`;
  const prefix = (column: RawBuilder<unknown>, p: string) => sql`(${column} ~>=~ ${p} AND ${column} ~<~ ${`${p}:`})`;
  const phone = sql`c.phone`;
  const national = sql`c.phone_national`;
  const ranges = [prefix(phone, e164)];
  const exact = [sql`${phone} = ${e164}`];
  if (!international) {
    ranges.push(prefix(national, digits));
    exact.push(sql`${national} = ${digits}`);
    // A national number as dialled at home: the trunk 0 is not part of E.164 (except in Italy, kept above).
    if (digits.startsWith("0") && digits.length > 3) {
      ranges.push(prefix(national, digits.slice(1)));
      exact.push(sql`${national} = ${digits.slice(1)}`);
    }
  }
  return rangeSearch(
    db,
    o,
    sql.join(ranges, sql` OR `),
    sql`(CASE WHEN ${sql.join(exact, sql` OR `)} THEN 1.0 ELSE 0.5 END)::numeric`,
  );
}

function searchExternalId(db: Kysely<Database>, q: string, o: Options) {
  // A 15-character Salesforce id is the case-sensitive head of its 18-character form.
  const where =
    q.length === 15
      ? sql`c.external_id ~>=~ ${q} AND c.external_id ~<~ ${`${q}{`} AND length(c.external_id) IN (15, 18)`
      : sql`c.external_id = ${q}`;
  return rangeSearch(db, o, sql`c.external_id IS NOT NULL AND ${where}`, sql`1.0::numeric`);
}

// ---------------------------------------------------------------------------------------------
// Names

interface Candidate {
  pos: number;
  term: string;
  token: string | null;
  customers: number | null;
  last: boolean;
}

interface Scored {
  token: string;
  score: number;
  customers: number;
}

/** Optimal string alignment distance (Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[m]![n]!;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * Each query word's vocabulary words with a score: exact 1; a completion of the last word
 * 0.6–0.95 (closer in length scores higher); a typo correction up to 0.9 by edit distance,
 * ties to the more common word.
 */
export function scoreCandidates(terms: { term: string; last: boolean }[], found: Candidate[]): Scored[][] {
  return terms.map(({ term, last }, index) => {
    const rows = found.filter((c) => c.pos === index + 1 && c.token !== null);
    const maxCustomers = Math.max(1, ...rows.map((c) => c.customers ?? 0));
    const best = new Map<string, Scored>();
    const fuzzy: Scored[] = [];
    for (const c of rows) {
      const token = c.token!;
      const customers = c.customers ?? 0;
      if (token === term) {
        best.set(token, { token, score: 1, customers });
      } else if (last && token.startsWith(term)) {
        best.set(token, { token, score: round4(0.6 + (0.35 * term.length) / token.length), customers });
      } else if (term.length >= (last ? 4 : 3)) {
        // (A word still being typed is corrected only from 4 letters: "mar" should not find "omar".)
        const closeness = 1 - editDistance(term, token) / Math.max(term.length, token.length);
        if (closeness < 0.5) continue;
        const common = Math.log1p(customers) / Math.log1p(maxCustomers);
        fuzzy.push({ token, score: round4(0.85 * closeness + 0.05 * common), customers });
      }
    }
    fuzzy.sort((a, b) => b.score - a.score);
    for (const f of fuzzy.slice(0, TYPO_KEPT)) if (!best.has(f.token)) best.set(f.token, f);
    return [...best.values()].sort((a, b) => b.score - a.score || a.token.localeCompare(b.token));
  });
}

async function nameCandidates(db: Kysely<Database>, q: string): Promise<{ terms: { term: string; last: boolean }[]; candidates: Candidate[] }> {
  const candidates = (
    await sql<Candidate>`
      WITH words AS (
        SELECT w AS term, ord::int AS pos
        FROM regexp_split_to_table(replace(customer_search_fold(${q}), '''', ''), '[[:space:][:punct:]]+') WITH ORDINALITY AS s(w, ord)
        WHERE w <> ''
      ),
      terms AS (
        SELECT term, row_number() OVER (ORDER BY pos)::int AS pos, pos = max(pos) OVER () AS last FROM words
      )
      SELECT t.pos, t.term, t.last, v.token, v.customers
      FROM terms t
      LEFT JOIN LATERAL (
        SELECT token, customers FROM name_vocabulary WHERE token = t.term
        UNION
        (SELECT token, customers FROM name_vocabulary
         WHERE length(t.term) >= CASE WHEN t.last THEN 4 ELSE 3 END AND token % t.term
         ORDER BY similarity(token, t.term) DESC, customers DESC LIMIT ${TYPO_CANDIDATES})
        UNION
        (SELECT token, customers FROM name_vocabulary
         WHERE length(t.term) >= CASE WHEN t.last THEN 4 ELSE 3 END AND letters = customer_search_letters(t.term)
         ORDER BY customers DESC LIMIT ${TYPO_CANDIDATES})
        UNION
        (SELECT token, customers FROM name_vocabulary
         WHERE t.last AND token ~>=~ t.term AND token ~<~ (t.term || chr(1114111))
         ORDER BY length(token), customers DESC, token LIMIT ${PREFIX_EXPANSIONS})
      ) v ON true
      ORDER BY t.pos`.execute(db)
  ).rows;
  const terms = new Map<number, { term: string; last: boolean }>();
  for (const c of candidates) terms.set(c.pos, { term: c.term, last: c.last });
  return {
    terms: [...terms.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t),
    candidates,
  };
}

/**
 * Two statements: the query words' vocabulary candidates, then the customers. Typo candidates
 * use pg_trgm's `%` at the session's similarity threshold (0.2, db/client.ts SESSION_SETTINGS).
 */
async function searchNames(db: Kysely<Database>, q: string, o: Options): Promise<Row[]> {
  const { terms, candidates } = await nameCandidates(db, q);
  if (terms.length === 0) return [];
  const scored = scoreCandidates(terms, candidates);
  if (scored.some((list) => list.length === 0)) return [];
  return terms.length === 1 ? searchOneWord(db, scored[0]!, o) : searchWords(db, scored, o);
}

const customerColumns = sql`c.id, c.kind, c.name, c.email::text AS email, c.phone, c.country`;

/**
 * One word: each matching vocabulary word's customers are read in name order from
 * customer_name_tokens_order_idx, best-scoring words first, only as many words as the page needs.
 * A customer is listed under its best-scoring word only.
 */
async function searchOneWord(db: Kysely<Database>, list: Scored[], o: Options): Promise<Row[]> {
  const cursorScore = o.after ? Number(o.after.score) : Infinity;
  const eligible = list.filter((t) => t.score <= cursorScore);
  const tokens = list.map((t) => t.token);
  const scores = list.map((t) => String(t.score));
  const archived = o.includeArchived ? sql`` : sql`AND NOT t.archived`;
  let want = o.limit + 1;
  for (;;) {
    // Enough words to fill the page by the vocabulary's counts, plus every word tied with the last.
    let take = 0;
    let total = 0;
    while (take < eligible.length && total < want) total += eligible[take++]!.customers;
    while (take < eligible.length && eligible[take]!.score === eligible[take - 1]!.score) take++;
    const batch = eligible.slice(0, take);
    const keyset = o.after
      ? sql`AND (w.score < ${o.after.score}::numeric OR (t.name, t.customer_id) > (${o.after.name}, ${o.after.id}::uuid))`
      : sql``;
    const result = await sql<Row>`
      WITH q(token, score) AS (SELECT * FROM unnest(${tokens}::text[], ${scores}::numeric[])),
      w(token, score) AS (SELECT * FROM unnest(${batch.map((t) => t.token)}::text[], ${batch.map((t) => String(t.score))}::numeric[])),
      hits AS (
        SELECT DISTINCT ON (x.customer_id) x.customer_id, x.score
        FROM w CROSS JOIN LATERAL (
          SELECT t.customer_id, t.name, w.score FROM customer_name_tokens t
          WHERE t.token = w.token ${archived} ${keyset}
            AND NOT EXISTS (
              SELECT 1 FROM q JOIN customer_name_tokens b ON b.token = q.token AND b.customer_id = t.customer_id
              WHERE q.score > w.score)
          ORDER BY t.name, t.customer_id
          LIMIT ${o.limit + 1}
        ) x
        ORDER BY x.customer_id, x.score DESC
      )
      SELECT ${customerColumns}, h.score, h.score::text AS score_key
      FROM hits h JOIN customers c ON c.id = h.customer_id
      WHERE c.merged_into_id IS NULL AND c.erased_at IS NULL
      ORDER BY h.score DESC, c.name, c.id
      LIMIT ${o.limit + 1}`.execute(db);
    if (result.rows.length > o.limit || take >= eligible.length) return result.rows;
    want *= 4;
  }
}

/** Pair keys read per query; past this, the least likely pairs are left out. */
const MAX_PAIR_KEYS = 2000;

/** Keyset "after the cursor" over a ranked list's score, name and customer id columns. */
function afterCursor(o: Options, score: RawBuilder<unknown>, name: RawBuilder<unknown>, id: RawBuilder<unknown>) {
  return o.after
    ? sql`(${score} < ${o.after.score}::numeric OR (${score} = ${o.after.score}::numeric AND (${name}, ${id}) > (${o.after.name}, ${o.after.id}::uuid)))`
    : sql`TRUE`;
}

/**
 * The page from a ranked list of (customer_id, name, score) — names as customer_name_tokens
 * copies them — joined to customers only for the page's rows. Tokens exist only for live
 * customers (merged-away and erased ones have none), so the join drops nothing in practice; it is
 * checked anyway.
 */
function pageOf(ranked: RawBuilder<unknown>, o: Options) {
  return sql<Row>`
    WITH ranked AS (${ranked}),
    top AS (
      SELECT r.customer_id, r.name, r.score FROM ranked r
      WHERE ${afterCursor(o, sql`r.score`, sql`r.name`, sql`r.customer_id`)}
      ORDER BY r.score DESC, r.name, r.customer_id
      LIMIT ${o.limit + 1}
    )
    SELECT ${customerColumns}, top.score, top.score::text AS score_key
    FROM top JOIN customers c ON c.id = top.customer_id
    WHERE c.merged_into_id IS NULL AND c.erased_at IS NULL
    ORDER BY top.score DESC, c.name, c.id`;
}

/** A pair of words as customer_name_tokens stores it: once, its two words in byte order (as JavaScript compares them). */
const pairKey = (a: string, b: string) => (a < b ? `${a} ${b}` : `${b} ${a}`);

/** Each pair of two distinct words, one candidate of each list, with the sum of their scores. */
function* candidatePairs(first: Scored[], second: Scored[]): Generator<{ key: string; score: number }> {
  for (const a of first) {
    for (const b of second) {
      if (a.token !== b.token) yield { key: pairKey(a.token, b.token), score: a.score + b.score };
    }
  }
}

/**
 * Every pair of the two words' candidates ('a b', words in byte order, as customer_name_tokens
 * stores pairs) with its score, the best where two candidates make the same pair; null when there
 * are more than MAX_PAIR_KEYS.
 */
export function pairKeys(first: Scored[], second: Scored[]): { key: string; score: number }[] | null {
  if (first.length * second.length > MAX_PAIR_KEYS * 2) return null;
  const best = new Map<string, number>();
  for (const pair of candidatePairs(first, second)) {
    const score = round4(pair.score);
    if (!(best.get(pair.key)! >= score)) best.set(pair.key, score);
  }
  if (best.size > MAX_PAIR_KEYS) return null;
  return [...best].map(([key, score]) => ({ key, score })).sort((x, y) => y.score - x.score);
}

/**
 * The pair keys that find the customers of a several-word search: the most likely MAX_PAIR_KEYS
 * distinct pairs of the two given words' candidates, best first. Distinct: two candidates can make
 * the same pair (a word that is a candidate of both query words), and a repeat would take the place
 * of another pair.
 */
export function driverPairKeys(first: Scored[], second: Scored[], max = MAX_PAIR_KEYS): string[] {
  const keys = new Set<string>();
  for (const pair of [...candidatePairs(first, second)].sort((x, y) => y.score - x.score)) {
    keys.add(pair.key);
    if (keys.size === max) break;
  }
  return [...keys];
}

/**
 * Several words. Two words (most searches: a first and a last name): a customer's score is its
 * best pair of distinct words matching the two query words, so the pair rows of
 * customer_name_tokens score it directly — one index-only scan per pair key, no per-customer
 * lookups. More words, or more pair keys than MAX_PAIR_KEYS: the two query words with the fewest
 * candidates find the customers through their pair rows, and each of those customers' own words
 * (customer_name_tokens_pkey, customer then word) then gives its best match per query word; every query word
 * must match.
 */
async function searchWords(db: Kysely<Database>, lists: Scored[][], o: Options): Promise<Row[]> {
  const archived = o.includeArchived ? sql`` : sql`AND NOT t.archived`;
  const pairs = lists.length === 2 ? pairKeys(lists[0]!, lists[1]!) : null;
  if (pairs) {
    const ranked = sql`
      SELECT t.customer_id, t.name, max(k.score) AS score
      FROM unnest(${pairs.map((p) => p.key)}::text[], ${pairs.map((p) => String(p.score))}::numeric[]) AS k(key, score)
      JOIN customer_name_tokens t ON t.token = k.key ${archived}
      GROUP BY t.customer_id, t.name`;
    return (await pageOf(ranked, o).execute(db)).rows;
  }
  const byFewest = lists
    .map((list, term) => ({ term, n: list.length, customers: list.reduce((sum, t) => sum + t.customers, 0) }))
    .sort((a, b) => a.n - b.n || a.customers - b.customers);
  const [first, second] = [lists[byFewest[0]!.term]!, lists[byFewest[1]!.term]!];
  const keys = driverPairKeys(first, second);
  const tokens: string[] = [];
  const terms: number[] = [];
  const scores: string[] = [];
  lists.forEach((list, term) => {
    for (const t of list) {
      tokens.push(t.token);
      terms.push(term);
      scores.push(String(t.score));
    }
  });
  const ranked = sql`
    WITH q(token, term, score) AS (SELECT * FROM unnest(${tokens}::text[], ${terms}::int[], ${scores}::numeric[])),
    driver AS (
      SELECT DISTINCT t.customer_id, t.name FROM customer_name_tokens t
      WHERE t.token = ANY (${keys}::text[]) ${archived}
    )
    SELECT d.customer_id, d.name, sum(m.best) AS score
    FROM driver d CROSS JOIN LATERAL (
      SELECT q.term, max(q.score) AS best
      FROM customer_name_tokens t JOIN q ON q.token = t.token
      WHERE t.customer_id = d.customer_id
      GROUP BY q.term
    ) m
    GROUP BY d.customer_id, d.name
    HAVING count(*) = ${lists.length}`;
  return (await pageOf(ranked, o).execute(db)).rows;
}
