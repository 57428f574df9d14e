import { sql, type Kysely } from "kysely";
import type { Database, InteractionChannel, InteractionDirection, InteractionOutcome, InteractionSource } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import { requireAgentForUser } from "../workforce/agents.service";
import { MAX_SHIFT_MS } from "../workforce/shifts.service";
import type { LogInteractionInput, OffShiftReviewInput } from "./interactions.schema";
import { isoOrNull } from "../iso";
import { SupportError } from "./support.errors";

/** How far ahead of the server's clock a start may be (clients' clocks drift). */
const FUTURE_SLACK_MS = 5 * 60_000;

export interface InteractionView {
  id: string;
  customerId: string;
  agentId: string | null;
  agentName: string | null;
  shiftId: string | null;
  offShift: boolean;
  source: InteractionSource;
  importedOwner: string | null;
  channel: InteractionChannel;
  direction: InteractionDirection;
  startedAt: string;
  endedAt: string | null;
  subject: string;
  summary: string | null;
  outcome: InteractionOutcome | null;
  caseId: string | null;
  csat: number | null;
  reviewedAt: string | null;
}

/** Interactions with their agent's name: the columns every interaction view starts from. */
export function interactionQuery(db: Kysely<Database>) {
  return db
    .selectFrom("interactions as i")
    .leftJoin("agents", "agents.id", "i.agent_id")
    .leftJoin("users", "users.id", "agents.user_id")
    .select([
      "i.id",
      "i.customer_id",
      "i.agent_id",
      "users.name as agent_name",
      "i.shift_id",
      "i.off_shift",
      "i.source",
      "i.imported_owner",
      "i.channel",
      "i.direction",
      "i.started_at",
      "i.ended_at",
      "i.subject",
      "i.summary",
      "i.outcome",
      "i.case_id",
      "i.csat",
      "i.reviewed_at",
    ]);
}

type InteractionRow = Awaited<ReturnType<ReturnType<typeof interactionQuery>["executeTakeFirstOrThrow"]>>;

function toView(r: InteractionRow): InteractionView {
  return {
    id: r.id,
    customerId: r.customer_id,
    agentId: r.agent_id,
    agentName: r.agent_name,
    shiftId: r.shift_id,
    offShift: r.off_shift,
    source: r.source,
    importedOwner: r.imported_owner,
    channel: r.channel,
    direction: r.direction,
    startedAt: isoOrNull(r.started_at)!,
    endedAt: isoOrNull(r.ended_at),
    subject: r.subject,
    summary: r.summary,
    outcome: r.outcome,
    caseId: r.case_id,
    csat: r.csat,
    reviewedAt: isoOrNull(r.reviewed_at),
  };
}

export async function getInteraction(db: Kysely<Database>, interactionId: string): Promise<InteractionView> {
  const row = await interactionQuery(db).where("i.id", "=", interactionId).executeTakeFirst();
  if (!row) throw new SupportError("NOT_FOUND", "No such interaction.");
  return toView(row);
}

/**
 * The agent's shift that covers an instant: scheduled, starts at or before it
 * and ends after it (a shift ending at 17:00 does not cover 17:00; the next
 * one starting then does). The row is share-locked, so the shift cannot be
 * cancelled or moved away from the instant before the caller commits.
 */
export async function shiftCovering(db: Kysely<Database>, agentId: string, at: Date): Promise<string | null> {
  const row = await db
    .selectFrom("shifts")
    .select("id")
    .where("agent_id", "=", agentId)
    .where("status", "=", "scheduled")
    .where("starts_at", "<=", at)
    .where("starts_at", ">", new Date(at.getTime() - MAX_SHIFT_MS)) // a shift is at most 24 h (index range)
    .where("ends_at", ">", at)
    .orderBy("starts_at", "desc")
    .limit(1)
    .forShare()
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * The record a (possibly merged-away) customer id stands for now: the merge
 * chain is followed to its survivor, each row share-locked so a merge waits
 * for us. Null when the id (or a link of the chain) does not exist. Erased
 * customers are never merged, so an erased row is always the chain's end.
 */
export async function mergeSurvivor(db: Kysely<Database>, customerId: string) {
  let id = customerId;
  for (let hops = 0; hops < 10; hops++) {
    const row = await db.selectFrom("customers").select(["id", "merged_into_id", "erased_at"]).where("id", "=", id).forShare().executeTakeFirst();
    if (!row) return null;
    if (!row.merged_into_id) return row;
    id = row.merged_into_id;
  }
  return null;
}

/** The live customer to add an interaction to; an erased one takes no more. */
async function liveCustomerId(db: Kysely<Database>, customerId: string): Promise<string> {
  const row = await mergeSurvivor(db, customerId);
  if (!row) throw new SupportError("NOT_FOUND", "No such customer.", "customerId");
  if (row.erased_at) throw new SupportError("INVALID", "This customer was erased; interactions cannot be added.", "customerId");
  return row.id;
}

/**
 * An agent logs an interaction with a customer. The agent is the signed-in
 * user's agent record (never taken from the input); the shift is the agent's
 * shift covering `startedAt`, or none, and then the interaction is stored
 * with off_shift = true for supervisors to review.
 *
 * The usual case (an agent, a live customer, no case or one of that
 * customer's, a start not in the future) is one statement: `logInteractionAtOnce`.
 * Anything else (a merged-away customer to follow, or an error to report)
 * takes the step-by-step path, which decides exactly as the statement does.
 *
 * Atomic either way: the one statement is its own transaction, and the
 * step-by-step path runs in the caller's transaction or, outside one, in
 * its own. So a caller need not open a transaction (which costs two more
 * round trips, BEGIN and COMMIT, on every request).
 */
export async function logInteraction(db: Kysely<Database>, actor: Actor & { id: string }, input: LogInteractionInput, now = new Date()) {
  const startedAt = input.startedAt ?? now;
  if (startedAt.getTime() <= now.getTime() + FUTURE_SLACK_MS) {
    const row = await logInteractionAtOnce(db, actor, input, startedAt);
    if (row) return toView(row);
  }
  if (db.isTransaction) return logInteractionStepByStep(db, actor, input, now);
  return db.transaction().execute((trx) => logInteractionStepByStep(trx, actor, input, now));
}

/**
 * The usual case in one round trip: the actor's agent, the customer
 * share-locked (only when live: neither merged away nor erased), the case
 * checked to be that customer's, the agent's scheduled shift covering the
 * start share-locked (as `shiftCovering`), the insert, and the row as
 * `getInteraction` reads it. No row back means nothing was inserted: the
 * step-by-step path then follows a merge or says what is wrong.
 *
 * One INSERT … SELECT with the locks in its FROM, rather than a chain of
 * CTEs: PostgreSQL plans it in half the time, and planning is most of what
 * this statement costs the database.
 */
async function logInteractionAtOnce(
  db: Kysely<Database>,
  actor: Actor & { id: string },
  input: LogInteractionInput,
  startedAt: Date,
): Promise<InteractionRow | null> {
  const caseCheck = input.caseId
    ? sql`AND EXISTS (SELECT 1 FROM cases WHERE cases.id = ${input.caseId} AND cases.customer_id = customer.id)`
    : sql``;
  const { rows } = await sql<InteractionRow>`
    INSERT INTO interactions (customer_id, agent_id, shift_id, off_shift, source, channel, direction, started_at, ended_at,
                              subject, summary, outcome, case_id, created_by)
    SELECT customer.id, agent.id, shift.id, shift.id IS NULL, 'agent', ${input.channel}, ${input.direction},
           ${startedAt}::timestamptz, ${input.endedAt ?? null}::timestamptz, ${input.subject}, ${input.summary || null}, ${input.outcome ?? null},
           ${input.caseId ?? null}::uuid, ${actor.id}
      FROM agents agent
      JOIN (SELECT id FROM customers WHERE id = ${input.customerId} AND merged_into_id IS NULL AND erased_at IS NULL FOR SHARE) customer ON true
      LEFT JOIN LATERAL (
        SELECT id FROM shifts
         WHERE agent_id = agent.id AND status = 'scheduled'
           AND starts_at <= ${startedAt}::timestamptz AND starts_at > ${startedAt}::timestamptz - interval '24 hours' AND ends_at > ${startedAt}::timestamptz
         ORDER BY starts_at DESC LIMIT 1
           FOR SHARE
      ) shift ON true
     WHERE agent.user_id = ${actor.id} ${caseCheck}
    RETURNING id, customer_id, agent_id, shift_id, off_shift, source, imported_owner, channel, direction, started_at, ended_at,
              subject, summary, outcome, case_id, csat, reviewed_at,
              (SELECT name FROM users WHERE users.id = interactions.created_by) AS agent_name`.execute(db);
  return rows[0] ?? null;
}

async function logInteractionStepByStep(db: Kysely<Database>, actor: Actor & { id: string }, input: LogInteractionInput, now: Date) {
  const agent = await requireAgentForUser(db, actor.id);
  const startedAt = input.startedAt ?? now;
  if (startedAt.getTime() > now.getTime() + FUTURE_SLACK_MS) {
    throw new SupportError("INVALID", "An interaction cannot start in the future.", "startedAt");
  }
  const customerId = await liveCustomerId(db, input.customerId);
  if (input.caseId) {
    const kase = await db.selectFrom("cases").select("customer_id").where("id", "=", input.caseId).executeTakeFirst();
    if (!kase) throw new SupportError("NOT_FOUND", "No such case.", "caseId");
    if (kase.customer_id !== customerId) throw new SupportError("INVALID", "That case belongs to another customer.", "caseId");
  }
  const shiftId = await shiftCovering(db, agent.id, startedAt);
  const { id } = await db
    .insertInto("interactions")
    .values({
      customer_id: customerId,
      agent_id: agent.id,
      shift_id: shiftId,
      off_shift: shiftId === null,
      source: "agent",
      channel: input.channel,
      direction: input.direction,
      started_at: startedAt,
      ended_at: input.endedAt ?? null,
      subject: input.subject,
      summary: input.summary || null,
      outcome: input.outcome ?? null,
      case_id: input.caseId ?? null,
      created_by: actor.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return getInteraction(db, id);
}

/** Off-shift interactions not yet reviewed, newest first, for supervisors. */
export async function offShiftForReview(db: Kysely<Database>, input: OffShiftReviewInput) {
  let q = interactionQuery(db)
    .innerJoin("customers", "customers.id", "i.customer_id")
    // The agent's own zone too: whether the work was late for them is read on their clock.
    .select(["customers.name as customer_name", "agents.time_zone as agent_time_zone"])
    .where("i.off_shift", "=", true)
    .where("i.reviewed_at", "is", null)
    .orderBy("i.started_at", "desc")
    .orderBy("i.id", "desc")
    .limit(input.limit + 1);
  if (input.after) {
    const { startedAt, id } = input.after;
    q = q.where((eb) => eb.or([eb("i.started_at", "<", startedAt), eb.and([eb("i.started_at", "=", startedAt), eb("i.id", "<", id)])]));
  }
  const rows = await q.execute();
  const items = rows.slice(0, input.limit).map((r) => ({ ...toView(r), customerName: r.customer_name, agentTimeZone: r.agent_time_zone }));
  const last = items[items.length - 1];
  return { items, next: rows.length > input.limit && last ? { startedAt: last.startedAt, id: last.id } : null };
}

/** A supervisor has looked at an off-shift interaction (audited). */
export async function markReviewed(db: Kysely<Database>, actor: Actor & { id: string }, interactionId: string) {
  const row = await db
    .updateTable("interactions")
    .set({ reviewed_at: sql`now()`, reviewed_by: actor.id })
    .where("id", "=", interactionId)
    .where("off_shift", "=", true)
    .where("reviewed_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  if (!row) {
    const found = await db.selectFrom("interactions").select(["off_shift", "reviewed_at"]).where("id", "=", interactionId).executeTakeFirst();
    if (!found) throw new SupportError("NOT_FOUND", "No such interaction.");
    throw new SupportError("CONFLICT", found.off_shift ? "Already reviewed." : "This interaction was on shift; there is nothing to review.");
  }
  await recordAudit(db, actor, { action: "interaction.review", entityType: "interaction", entityId: interactionId, after: { reviewed: true } });
  return getInteraction(db, interactionId);
}
