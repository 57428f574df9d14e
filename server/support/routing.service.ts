import { sql, type Kysely } from "kysely";
import type { Database, HandoffEventKind, HandoffStatus, PresenceStatus } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import { requireAgentForUser } from "../workforce/agents.service";
import { MAX_SHIFT_MS } from "../workforce/shifts.service";
import { isoOrNull } from "../iso";
import { getInteraction, mergeSurvivor, shiftCovering } from "./interactions.service";
import type { ResolveHandoffInput } from "./routing.schema";
import { publishLive } from "./live";
import { SupportError } from "./support.errors";

/**
 * Routing the queue of customers who asked for a human (the agent's side of
 * handoffs; programs outside use handoffs.service).
 *
 * - An agent takes customers only while on shift and signed in as available.
 * - The queue is served priority first (an earlier handoff abandoned), then
 *   longest waiting; each handoff goes to the agent with its skill and
 *   language who has been idle longest (fair shares, like an ACD's
 *   "longest idle agent").
 * - An agent holds one customer at a time: one offer or one conversation.
 * - An offer not accepted in time goes back to the queue, and the agent who
 *   missed it is set away (they are likely not at their desk). An agent who
 *   declines or misses a handoff is not offered that same one again for a while.
 * - A handoff past its SLA while still not accepted is escalated to supervisors.
 * - Resolving a conversation creates its interaction, linked to the agent's
 *   shift covering the moment they accepted.
 *
 * Timers are deadlines stored on the rows (offer_expires_at, sla_due_at) and
 * acted on by `sweepHandoffs`, which every app server runs every few seconds:
 * each step is a conditional update, so two servers never do it twice, and a
 * crash loses nothing (the deadline is still in the row).
 */

/** How long an agent has to accept an offer. */
export const DEFAULT_OFFER_SECONDS = 30;
/** An agent who declined or missed a handoff is not offered it again for this long. */
export const REOFFER_AFTER_MS = 2 * 60_000;
/** Routing passes run one at a time across every app server (a transaction-scoped advisory lock). */
const ROUTING_LOCK = 7_242_001;
/** Handoffs looked at in one pass; the rest wait for the next pass. */
const ROUTING_BATCH = 200;

export interface RoutingOptions {
  offerSeconds?: number;
}

export interface Offer {
  handoffId: string;
  agentId: string;
}

async function addEvent(
  db: Kysely<Database>,
  handoffId: string,
  kind: HandoffEventKind,
  at: Date,
  agentId: string | null,
  detail?: Record<string, unknown>,
) {
  await db
    .insertInto("handoff_events")
    .values({ handoff_id: handoffId, kind, at, agent_id: agentId, detail: detail ? JSON.stringify(detail) : null })
    .execute();
  await publishLive(db, { topic: "handoffs", kind, handoffId, agentId });
}

/** Exported for handoffs.service: the API's own steps (requested, cancelled, abandoned) go in the same history. */
export const recordHandoffEvent = addEvent;

/** The skills a handoff needs: its skill and, when we know the language as a skill (`lang:xx`), that too. */
export async function neededSkillIds(db: Kysely<Database>, h: { skill_id: string | null; language: string | null }): Promise<string[]> {
  const ids = h.skill_id ? [h.skill_id] : [];
  if (h.language) {
    const lang = await db.selectFrom("skills").select("id").where("code", "=", `lang:${h.language}`).executeTakeFirst();
    if (lang) ids.push(lang.id);
  }
  return ids;
}

/** Available agents on shift now holding no offer and no conversation: the ones routing may offer to. */
function freeAgents(db: Kysely<Database>, now: Date) {
  return db
    .selectFrom("agent_presence as p")
    .where("p.status", "=", "available")
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("shifts as s")
          .whereRef("s.agent_id", "=", "p.agent_id")
          .where("s.status", "=", "scheduled")
          .where("s.starts_at", "<=", now)
          .where("s.starts_at", ">", new Date(now.getTime() - MAX_SHIFT_MS))
          .where("s.ends_at", ">", now),
      ),
    )
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom("handoffs as o").whereRef("o.offered_agent_id", "=", "p.agent_id").where("o.status", "=", "offered"))),
    )
    .where((eb) => eb.not(eb.exists(eb.selectFrom("handoffs as a").whereRef("a.agent_id", "=", "p.agent_id").where("a.status", "=", "active"))));
}

/**
 * One routing pass: offers waiting handoffs, in queue order, to free agents
 * who can serve them. Runs in its own transaction; call it after the change
 * that may let someone be served has committed.
 */
export async function routeWaiting(db: Kysely<Database>, at?: Date, options: RoutingOptions = {}): Promise<Offer[]> {
  const offerSeconds = options.offerSeconds ?? DEFAULT_OFFER_SECONDS;
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${ROUTING_LOCK})`.execute(trx);
    // The clock is read once the lock is held: a pass that waited must not stamp an offer
    // earlier than a request that committed while it waited.
    const now = at ?? new Date();
    const free = await freeAgents(trx, now).select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
    let freeCount = Number(free.n);
    if (freeCount === 0) return [];
    const waiting = await trx
      .selectFrom("handoffs")
      .select(["id", "skill_id", "language"])
      .where("status", "=", "waiting")
      .orderBy("priority", "desc")
      .orderBy("requested_at")
      .orderBy("id")
      .limit(ROUTING_BATCH)
      .execute();
    const offers: Offer[] = [];
    for (const h of waiting) {
      if (freeCount === 0) break;
      const skills = await neededSkillIds(trx, h);
      let q = freeAgents(trx, now)
        .select("p.agent_id")
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom("handoff_events as e")
                .where("e.handoff_id", "=", h.id)
                .whereRef("e.agent_id", "=", "p.agent_id")
                .where("e.kind", "in", ["declined", "offer_expired"])
                .where("e.at", ">", new Date(now.getTime() - REOFFER_AFTER_MS)),
            ),
          ),
        )
        .orderBy("p.idle_since")
        .orderBy("p.agent_id")
        .limit(1);
      for (const skillId of skills) {
        q = q.where((eb) =>
          eb.exists(eb.selectFrom("agent_skills as k").whereRef("k.agent_id", "=", "p.agent_id").where("k.skill_id", "=", skillId)),
        );
      }
      const agent = await q.executeTakeFirst();
      if (!agent) continue;
      const offered = await trx
        .updateTable("handoffs")
        .set({
          status: "offered",
          offered_agent_id: agent.agent_id,
          offered_at: now,
          offer_expires_at: new Date(now.getTime() + offerSeconds * 1000),
        })
        .where("id", "=", h.id)
        .where("status", "=", "waiting")
        .returning("id")
        .executeTakeFirst();
      if (!offered) continue;
      await addEvent(trx, h.id, "offered", now, agent.agent_id, { expiresInSeconds: offerSeconds });
      offers.push({ handoffId: h.id, agentId: agent.agent_id });
      freeCount--;
    }
    return offers;
  });
}

async function setPresenceRow(db: Kysely<Database>, agentId: string, status: PresenceStatus, now: Date, resetIdle: boolean) {
  await db
    .insertInto("agent_presence")
    .values({ agent_id: agentId, status, changed_at: now, idle_since: now })
    .onConflict((oc) =>
      oc.column("agent_id").doUpdateSet((eb) => ({
        status,
        changed_at: sql`CASE WHEN ${eb.ref("agent_presence.status")} = ${status} THEN ${eb.ref("agent_presence.changed_at")} ELSE ${now} END`,
        idle_since: resetIdle ? now : sql`CASE WHEN ${eb.ref("agent_presence.status")} = 'available' THEN ${eb.ref("agent_presence.idle_since")} ELSE ${now} END`,
      })),
    )
    .execute();
  await publishLive(db, { topic: "presence", kind: status, agentId });
}

/** An agent says whether they take customers now. Becoming available starts their idle time. */
export async function setAvailability(db: Kysely<Database>, actor: Actor & { id: string }, status: PresenceStatus, now = new Date()) {
  const agent = await requireAgentForUser(db, actor.id);
  await setPresenceRow(db, agent.id, status, now, false);
  return { agentId: agent.id, status };
}

/** Signing out leaves the queue: an agent who is gone is not offered customers. */
export async function leaveOnSignOut(db: Kysely<Database>, userId: string, now = new Date()) {
  const agent = await db.selectFrom("agents").select("id").where("user_id", "=", userId).executeTakeFirst();
  if (!agent) return;
  const row = await db.selectFrom("agent_presence").select("status").where("agent_id", "=", agent.id).executeTakeFirst();
  if (row && row.status !== "away") await setPresenceRow(db, agent.id, "away", now, false);
}

const refusal: Partial<Record<HandoffStatus, string>> = {
  waiting: "This offer has run out; the customer went back to the queue.",
  active: "Another agent is already with this customer.",
  resolved: "This conversation is already resolved.",
  cancelled: "The customer no longer needs a human (the request was cancelled).",
  abandoned: "The customer left before anyone answered.",
};

/** The agent takes the customer offered to them. Accepting twice is harmless. */
export async function acceptOffer(db: Kysely<Database>, actor: Actor & { id: string }, handoffId: string, now = new Date()) {
  const agent = await requireAgentForUser(db, actor.id);
  const accepted = await db
    .updateTable("handoffs")
    .set({ status: "active", accepted_at: now, agent_id: agent.id, offer_expires_at: null })
    .where("id", "=", handoffId)
    .where("status", "=", "offered")
    .where("offered_agent_id", "=", agent.id)
    .returning(["id", "customer_id"])
    .executeTakeFirst();
  if (!accepted) {
    const h = await db.selectFrom("handoffs").select(["status", "agent_id", "offered_agent_id"]).where("id", "=", handoffId).executeTakeFirst();
    if (!h) throw new SupportError("NOT_FOUND", "No such handoff.");
    if (h.status === "active" && h.agent_id === agent.id) return { handoffId, status: "active" as const };
    if (h.status === "offered") throw new SupportError("CONFLICT", "This customer was offered to another agent.");
    throw new SupportError("CONFLICT", refusal[h.status] ?? `This handoff is ${h.status}.`);
  }
  await addEvent(db, handoffId, "accepted", now, agent.id);
  await recordAudit(db, actor, { action: "handoff.accept", entityType: "handoff", entityId: handoffId, after: { agentId: agent.id } });
  return { handoffId, status: "active" as const };
}

async function putBack(db: Kysely<Database>, handoffId: string, agentId: string) {
  return db
    .updateTable("handoffs")
    .set({ status: "waiting", offered_agent_id: null, offered_at: null, offer_expires_at: null })
    .where("id", "=", handoffId)
    .where("status", "=", "offered")
    .where("offered_agent_id", "=", agentId)
    .returning("id")
    .executeTakeFirst();
}

/** The agent passes on an offer: the customer goes back to the queue, keeping their place. */
export async function declineOffer(db: Kysely<Database>, actor: Actor & { id: string }, handoffId: string, now = new Date()) {
  const agent = await requireAgentForUser(db, actor.id);
  const back = await putBack(db, handoffId, agent.id);
  if (!back) {
    const h = await db.selectFrom("handoffs").select(["status"]).where("id", "=", handoffId).executeTakeFirst();
    if (!h) throw new SupportError("NOT_FOUND", "No such handoff.");
    throw new SupportError("CONFLICT", h.status === "offered" ? "This offer is not yours." : (refusal[h.status] ?? `This handoff is ${h.status}.`));
  }
  await addEvent(db, handoffId, "declined", now, agent.id);
  // To the back of the line for the next customer.
  await db.updateTable("agent_presence").set({ idle_since: now }).where("agent_id", "=", agent.id).execute();
  return { handoffId, status: "waiting" as const };
}

/**
 * The conversation is over: the handoff becomes an interaction of the agent,
 * linked to their shift covering the moment they took the customer (or off
 * shift, for review, if none did).
 */
export async function resolveHandoff(db: Kysely<Database>, actor: Actor & { id: string }, input: ResolveHandoffInput, now = new Date()) {
  const agent = await requireAgentForUser(db, actor.id);
  const h = await db.selectFrom("handoffs").selectAll().where("id", "=", input.handoffId).forUpdate().executeTakeFirst();
  if (!h) throw new SupportError("NOT_FOUND", "No such handoff.");
  if (h.status !== "active") throw new SupportError("CONFLICT", refusal[h.status] ?? `This handoff is ${h.status}; only an active one can be resolved.`);
  if (h.agent_id !== agent.id) throw new SupportError("CONFLICT", "Another agent is with this customer.");
  // Merged since the request? The interaction belongs to the surviving record.
  const survivor = await mergeSurvivor(db, h.customer_id);
  if (!survivor) throw new SupportError("NOT_FOUND", "No such customer.");
  const customer = survivor.id;
  if (input.caseId) {
    const kase = await db.selectFrom("cases").select("customer_id").where("id", "=", input.caseId).executeTakeFirst();
    if (!kase) throw new SupportError("NOT_FOUND", "No such case.", "caseId");
    if (kase.customer_id !== customer) throw new SupportError("INVALID", "That case belongs to another customer.", "caseId");
  }
  const startedAt = h.accepted_at!;
  const shiftId = await shiftCovering(db, agent.id, startedAt);
  const { id: interactionId } = await db
    .insertInto("interactions")
    .values({
      customer_id: customer,
      agent_id: agent.id,
      shift_id: shiftId,
      off_shift: shiftId === null,
      source: "handoff",
      channel: h.channel,
      direction: "inbound",
      started_at: startedAt,
      ended_at: now < startedAt ? startedAt : now,
      subject: input.subject,
      summary: input.summary || null,
      outcome: input.outcome,
      case_id: input.caseId ?? null,
      created_by: actor.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .updateTable("handoffs")
    .set({ status: "resolved", resolved_at: now, interaction_id: interactionId })
    .where("id", "=", h.id)
    .execute();
  await addEvent(db, h.id, "resolved", now, agent.id, { interactionId });
  await db.updateTable("agent_presence").set({ idle_since: now }).where("agent_id", "=", agent.id).execute();
  await recordAudit(db, actor, { action: "handoff.resolve", entityType: "handoff", entityId: h.id, after: { interactionId, outcome: input.outcome } });
  return { handoffId: h.id, status: "resolved" as const, interaction: await getInteraction(db, interactionId) };
}

export interface SweepResult {
  expired: Offer[];
  escalated: string[];
  offers: Offer[];
}

/**
 * The timers: offers past their deadline go back to the queue (the agent who
 * missed one is set away), handoffs past their SLA and not yet accepted are
 * escalated to supervisors, and the queue is routed again. Safe to run on
 * every server at once.
 */
export async function sweepHandoffs(db: Kysely<Database>, at?: Date, options: RoutingOptions = {}): Promise<SweepResult> {
  const now = at ?? new Date();
  const { expired, escalated } = await db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom("handoffs")
      .select(["id", "offered_agent_id"])
      .where("status", "=", "offered")
      .where("offer_expires_at", "<=", now)
      .forUpdate()
      .skipLocked()
      .execute();
    const expired: Offer[] = [];
    for (const d of due) {
      const agentId = d.offered_agent_id!;
      if (!(await putBack(trx, d.id, agentId))) continue;
      await addEvent(trx, d.id, "offer_expired", now, agentId);
      const wasAvailable = await trx
        .updateTable("agent_presence")
        .set({ status: "away", changed_at: now })
        .where("agent_id", "=", agentId)
        .where("status", "=", "available")
        .returning("agent_id")
        .executeTakeFirst();
      if (wasAvailable) await publishLive(trx, { topic: "presence", kind: "away", agentId });
      expired.push({ handoffId: d.id, agentId });
    }
    const late = await trx
      .selectFrom("handoffs")
      .select(["id", "sla_due_at", "status"])
      .where("status", "in", ["waiting", "offered"])
      .where("escalated_at", "is", null)
      .where("sla_due_at", "<=", now)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const l of late) {
      await trx.updateTable("handoffs").set({ escalated_at: now }).where("id", "=", l.id).execute();
      await addEvent(trx, l.id, "escalated", now, null, { slaDueAt: isoOrNull(l.sla_due_at), status: l.status });
      await recordAudit(trx, { id: null, label: "system:sla", ip: null }, {
        action: "handoff.escalate",
        entityType: "handoff",
        entityId: l.id,
        after: { slaDueAt: isoOrNull(l.sla_due_at), status: l.status },
      });
    }
    return { expired, escalated: late.map((l) => l.id) };
  });
  const offers = await routeWaiting(db, at, options);
  return { expired, escalated, offers };
}

/** Runs the sweep every few seconds in this process until stopped. */
export function startHandoffSweeper(db: Kysely<Database>, options: RoutingOptions & { intervalMs?: number } = {}) {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepHandoffs(db, undefined, options)
      .catch((error: unknown) => console.error("Handoff sweep failed:", error instanceof Error ? error.message : error))
      .finally(() => {
        running = false;
      });
  }, options.intervalMs ?? 2_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** The offer deadline from FRONTLINE_OFFER_SECONDS (whole seconds, 5–600), else the default. */
export function routingOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): RoutingOptions {
  const raw = env.FRONTLINE_OFFER_SECONDS;
  if (!raw) return {};
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 5 || n > 600) throw new RangeError(`FRONTLINE_OFFER_SECONDS must be a whole number of seconds from 5 to 600, not "${raw}".`);
  return { offerSeconds: n };
}

let envOptions: RoutingOptions | undefined;

/** A routing pass now with this server's settings (read from the environment once): after a change that may let someone be served. */
export function routeNow(db: Kysely<Database>): Promise<Offer[]> {
  envOptions ??= routingOptionsFromEnv();
  return routeWaiting(db, undefined, envOptions);
}
