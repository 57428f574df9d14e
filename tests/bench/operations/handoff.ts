import { Kysely, PostgresDialect } from "kysely";
import { SCALE_EMAIL_DOMAIN, scaleUuidSql } from "../../../db/scale-seed";
import type { Database } from "../../../db/schema";
import { createApiKey } from "../../../server/support/api-keys.service";
import type { BenchContext, BenchOperation } from "./types";

/**
 * The support issue's routing target: a handoff request answered with the
 * customer already offered to an agent, p95 ≤ 100 ms with 200 agents on
 * shift. 200 scale agents on shift now are signed in as available (their
 * presence rows); every request names a different scale customer (no skill:
 * any of the 200 may take it), so each one is inserted, audited, routed (the
 * routing pass: free agents counted, the queue read, the longest-idle agent
 * picked, the offer written) and read back. Agents take their customers in
 * the background: every 100 ms the offers older than a second are closed (as
 * agents finishing would), so 200 agents are never all holding an offer. A request answered
 * with anything but "offered" fails the run.
 */

const AGENTS_ON_SHIFT = 200;
/** Programs asking at once (the bot, the website and the app on a busy day). */
const REQUEST_CONCURRENCY = 4;
const CUSTOMERS = 20_000;

async function prepareRouting(ctx: BenchContext) {
  const scaleCustomers = ctx.scale?.crm?.customers ?? 0;
  if (scaleCustomers < CUSTOMERS) throw new Error(`The handoff bench needs the scale seed with ${CUSTOMERS} customers.`);
  // Statements of the app's own services on the bench's pool (never destroyed here: the runner owns the pool).
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: ctx.pg }) });
  const { rows: agents } = await ctx.pg.query<{ agent_id: string }>(
    `SELECT DISTINCT a.id AS agent_id
       FROM shifts s JOIN agents a ON a.id = s.agent_id JOIN users u ON u.id = a.user_id
      WHERE u.email LIKE $1 AND s.status = 'scheduled'
        AND s.starts_at <= now() AND s.ends_at > now() + make_interval(secs => $2)
      LIMIT $3`,
    [`%@${SCALE_EMAIL_DOMAIN}`, ctx.phaseSeconds + 60, AGENTS_ON_SHIFT],
  );
  if (agents.length < AGENTS_ON_SHIFT) throw new Error(`Only ${agents.length} scale agents are on shift now; ${AGENTS_ON_SHIFT} are needed.`);
  // A clean floor: earlier runs' handoffs closed, only these 200 available.
  await ctx.pg.query(
    `UPDATE handoffs SET status = 'cancelled', cancelled_at = now(), offer_expires_at = NULL WHERE status IN ('waiting', 'offered', 'active')`,
  );
  await ctx.pg.query(`UPDATE agent_presence SET status = 'away', changed_at = now()`);
  await ctx.pg.query(
    `INSERT INTO agent_presence (agent_id, status, changed_at, idle_since)
       SELECT unnest($1::uuid[]), 'available', now(), now()
     ON CONFLICT (agent_id) DO UPDATE SET status = 'available', changed_at = now(), idle_since = now()`,
    [agents.map((a) => a.agent_id)],
  );
  const key = await createApiKey(db, { id: null, label: "bench", ip: null }, { name: `bench ${Date.now()}`, rateLimitPerMinute: 100_000 });
  const numbers = Array.from({ length: CUSTOMERS }, (_, i) => 1 + ((Math.imul(i + 7, 2_654_435_761) >>> 0) % scaleCustomers));
  const { rows: customers } = await ctx.pg.query<{ id: string }>(
    `SELECT DISTINCT c.id FROM unnest($1::int[]) AS n(k) JOIN customers c ON c.id = ${scaleUuidSql("customer", "n.k")}
      WHERE c.merged_into_id IS NULL AND c.erased_at IS NULL`,
    [numbers],
  );
  return { key, customers: customers.map((c) => c.id) };
}

export const handoffOperations: BenchOperation[] = [
  {
    name: "handoff.request offered",
    description:
      "POST /api/trpc/handoff.request with an API key for a scale customer, 200 scale agents on shift and available: " +
      "customer found, handoff queued, routed and offered to the longest-idle agent, answer 'offered'",
    concurrency: REQUEST_CONCURRENCY,
    scaleSeed: true,
    async prepare(ctx) {
      const { key, customers } = await prepareRouting(ctx);
      const headers = { authorization: `Bearer ${key.token}`, "content-type": "application/json" };
      // Agents finishing with their customers, in the background, for as long as the run lasts.
      const closer = setInterval(() => {
        if ((ctx.pg as unknown as { ending?: boolean }).ending) return clearInterval(closer);
        ctx.pg
          .query(`UPDATE handoffs SET status = 'cancelled', cancelled_at = now()
             WHERE status = 'offered' AND api_key_id = $1 AND offered_at < now() - interval '1 second'`, [key.id])
          .catch((error: unknown) => console.error("handoff bench: closing offers failed:", error));
      }, 100);
      closer.unref();
      setTimeout(() => clearInterval(closer), (ctx.phaseSeconds + 30) * 1000).unref();
      let next = 0;
      return async () => {
        const n = next++;
        if (n >= customers.length) throw new Error("The handoff bench ran out of customers; raise CUSTOMERS.");
        const res = await ctx.http.request("/api/trpc/handoff.request", {
          method: "POST",
          headers,
          body: JSON.stringify({ customer: { id: customers[n] }, reason: "The bot could not help", channel: "chat" }),
        });
        if (res.status !== 200) throw new Error(`handoff.request answered ${res.status}: ${res.body.slice(0, 200)}`);
        if (!res.body.includes(`"status":"offered"`)) throw new Error(`handoff.request was not offered at once: ${res.body.slice(0, 300)}`);
      };
    },
  },
];
