import { sql, type Kysely } from "kysely";
import type { Database, HandoffStatus, InteractionChannel, PresenceStatus } from "../../db/schema";
import { requireAgentForUser } from "../workforce/agents.service";
import { MAX_SHIFT_MS, onShiftNow } from "../workforce/shifts.service";
import { isoOrNull } from "../iso";

/**
 * What the agent console and the supervisor wall show. Read-only; the pages
 * reload it when a live event arrives.
 */

const QUEUE_LIMIT = 50;

export interface TranscriptLine {
  from: "bot" | "customer" | "system";
  text: string;
  at?: string;
}

export interface HandoffCard {
  id: string;
  status: HandoffStatus;
  customerId: string;
  customerName: string;
  customerEmail: string | null;
  reason: string;
  channel: InteractionChannel;
  language: string | null;
  skill: { code: string; name: string } | null;
  priority: boolean;
  requestedAt: string;
  slaDueAt: string;
  offeredAt: string | null;
  offerExpiresAt: string | null;
  acceptedAt: string | null;
  escalatedAt: string | null;
  agentName: string | null;
  transcript: TranscriptLine[];
}

/**
 * A handoff with its customer, skill and the agent who has it (taken, else offered): the console's and the wall's
 * cards, and the open request on a customer's 360 page. The transcript is read apart (only the console shows it).
 */
export function cardQuery(db: Kysely<Database>) {
  return db
    .selectFrom("handoffs as h")
    .innerJoin("customers as c", "c.id", "h.customer_id")
    .leftJoin("skills as s", "s.id", "h.skill_id")
    .leftJoin("agents as a", (j) => j.on((eb) => eb("a.id", "=", eb.fn.coalesce("h.agent_id", "h.offered_agent_id"))))
    .leftJoin("users as u", "u.id", "a.user_id")
    .select([
      "h.id",
      "h.status",
      "h.customer_id",
      "c.name as customer_name",
      "c.email as customer_email",
      "h.reason",
      "h.channel",
      "h.language",
      "h.skill_id",
      "s.code as skill_code",
      "s.name as skill_name",
      "h.priority",
      "h.requested_at",
      "h.sla_due_at",
      "h.offered_at",
      "h.offer_expires_at",
      "h.accepted_at",
      "h.escalated_at",
      "u.name as agent_name",
    ]);
}

type CardRow = Awaited<ReturnType<ReturnType<typeof cardQuery>["executeTakeFirstOrThrow"]>>;

function toCard(r: CardRow, transcript: unknown = []): HandoffCard {
  const lines = (typeof transcript === "string" ? JSON.parse(transcript) : transcript) as TranscriptLine[];
  return {
    id: r.id,
    status: r.status,
    customerId: r.customer_id,
    customerName: r.customer_name,
    customerEmail: r.customer_email,
    reason: r.reason,
    channel: r.channel,
    language: r.language,
    skill: r.skill_code ? { code: r.skill_code, name: r.skill_name! } : null,
    priority: r.priority,
    requestedAt: isoOrNull(r.requested_at)!,
    slaDueAt: isoOrNull(r.sla_due_at)!,
    offeredAt: isoOrNull(r.offered_at),
    offerExpiresAt: isoOrNull(r.offer_expires_at),
    acceptedAt: isoOrNull(r.accepted_at),
    escalatedAt: isoOrNull(r.escalated_at),
    agentName: r.agent_name,
    transcript: Array.isArray(lines) ? lines : [],
  };
}

/** Waiting and offered handoffs, in the order they are served. */
async function openQueue(db: Kysely<Database>) {
  const rows = await cardQuery(db)
    .where("h.status", "in", ["waiting", "offered"])
    .orderBy("h.priority", "desc")
    .orderBy("h.requested_at")
    .orderBy("h.id")
    .limit(QUEUE_LIMIT)
    .execute();
  const total = await db
    .selectFrom("handoffs")
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere("status", "=", "waiting").as("waiting"),
      eb.fn.countAll<number>().filterWhere("status", "=", "offered").as("offered"),
      eb.fn.countAll<number>().filterWhere("status", "=", "active").as("active"),
      eb.fn.min("requested_at").filterWhere("status", "in", ["waiting", "offered"]).as("oldest"),
    ])
    .where("status", "in", ["waiting", "offered", "active"])
    .executeTakeFirstOrThrow();
  return {
    rows,
    counts: { waiting: Number(total.waiting), offered: Number(total.offered), active: Number(total.active) },
    oldestRequestedAt: total.oldest ? new Date(total.oldest as unknown as string | Date) : null,
  };
}

/** The signed-in agent's console: availability, shift, the offer waiting for them, their conversation, the queue. */
export async function consoleState(db: Kysely<Database>, userId: string, now = new Date()) {
  const agent = await requireAgentForUser(db, userId);
  const [presence, shift, skills, mine, queue] = await Promise.all([
    db.selectFrom("agent_presence").select(["status", "changed_at"]).where("agent_id", "=", agent.id).executeTakeFirst(),
    db
      .selectFrom("shifts")
      .select(["id", "starts_at", "ends_at"])
      .where("agent_id", "=", agent.id)
      .where("status", "=", "scheduled")
      .where("starts_at", "<=", now)
      .where("starts_at", ">", new Date(now.getTime() - MAX_SHIFT_MS))
      .where("ends_at", ">", now)
      .executeTakeFirst(),
    db.selectFrom("agent_skills").select("skill_id").where("agent_id", "=", agent.id).execute(),
    cardQuery(db)
      .select("h.transcript")
      .where((eb) =>
        eb.or([
          eb.and([eb("h.status", "=", "offered"), eb("h.offered_agent_id", "=", agent.id)]),
          eb.and([eb("h.status", "=", "active"), eb("h.agent_id", "=", agent.id)]),
        ]),
      )
      .execute(),
    openQueue(db),
  ]);
  const nextShift = shift
    ? null
    : await db
        .selectFrom("shifts")
        .select(["starts_at", "ends_at"])
        .where("agent_id", "=", agent.id)
        .where("status", "=", "scheduled")
        .where("starts_at", ">", now)
        .orderBy("starts_at")
        .limit(1)
        .executeTakeFirst();
  const mySkills = new Set(skills.map((s) => s.skill_id));
  const langSkills = await db.selectFrom("skills").select(["id", "code"]).where("code", "like", "lang:%").execute();
  const langId = new Map(langSkills.map((s) => [s.code.slice(5), s.id]));
  const canServe = (r: CardRow) =>
    (!r.skill_id || mySkills.has(r.skill_id)) && (!r.language || !langId.has(r.language) || mySkills.has(langId.get(r.language)!));
  const offer = mine.find((m) => m.status === "offered");
  return {
    now: now.toISOString(),
    agent: { id: agent.id, name: agent.name },
    presence: { status: (presence?.status ?? "away") as PresenceStatus, since: isoOrNull(presence?.changed_at ?? null) },
    shift: shift ? { id: shift.id, startsAt: isoOrNull(shift.starts_at)!, endsAt: isoOrNull(shift.ends_at)! } : null,
    nextShift: nextShift ? { startsAt: isoOrNull(nextShift.starts_at)!, endsAt: isoOrNull(nextShift.ends_at)! } : null,
    offer: offer ? toCard(offer, offer.transcript) : null,
    active: mine.filter((m) => m.status === "active").map((m) => toCard(m, m.transcript)),
    queue: {
      items: queue.rows.map((r) => ({ ...toCard(r), canServe: canServe(r) })),
      counts: queue.counts,
    },
  };
}

export type ConsoleState = Awaited<ReturnType<typeof consoleState>>;

/**
 * The supervisor wall: who is on shift and whether they take customers, the
 * queue, the longest wait, today's SLA breaches, off-shift work to review.
 */
export async function wallState(db: Kysely<Database>, options: { now?: Date; dayStart?: Date } = {}) {
  const now = options.now ?? new Date();
  const dayStart = options.dayStart ?? new Date(now.getTime() - 86_400_000);
  const [onShift, queue, today, toReview] = await Promise.all([
    onShiftNow(db, { at: now }),
    openQueue(db),
    db
      .selectFrom("handoffs")
      .select((eb) => [
        eb.fn.countAll<number>().as("requested"),
        eb.fn
          .countAll<number>()
          .filterWhere((w) =>
            w.or([w("escalated_at", "is not", null), w.and([w("accepted_at", "is not", null), w("accepted_at", ">", w.ref("sla_due_at"))])]),
          )
          .as("breaches"),
        eb.fn.countAll<number>().filterWhere("status", "=", "resolved").as("resolved"),
        eb.fn.countAll<number>().filterWhere("status", "=", "abandoned").as("abandoned"),
      ])
      .where("requested_at", ">=", dayStart)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("interactions")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("off_shift", "=", true)
      .where("reviewed_at", "is", null)
      .executeTakeFirstOrThrow(),
  ]);
  const agentIds = onShift.map((a) => a.agentId);
  const [presence, busyWith] = agentIds.length
    ? await Promise.all([
        db.selectFrom("agent_presence").select(["agent_id", "status", "changed_at"]).where("agent_id", "in", agentIds).execute(),
        cardQuery(db)
          .select(["h.agent_id", "h.offered_agent_id"])
          .where((eb) =>
            eb.or([
              eb.and([eb("h.status", "=", "offered"), eb("h.offered_agent_id", "in", agentIds)]),
              eb.and([eb("h.status", "=", "active"), eb("h.agent_id", "in", agentIds)]),
            ]),
          )
          .execute(),
      ])
    : [[], []];
  const presenceOf = new Map(presence.map((p) => [p.agent_id, p]));
  const handoffOf = new Map(busyWith.map((b) => [(b.status === "active" ? b.agent_id : b.offered_agent_id)!, b]));
  const agents = onShift.map((a) => {
    const p = presenceOf.get(a.agentId);
    const h = handoffOf.get(a.agentId);
    return {
      ...a,
      presence: (p?.status ?? "away") as PresenceStatus,
      presenceSince: isoOrNull(p?.changed_at ?? null),
      handoff: h ? { id: h.id, status: h.status, customerName: h.customer_name, customerId: h.customer_id } : null,
    };
  });
  const oldest = queue.oldestRequestedAt;
  return {
    now: now.toISOString(),
    agents,
    queue: queue.rows.map((r) => toCard(r)),
    stats: {
      onShift: agents.length,
      // Free to be offered a customer: available and not already offered one or talking to one.
      available: agents.filter((a) => a.presence === "available" && !a.handoff).length,
      waiting: queue.counts.waiting,
      offered: queue.counts.offered,
      active: queue.counts.active,
      longestWaitSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : null,
      requestedToday: Number(today.requested),
      slaBreachesToday: Number(today.breaches),
      resolvedToday: Number(today.resolved),
      abandonedToday: Number(today.abandoned),
      offShiftToReview: Number(toReview.n),
    },
  };
}

export type WallState = Awaited<ReturnType<typeof wallState>>;

/** Every step of one handoff, oldest first (for the console and the wall). */
export async function handoffHistory(db: Kysely<Database>, handoffId: string) {
  const rows = await db
    .selectFrom("handoff_events as e")
    .leftJoin("agents as a", "a.id", "e.agent_id")
    .leftJoin("users as u", "u.id", "a.user_id")
    .select(["e.kind", "e.at", "u.name as agent_name", sql<unknown>`e.detail`.as("detail")])
    .where("e.handoff_id", "=", handoffId)
    .orderBy("e.at")
    .orderBy("e.id")
    .execute();
  return rows.map((r) => ({ kind: r.kind, at: isoOrNull(r.at)!, agentName: r.agent_name, detail: r.detail }));
}
