import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { SCALE_PASSWORD, SCALE_PLANNER_EMAIL, scaleUuidSql, type ScaleSeedResult } from "../../../db/scale-seed";
import { queryKind, searchCustomers } from "../../../server/crm/customer-search";
import { customer360, resolvedCustomerTimeline } from "../../../server/crm/timeline.service";
import { authedHeaders, type SignedInSession } from "../frontline-client";
import { replay, statementRecorder, type RecordedStatement } from "../recorded-statements";
import type { BenchContext, BenchOperation } from "./types";

/**
 * The CRM issue's targets on the scale seed (1,000,000 customers, 2,000,000
 * contacts and cases): search as you type p95 ≤ 30 ms and the customer 360
 * p95 ≤ 50 ms, each within 2× of the same SQL run raw through pg.
 *
 * The raw floors are recorded, not copied: each service runs once per request
 * shape against a Kysely that records the statements it sends (see
 * recorded-statements.ts), and the floor replays those through a pg.Pool. No
 * session select: the app answers a signed-in request's session check from its
 * session cache (server/auth/session-cache.ts), so it sends only these.
 */

/** Four people at the search box at once (agents typing; each keystroke is a request). */
const SEARCH_CONCURRENCY = 4;
/** Four agents opening customers at once. */
const VIEW_CONCURRENCY = 4;
/** Distinct requests each operation rotates over, so no single one stays hot. */
const SEARCH_QUERIES = 400;
const BUSY_CUSTOMERS = 200;

function requireScale(ctx: BenchContext): ScaleSeedResult {
  if (!ctx.scale) throw new Error("This operation needs the scale seed (scaleSeed: true).");
  if (!ctx.scale.crm || ctx.scale.crm.customers < 1000) throw new Error("The CRM operations need at least 1,000 scale customers.");
  return ctx.scale;
}

/** mulberry32, seeded: the same seed data gives the same queries. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)) };
}

interface SampleCustomer {
  id: string;
  kind: string;
  name: string;
  email: string | null;
  phone: string | null;
  phone_national: string | null;
  external_id: string | null;
}

/** Scale customers by their seed numbers (see scaleUuidSql). */
async function sampleCustomers(ctx: BenchContext, numbers: number[]): Promise<SampleCustomer[]> {
  const { rows } = await ctx.pg.query<SampleCustomer>(
    `SELECT c.id, c.kind, c.name, c.email::text AS email, c.phone, c.phone_national, c.external_id
       FROM unnest($1::int[]) WITH ORDINALITY AS n(k, ord)
       JOIN customers c ON c.id = ${scaleUuidSql("customer", "n.k")}
      WHERE c.merged_into_id IS NULL AND c.erased_at IS NULL
      ORDER BY n.ord`,
    [numbers],
  );
  return rows;
}

export type SearchQueryKind = "prefix" | "first name + last prefix" | "full name, typo" | "two words, reversed" | "phone digits" | "email prefix" | "external id";

/** A typo a person makes: two neighbouring letters swapped, or one dropped. */
function typo(word: string, r: ReturnType<typeof random>): string {
  if (word.length < 5) return word;
  const i = r.int(1, word.length - 2);
  return r.next() < 0.5 ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : word.slice(0, i) + word.slice(i + 1);
}

/** What people type into the search box, drawn from the seeded customers. */
export async function searchQueries(ctx: BenchContext, count: number): Promise<{ q: string; kind: SearchQueryKind }[]> {
  const scale = requireScale(ctx);
  const r = random(0x5ea4c4);
  const numbers = Array.from({ length: count * 2 }, () => r.int(1, scale.crm.customers));
  const people = (await sampleCustomers(ctx, numbers)).filter((c) => c.kind === "person");
  const kinds: [SearchQueryKind, number][] = [
    ["prefix", 25],
    ["first name + last prefix", 20],
    ["full name, typo", 15],
    ["two words, reversed", 10],
    ["phone digits", 10],
    ["email prefix", 10],
    ["external id", 10],
  ];
  const total = kinds.reduce((sum, [, w]) => sum + w, 0);
  const out: { q: string; kind: SearchQueryKind }[] = [];
  for (const c of people) {
    if (out.length >= count) break;
    let x = r.next() * total;
    const kind = kinds.find(([, w]) => (x -= w) < 0)![0];
    const words = c.name.split(" ");
    const first = words[0]!;
    const last = words[words.length - 1]!;
    let q: string | null = null;
    if (kind === "prefix") q = first.slice(0, r.int(Math.min(2, first.length), first.length));
    else if (kind === "first name + last prefix") q = `${first} ${last.slice(0, r.int(Math.min(2, last.length), last.length))}`;
    else if (kind === "full name, typo") q = `${first} ${typo(last, r)}`;
    else if (kind === "two words, reversed") q = `${last} ${first}`;
    else if (kind === "phone digits" && c.phone_national) q = c.phone_national.slice(0, r.int(6, Math.min(9, c.phone_national.length)));
    else if (kind === "email prefix" && c.email) {
      const [local, domain] = c.email.split("@");
      q = `${local}@${domain!.slice(0, r.int(0, 3))}`;
    } else if (kind === "external id" && c.external_id) q = c.external_id;
    if (q && q.trim()) out.push({ q, kind });
  }
  if (out.length < count / 2) throw new Error(`Only ${out.length} search queries could be drawn from the seed.`);
  return out;
}

const searchPath = (q: string) => `/api/trpc/search.customers?input=${encodeURIComponent(JSON.stringify({ q, limit: 10 }))}`;

async function getJson<T>(ctx: BenchContext, session: SignedInSession, path: string, what: string): Promise<T> {
  const res = await ctx.http.request(path, { headers: authedHeaders(session) });
  if (res.status !== 200) throw new Error(`${what} answered ${res.status}: ${res.body.slice(0, 200)}`);
  return (JSON.parse(res.body) as { result: { data: T } }).result.data;
}

/** Customers among the busy hundredth (the seed gives them about a hundred cases each), with the most timeline items. */
async function busyCustomers(ctx: BenchContext, count: number): Promise<string[]> {
  const scale = requireScale(ctx);
  const busy = Math.max(1, Math.floor(scale.crm.customers / 100));
  const r = random(0x360);
  const numbers = Array.from({ length: count }, () => r.int(1, busy));
  const rows = await sampleCustomers(ctx, numbers);
  if (rows.length < count / 2) throw new Error("Too few busy scale customers found.");
  return rows.map((c) => c.id);
}

interface Recorded {
  statements: RecordedStatement[];
}

/** Records each request's statements once; the floor then replays them round-robin. */
async function recordAll<T>(ctx: BenchContext, inputs: T[], run: (db: Kysely<Database>, input: T) => Promise<unknown>) {
  const recorder = statementRecorder(ctx.pg.options.connectionString!, ctx.pg.options.max ?? 10);
  try {
    const out: Recorded[] = [];
    for (const input of inputs) out.push({ statements: await recorder.record((db) => run(db, input)) });
    return out;
  } finally {
    await recorder.close();
  }
}

async function rawRequest(ctx: BenchContext, recorded: Recorded) {
  await replay(ctx.pg, recorded.statements);
}

const plannerSession = (ctx: BenchContext) => ctx.signInAs(SCALE_PLANNER_EMAIL, SCALE_PASSWORD);

export const crmOperations: BenchOperation[] = [
  {
    name: "search.customers",
    description:
      "GET /api/trpc/search.customers (10 per page): a mix of name prefixes as typed, first name + last-name prefix, full names with a typo, " +
      "two words reversed, phone digits, email prefixes and external ids drawn from the seeded customers",
    concurrency: SEARCH_CONCURRENCY,
    floor: "search.customers raw pg",
    scaleSeed: true,
    async prepare(ctx) {
      const queries = await searchQueries(ctx, SEARCH_QUERIES);
      const session = await plannerSession(ctx);
      // Every kind must find what it was drawn from (a typo may rank others first, but finds something).
      let empty = 0;
      for (const { q, kind } of queries.slice(0, 60)) {
        const page = await getJson<{ items: unknown[] }>(ctx, session, searchPath(q), "search.customers");
        if (page.items.length === 0) empty++;
        if (kind === "external id" && queryKind(q) !== "external_id") throw new Error(`"${q}" is not read as an external id.`);
      }
      if (empty > 6) throw new Error(`${empty} of 60 search queries found nothing; the queries do not match the seed.`);
      const paths = queries.map((x) => searchPath(x.q));
      const headers = authedHeaders(session);
      let next = 0;
      return async () => {
        const res = await ctx.http.request(paths[next++ % paths.length]!, { headers });
        if (res.status !== 200) throw new Error(`search.customers answered ${res.status}: ${res.body.slice(0, 200)}`);
      };
    },
  },
  {
    name: "search.customers raw pg",
    description: "the same searches' statements (recorded from searchCustomers: vocabulary lookup, then the customers), through a pg.Pool",
    concurrency: SEARCH_CONCURRENCY,
    scaleSeed: true,
    async prepare(ctx) {
      const queries = await searchQueries(ctx, SEARCH_QUERIES);
      const recorded = await recordAll(ctx, queries, (db, x) => searchCustomers(db, { q: x.q, limit: 10 }));
      let next = 0;
      return async () => {
        await rawRequest(ctx, recorded[next++ % recorded.length]!);
      };
    },
  },
  {
    name: "customers.view360",
    description:
      "GET /api/trpc/customers.view360 for customers with long histories: profile, contacts, open and closed cases, " +
      "first timeline page (interactions among them), field history",
    concurrency: VIEW_CONCURRENCY,
    floor: "customers.view360 raw pg",
    scaleSeed: true,
    async prepare(ctx) {
      const ids = await busyCustomers(ctx, BUSY_CUSTOMERS);
      const session = await plannerSession(ctx);
      const check = await getJson<{ timeline: { items: { kind: string }[] }; closedCases: unknown[] }>(
        ctx,
        session,
        `/api/trpc/customers.view360?input=${encodeURIComponent(JSON.stringify({ customerId: ids[0] }))}`,
        "customers.view360",
      );
      if (check.timeline.items.length < 25 || check.closedCases.length === 0) {
        throw new Error(`customers.view360 showed ${check.timeline.items.length} timeline items; expected a busy customer.`);
      }
      // The busy hundredth also has a third of the seeded interactions (about 150 each at full size): they lead the timeline.
      if ((ctx.scale?.interactions?.interactions ?? 0) > 0 && !check.timeline.items.some((i) => i.kind === "interaction")) {
        throw new Error("customers.view360 showed no interactions in the timeline of a busy customer; expected the seeded ones.");
      }
      const paths = ids.map((customerId) => `/api/trpc/customers.view360?input=${encodeURIComponent(JSON.stringify({ customerId }))}`);
      const headers = authedHeaders(session);
      let next = 0;
      return async () => {
        const res = await ctx.http.request(paths[next++ % paths.length]!, { headers });
        if (res.status !== 200) throw new Error(`customers.view360 answered ${res.status}: ${res.body.slice(0, 200)}`);
      };
    },
  },
  {
    name: "customers.view360 raw pg",
    description: "customer360's statements (recorded: the profile, then five selects at once), through a pg.Pool",
    concurrency: VIEW_CONCURRENCY,
    scaleSeed: true,
    async prepare(ctx) {
      const ids = await busyCustomers(ctx, BUSY_CUSTOMERS);
      const recorded = await recordAll(ctx, ids, (db, id) => customer360(db, id));
      let next = 0;
      return async () => {
        await rawRequest(ctx, recorded[next++ % recorded.length]!);
      };
    },
  },
  {
    name: "customers.timeline",
    description: "GET /api/trpc/customers.timeline, first page (25) for customers with long histories: cases opened and closed, notes, field changes merged",
    concurrency: VIEW_CONCURRENCY,
    floor: "customers.timeline raw pg",
    scaleSeed: true,
    async prepare(ctx) {
      const ids = await busyCustomers(ctx, BUSY_CUSTOMERS);
      const session = await plannerSession(ctx);
      const paths = ids.map((customerId) => `/api/trpc/customers.timeline?input=${encodeURIComponent(JSON.stringify({ customerId, limit: 25 }))}`);
      const check = await getJson<{ items: unknown[]; nextCursor: string | null }>(ctx, session, paths[0]!, "customers.timeline");
      if (check.items.length !== 25 || !check.nextCursor) throw new Error(`customers.timeline gave ${check.items.length} items; expected a full page and more.`);
      const headers = authedHeaders(session);
      let next = 0;
      return async () => {
        const res = await ctx.http.request(paths[next++ % paths.length]!, { headers });
        if (res.status !== 200) throw new Error(`customers.timeline answered ${res.status}: ${res.body.slice(0, 200)}`);
      };
    },
  },
  {
    name: "customers.timeline raw pg",
    description: "the timeline's statements (recorded: the customer, then one UNION ALL of four index walks), through a pg.Pool",
    concurrency: VIEW_CONCURRENCY,
    scaleSeed: true,
    async prepare(ctx) {
      const ids = await busyCustomers(ctx, BUSY_CUSTOMERS);
      const recorded = await recordAll(ctx, ids, (db, id) => resolvedCustomerTimeline(db, id, { limit: 25 }));
      let next = 0;
      return async () => {
        await rawRequest(ctx, recorded[next++ % recorded.length]!);
      };
    },
  },
];
