import { SCALE_EMAIL_DOMAIN, SCALE_PASSWORD, scaleUuidSql, type ScaleSeedResult } from "../../../db/scale-seed";
import { logInteraction } from "../../../server/support/interactions.service";
import { authedHeaders, type SignedInSession } from "../frontline-client";
import { replay, statementRecorder, type RecordedStatement } from "../recorded-statements";
import type { BenchContext, BenchOperation } from "./types";

/**
 * The support issue's target on the scale seed (5,000,000 interactions):
 * logging an interaction over HTTP at 500/s or more, sustained, on 2 cores.
 * Agents on shift right now (scale agents whose shift began at least 20
 * minutes ago and lasts past the run) each sign in and log interactions with
 * random scale customers, started inside the current shift; every answer must
 * show the interaction linked to that shift.
 *
 * Concurrency: BENCH_LOG_CONCURRENCY (default 16: on 2 cores, 8 left the
 * database pool idle between requests and 32 only queued; see the README's bench notes).
 */
const LOG_CONCURRENCY = Number(process.env.BENCH_LOG_CONCURRENCY || 16);
/** Agents signed in (each sign-in costs an argon2id verify, so not all of those on shift). */
const LOG_AGENTS = 64;
const LOG_CUSTOMERS = 5000;
const SUBJECTS = ["Cannot log in", "Refund not received", "Invoice shows the wrong amount", "Delivery is late", "Change of billing address", "Cancel my subscription"];
const CHANNELS = ["phone", "chat", "email", "social"] as const;
const OUTCOMES = ["resolved", "follow_up", "escalated", null] as const;

function requireInteractions(ctx: BenchContext): ScaleSeedResult {
  if (!ctx.scale) throw new Error("This operation needs the scale seed (scaleSeed: true).");
  if (!ctx.scale.crm || ctx.scale.crm.customers < 1000) throw new Error("Logging interactions needs at least 1,000 scale customers.");
  return ctx.scale;
}

interface OnShiftAgent {
  email: string;
  agentId: string;
  userId: string;
  shiftId: string;
  startsAt: Date;
  session: SignedInSession;
  headers: Record<string, string>;
}

/** Scale agents on shift now (since 20 minutes at least, until after the run), signed in. */
async function onShiftAgents(ctx: BenchContext, count: number): Promise<OnShiftAgent[]> {
  const { rows } = await ctx.pg.query<{ email: string; agent_id: string; user_id: string; shift_id: string; starts_at: Date }>(
    `SELECT u.email, a.id AS agent_id, u.id AS user_id, s.id AS shift_id, s.starts_at
       FROM shifts s JOIN agents a ON a.id = s.agent_id JOIN users u ON u.id = a.user_id
      WHERE u.email LIKE $1 AND u.disabled_at IS NULL AND s.status = 'scheduled'
        AND s.starts_at <= now() - interval '20 minutes' AND s.ends_at > now() + make_interval(secs => $2)
      ORDER BY u.email LIMIT $3`,
    [`%@${SCALE_EMAIL_DOMAIN}`, ctx.phaseSeconds * 2 + 120, count],
  );
  if (rows.length < 4) throw new Error(`Only ${rows.length} scale agents are on shift now; the seeded weeks must include today.`);
  const out: OnShiftAgent[] = [];
  for (const r of rows) {
    const session = await ctx.signInAs(r.email, SCALE_PASSWORD);
    out.push({ email: r.email, agentId: r.agent_id, userId: r.user_id, shiftId: r.shift_id, startsAt: r.starts_at, session, headers: { ...authedHeaders(session), "content-type": "application/json" } });
  }
  return out;
}

/** Live scale customers drawn at random over the whole range. */
async function randomCustomers(ctx: BenchContext, count: number): Promise<string[]> {
  const total = requireInteractions(ctx).crm.customers;
  const numbers = Array.from({ length: count }, (_, i) => 1 + ((Math.imul(i + 1, 2_654_435_761) >>> 0) % total));
  const { rows } = await ctx.pg.query<{ id: string }>(
    `SELECT c.id FROM unnest($1::int[]) AS n(k) JOIN customers c ON c.id = ${scaleUuidSql("customer", "n.k")}
      WHERE c.merged_into_id IS NULL AND c.erased_at IS NULL`,
    [numbers],
  );
  if (rows.length < count / 2) throw new Error("Too few live scale customers found.");
  return rows.map((r) => r.id);
}

/** What an agent types after a call: it started 3–16 minutes ago (inside the shift) and just ended. */
function interactionInput(n: number, customerId: string, now = Date.now()) {
  const seconds = 180 + ((n * 7919) % 720);
  const startedAt = new Date(now - (seconds + (n % 60)) * 1000);
  return {
    customerId,
    channel: CHANNELS[n % CHANNELS.length]!,
    direction: n % 5 === 0 ? ("outbound" as const) : ("inbound" as const),
    startedAt: startedAt.toISOString(),
    endedAt: new Date(startedAt.getTime() + seconds * 1000).toISOString(),
    subject: SUBJECTS[n % SUBJECTS.length]!,
    summary: n % 3 === 0 ? null : "Walked the customer through it; confirmed it works now.",
    outcome: OUTCOMES[n % OUTCOMES.length]!,
  };
}

interface LoggedView {
  agentId: string | null;
  shiftId: string | null;
  offShift: boolean;
  customerId: string;
}

async function logOverHttp(ctx: BenchContext, agent: OnShiftAgent, body: string): Promise<string> {
  const res = await ctx.http.request("/api/trpc/interactions.log", { method: "POST", headers: agent.headers, body });
  if (res.status !== 200) throw new Error(`interactions.log answered ${res.status}: ${res.body.slice(0, 200)}`);
  return res.body;
}

export const supportOperations: BenchOperation[] = [
  {
    name: "interactions.log",
    description:
      "POST /api/trpc/interactions.log: agents on shift log a call/chat with a random scale customer, started inside the current shift " +
      "(session, then one statement: agent, customer share-locked, covering shift share-locked, insert, read back); each answer must show the shift linked",
    concurrency: LOG_CONCURRENCY,
    floor: "interactions.log raw pg",
    scaleSeed: true,
    async prepare(ctx) {
      const agents = await onShiftAgents(ctx, LOG_AGENTS);
      const customers = await randomCustomers(ctx, LOG_CUSTOMERS);
      // The first one checked in full: linked to the agent's current shift, on the customer asked for.
      const first = agents[0]!;
      const logged = (JSON.parse(await logOverHttp(ctx, first, JSON.stringify(interactionInput(0, customers[0]!)))) as { result: { data: LoggedView } }).result.data;
      if (logged.agentId !== first.agentId || logged.shiftId !== first.shiftId || logged.offShift || logged.customerId !== customers[0]) {
        throw new Error(`interactions.log stored ${JSON.stringify(logged)}; expected agent ${first.agentId} on shift ${first.shiftId}.`);
      }
      let next = 0;
      return async () => {
        const n = next++;
        const agent = agents[n % agents.length]!;
        const body = await logOverHttp(ctx, agent, JSON.stringify(interactionInput(n, customers[(n * 31) % customers.length]!)));
        // Cheap check of every answer: on shift (the service links the covering shift, or marks it off shift).
        if (!body.includes(`"shiftId":"${agent.shiftId}"`)) throw new Error(`interactions.log did not link shift ${agent.shiftId}: ${body.slice(0, 300)}`);
      };
    },
  },
  {
    name: "interactions.log raw pg",
    description:
      "logInteraction's statements as it runs outside a transaction (recorded: one statement that finds the agent, share-locks the customer " +
      "and the covering shift, inserts and reads back), through a pg.Pool (the app checks the session from its cache)",
    concurrency: LOG_CONCURRENCY,
    scaleSeed: true,
    async prepare(ctx) {
      const agents = await onShiftAgents(ctx, 16);
      const customers = await randomCustomers(ctx, 400);
      const recorder = statementRecorder(ctx.pg.options.connectionString!, ctx.pg.options.max ?? 10);
      const recorded: { session: string; statements: RecordedStatement[] }[] = [];
      try {
        for (let n = 0; n < 200; n++) {
          const agent = agents[n % agents.length]!;
          const input = interactionInput(n, customers[(n * 31) % customers.length]!);
          const actor = { id: agent.userId, label: agent.email, ip: null };
          const statements = await recorder.record((db) =>
            logInteraction(db, actor, { ...input, startedAt: new Date(input.startedAt), endedAt: new Date(input.endedAt) }),
          );
          recorded.push({ session: agent.session.sessionId, statements });
        }
      } finally {
        await recorder.close();
      }
      let next = 0;
      return async () => {
        const r = recorded[next++ % recorded.length]!;
        await replay(ctx.pg, r.statements);
      };
    },
  },
];
