import { sql, type Kysely } from "kysely";
import { isUniqueViolation } from "../../db/pg-errors";
import type { Database, HandoffStatus } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import { createCustomer, getCustomer } from "../crm/customers.service";
import type { ApiKeyPrincipal } from "./api-keys.service";
import type { HandoffCancelInput, HandoffRequestInput } from "./handoffs.schema";
import { isoOrNull } from "../iso";
import { neededSkillIds, recordHandoffEvent } from "./routing.service";
import { MAX_SHIFT_MS } from "../workforce/shifts.service";
import { SupportError } from "./support.errors";

/**
 * The guaranteed human handoff, as programs outside see it: a bot, the
 * website or the app asks for a human for a customer, learns its place in the
 * queue and an estimated wait, polls, cancels, and rates the conversation.
 * Each API key sees only the handoffs it asked for.
 */

/** Seconds an agent has to accept a handoff when its skill names no SLA. */
export const DEFAULT_HANDOFF_SLA_SECONDS = 60;
/** Handle time assumed before there is a week of finished interactions to average. */
export const DEFAULT_HANDLE_SECONDS = 360;
/** An abandoned handoff this recent puts the customer's next one first. */
const ABANDONED_PRIORITY_MS = 24 * 3_600_000;

const OPEN_STATUSES: HandoffStatus[] = ["waiting", "offered"];
/** A customer has at most one handoff in these (a unique index says so). */
const UNFINISHED_STATUSES: HandoffStatus[] = ["waiting", "offered", "active"];

export interface WaitEstimate {
  /** null when no agent with the skill and language is on shift now. */
  estimatedWaitSeconds: number | null;
  agentsOnShift: number;
  averageHandleSeconds: number;
  /** How the estimate was made, for people reading the answer. */
  basis: string;
}

export interface HandoffStatusView {
  handoffId: string;
  customerId: string;
  status: HandoffStatus;
  /** 1 for the next one served; null once it is no longer waiting. */
  queuePosition: number | null;
  estimate: WaitEstimate | null;
  requestedAt: string;
  slaDueAt: string;
  offeredAt: string | null;
  acceptedAt: string | null;
  resolvedAt: string | null;
  cancelledAt: string | null;
  abandonedAt: string | null;
  agentName: string | null;
}

function apiActor(key: ApiKeyPrincipal, ip: string | null): Actor {
  return { id: null, label: `api-key:${key.name}`, ip };
}

/** The customer the request names: by id, external id, or email; an unknown email becomes a new person customer. */
async function resolveCustomer(db: Kysely<Database>, actor: Actor, c: HandoffRequestInput["customer"]): Promise<{ id: string; created: boolean }> {
  const live = async (id: string) => {
    const found = await getCustomer(db, id).catch(() => null);
    if (!found) return null;
    if (found.erased_at) throw new SupportError("INVALID", "This customer's record was erased; ask them for their details again.", "customer");
    return found.id;
  };
  if (c.id) {
    const id = await live(c.id);
    if (!id) throw new SupportError("NOT_FOUND", "No customer has this id.", "customer.id");
    return { id, created: false };
  }
  if (c.externalId) {
    const row = await db
      .selectFrom("customers")
      .select("id")
      .where("external_source", "=", c.externalSource)
      .where("external_id", "=", c.externalId)
      .executeTakeFirst();
    const id = row ? await live(row.id) : null;
    if (id) return { id, created: false };
    if (!c.email) throw new SupportError("NOT_FOUND", `No customer has ${c.externalSource} id ${c.externalId}; send their email too and we create them.`, "customer.externalId");
  }
  const email = c.email!;
  const byEmail = await db
    .selectFrom("customers")
    .select("id")
    .where("email", "=", email)
    .where("merged_into_id", "is", null)
    .where("erased_at", "is", null)
    .orderBy("archived_at", "desc") // live ones (NULL) first
    .orderBy("created_at")
    .limit(1)
    .executeTakeFirst();
  if (byEmail) return { id: byEmail.id, created: false };
  const created = await createCustomer(db, actor, {
    kind: "person",
    name: c.name ?? email.split("@")[0]!,
    email,
    phone: c.phone ?? null,
    country: c.country ?? null,
  });
  if (c.externalId) {
    await db
      .updateTable("customers")
      .set({ external_source: c.externalSource, external_id: c.externalId })
      .where("id", "=", created.id)
      .execute();
  }
  return { id: created.id, created: true };
}

/** Agents on shift now who have every one of the skills. */
async function agentsOnShiftWith(db: Kysely<Database>, skillIds: string[], now: Date): Promise<number> {
  let q = db
    .selectFrom("shifts")
    .select(sql<number>`count(DISTINCT shifts.agent_id)`.as("n"))
    .where("shifts.status", "=", "scheduled")
    .where("shifts.starts_at", "<=", now)
    .where("shifts.starts_at", ">", new Date(now.getTime() - MAX_SHIFT_MS))
    .where("shifts.ends_at", ">", now);
  for (const skillId of skillIds) {
    q = q.where((eb) =>
      eb.exists(eb.selectFrom("agent_skills").whereRef("agent_skills.agent_id", "=", "shifts.agent_id").where("agent_skills.skill_id", "=", skillId)),
    );
  }
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How long a computed average handle time is reused (it moves slowly; computing it reads a week of interactions). */
const HANDLE_TIME_TTL_MS = 60_000;
const handleTimeCache = new WeakMap<object, { at: number; seconds: number }>();

/**
 * Mean handle time of interactions finished in the last 7 days, or the default
 * before there are any. Recomputed at most once a minute per database: at
 * scale the week holds hundreds of thousands of interactions.
 */
async function averageHandleSeconds(db: Kysely<Database>, now: Date): Promise<number> {
  const cached = handleTimeCache.get(db);
  if (cached && Math.abs(now.getTime() - cached.at) < HANDLE_TIME_TTL_MS) return cached.seconds;
  const row = await db
    .selectFrom("interactions")
    .select(sql<number | null>`avg(extract(epoch from ended_at - started_at))`.as("s"))
    .where("ended_at", "is not", null)
    .where("started_at", ">", new Date(now.getTime() - 7 * 86_400_000))
    .where("source", "<>", "import")
    .executeTakeFirstOrThrow();
  const seconds = row.s === null ? DEFAULT_HANDLE_SECONDS : Math.max(30, Math.round(Number(row.s)));
  // Only the app's own handle (not a transaction's, which is new every time) is worth remembering.
  if (!db.isTransaction) handleTimeCache.set(db, { at: now.getTime(), seconds });
  return seconds;
}

/**
 * Place in the queue among waiting handoffs needing the same skill: those
 * marked priority (an earlier handoff abandoned) first, then the longest waiting.
 */
async function queuePosition(db: Kysely<Database>, h: { id: string; skill_id: string | null; priority: boolean; requested_at: Date }) {
  const row = await sql<{ ahead: number }>`
    SELECT count(*) AS ahead FROM handoffs o
    WHERE o.status = 'waiting' AND o.skill_id IS NOT DISTINCT FROM ${h.skill_id} AND o.id <> ${h.id}
      AND (o.priority > ${h.priority}
        OR (o.priority = ${h.priority} AND (o.requested_at < ${h.requested_at} OR (o.requested_at = ${h.requested_at} AND o.id < ${h.id}))))`.execute(db);
  return Number(row.rows[0]!.ahead) + 1;
}

/**
 * Until staffing with Erlang C lands, a stated simple estimate: the agents on
 * shift now with the needed skills each finish one customer per average handle
 * time, so the Nth in the queue waits about N × handle time ÷ agents.
 */
async function estimateWait(db: Kysely<Database>, position: number, skills: string[], now: Date): Promise<WaitEstimate> {
  const [agents, handle] = await Promise.all([agentsOnShiftWith(db, skills, now), averageHandleSeconds(db, now)]);
  return {
    estimatedWaitSeconds: agents === 0 ? null : Math.round((position * handle) / agents),
    agentsOnShift: agents,
    averageHandleSeconds: handle,
    basis:
      agents === 0
        ? "No agent with the needed skills is on shift now; the request waits for the next one."
        : `Position ${position} × ${handle} s average handle time ÷ ${agents} agent${agents === 1 ? "" : "s"} on shift with the needed skills.`,
  };
}

async function handoffRow(db: Kysely<Database>, key: ApiKeyPrincipal, handoffId: string, forUpdate = false) {
  let q = db
    .selectFrom("handoffs")
    .selectAll()
    .where("id", "=", handoffId)
    // Each key sees only its own requests; another's is "not found", not "forbidden".
    .where("api_key_id", "=", key.id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new SupportError("NOT_FOUND", "No handoff with this id was requested with this API key.", "handoffId");
  return row;
}

type HandoffRow = Awaited<ReturnType<typeof handoffRow>>;

async function statusView(db: Kysely<Database>, h: HandoffRow, now: Date): Promise<HandoffStatusView> {
  let position: number | null = null;
  let estimate: WaitEstimate | null = null;
  if (h.status === "waiting") {
    position = await queuePosition(db, h);
    estimate = await estimateWait(db, position, await neededSkillIds(db, h), now);
  }
  const agent = h.agent_id
    ? await db.selectFrom("agents").innerJoin("users", "users.id", "agents.user_id").select("users.name").where("agents.id", "=", h.agent_id).executeTakeFirst()
    : undefined;
  return {
    handoffId: h.id,
    customerId: h.customer_id,
    status: h.status,
    queuePosition: position,
    estimate,
    requestedAt: isoOrNull(h.requested_at)!,
    slaDueAt: isoOrNull(h.sla_due_at)!,
    offeredAt: isoOrNull(h.offered_at),
    acceptedAt: isoOrNull(h.accepted_at),
    resolvedAt: isoOrNull(h.resolved_at),
    cancelledAt: isoOrNull(h.cancelled_at),
    abandonedAt: isoOrNull(h.abandoned_at),
    agentName: agent?.name ?? null,
  };
}

/** handoff.request: the customer wants a human. Queues the request; routing and the answer's status follow once it is committed. */
export async function requestHandoff(
  db: Kysely<Database>,
  key: ApiKeyPrincipal,
  input: HandoffRequestInput,
  options: { ip?: string | null; now?: Date } = {},
) {
  const now = options.now ?? new Date();
  const actor = apiActor(key, options.ip ?? null);
  const skill = input.skill
    ? await db.selectFrom("skills").select(["id", "handoff_sla_seconds"]).where("code", "=", input.skill).executeTakeFirst()
    : null;
  if (input.skill && !skill) throw new SupportError("INVALID", `There is no skill "${input.skill}".`, "skill");
  const customer = await resolveCustomer(db, actor, input.customer);
  // A customer already waiting for (or talking with) a human keeps their place: asking twice does not queue twice.
  const alreadyOpen = (handoffId: string | null) =>
    new SupportError("CONFLICT", "This customer already has a human on the way; poll handoff.status with the handoff id.", "customer", {
      handoffId,
    });
  const open = await db
    .selectFrom("handoffs")
    .select(["id", "api_key_id"])
    .where("customer_id", "=", customer.id)
    .where("status", "in", UNFINISHED_STATUSES)
    .executeTakeFirst();
  // Another key's handoff id is not shown to this key.
  if (open) throw alreadyOpen(open.api_key_id === key.id ? open.id : null);
  const abandoned = await db
    .selectFrom("handoffs")
    .select("id")
    .where("customer_id", "=", customer.id)
    .where("status", "=", "abandoned")
    .where("abandoned_at", ">", new Date(now.getTime() - ABANDONED_PRIORITY_MS))
    .executeTakeFirst();
  const slaSeconds = skill?.handoff_sla_seconds ?? DEFAULT_HANDOFF_SLA_SECONDS;
  const row = await db
    .insertInto("handoffs")
    .values({
      customer_id: customer.id,
      api_key_id: key.id,
      channel: input.channel,
      reason: input.reason,
      language: input.language ?? null,
      skill_id: skill?.id ?? null,
      transcript: sql`${JSON.stringify(input.transcript.map((t) => ({ ...t, at: t.at?.toISOString() })))}::jsonb`,
      priority: Boolean(abandoned),
      // The database's clock, to the microsecond: the queue's order must not tie on a millisecond.
      requested_at: options.now ?? sql<Date>`now()`,
      sla_due_at: options.now ? new Date(options.now.getTime() + slaSeconds * 1000) : sql<Date>`now() + make_interval(secs => ${slaSeconds})`,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch((error: unknown) => {
      throw isUniqueViolation(error, "handoffs_one_open_per_customer") ? alreadyOpen(null) : error;
    });
  await recordHandoffEvent(db, row.id, "requested", row.requested_at, null, { customerCreated: customer.created });
  await recordAudit(db, actor, {
    action: "handoff.request",
    entityType: "handoff",
    entityId: row.id,
    after: { customerId: customer.id, customerCreated: customer.created, skill: input.skill ?? null, language: input.language ?? null, channel: input.channel },
  });
  return { handoffId: row.id, customerId: customer.id, customerCreated: customer.created };
}

/** handoff.status: where the request stands. */
export async function handoffStatus(db: Kysely<Database>, key: ApiKeyPrincipal, handoffId: string, now = new Date()) {
  return statusView(db, await handoffRow(db, key, handoffId), now);
}

/** handoff.cancel: the requester no longer needs a human, or the customer left (abandoned). */
export async function cancelHandoff(db: Kysely<Database>, key: ApiKeyPrincipal, input: HandoffCancelInput, options: { ip?: string | null; now?: Date } = {}) {
  const now = options.now ?? new Date();
  const h = await handoffRow(db, key, input.handoffId, true);
  if (h.status === "active") throw new SupportError("CONFLICT", "An agent is already with the customer; the conversation ends when they resolve it.");
  if (!OPEN_STATUSES.includes(h.status)) throw new SupportError("CONFLICT", `This handoff is already ${h.status}.`);
  const abandoned = input.reason === "customer_left";
  const updated = await db
    .updateTable("handoffs")
    .set(abandoned ? { status: "abandoned", abandoned_at: now } : { status: "cancelled", cancelled_at: now })
    .where("id", "=", h.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordHandoffEvent(db, h.id, abandoned ? "abandoned" : "cancelled", now, null, { was: h.status });
  await recordAudit(db, apiActor(key, options.ip ?? null), {
    action: abandoned ? "handoff.abandon" : "handoff.cancel",
    entityType: "handoff",
    entityId: h.id,
    before: { status: h.status },
    after: { status: updated.status },
  });
  return statusView(db, updated, now);
}

/** handoff.csat: the customer's 1–5 rating of the conversation, kept on its interaction. */
export async function rateHandoff(db: Kysely<Database>, key: ApiKeyPrincipal, handoffId: string, score: number) {
  const h = await handoffRow(db, key, handoffId, true);
  if (h.status !== "resolved" || !h.interaction_id) {
    throw new SupportError("CONFLICT", "Only a resolved conversation can be rated; this one is " + h.status + ".");
  }
  await db.updateTable("interactions").set({ csat: score }).where("id", "=", h.interaction_id).execute();
  return { handoffId: h.id, interactionId: h.interaction_id, csat: score };
}
