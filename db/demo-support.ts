import { sql, type Insertable, type Kysely } from "kysely";
import type { Database, InteractionChannel, InteractionOutcome, InteractionsTable } from "./schema";
import { prng } from "./demo-customers";

/**
 * Demo support history: weeks of interactions logged by the demo agents during
 * their shifts (each linked to the shift covering its start, as the app links
 * them), a few logged off shift for the supervisor to review, and customers
 * waiting for a human right now. Deterministic for a given `now`; skipped when
 * any interaction exists.
 */

export interface DemoSupportSummary {
  interactionsCreated: number;
  handoffsCreated: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** What customers came about, and what the agent wrote down afterwards. */
const TOPICS: [InteractionChannel, string, string[]][] = [
  ["phone", "Billing question about the last invoice", ["Explained the charge line by line; customer satisfied.", "Found a duplicate charge and refunded it."]],
  ["phone", "Card declined at checkout", ["The bank blocked the payment; customer will call them and retry.", "Card had expired; helped add the new one."]],
  ["chat", "Where is my order?", ["Parcel delayed at the depot; shared the tracking link and the new date.", "Escalated to the warehouse team with the order number."]],
  ["chat", "Change the delivery address", ["Updated the address and confirmed the new delivery date.", "Too late to change: arranged a redelivery instead."]],
  ["email", "Refund for a damaged item", ["Offered a partial refund, customer accepted.", "Sent a prepaid return label; refund on arrival."]],
  ["email", "Cancel the subscription at renewal", ["Cancelled from the next renewal; confirmation sent.", "Offered a pause instead; customer will think about it."]],
  ["chat", "Password reset link does not arrive", ["Re-sent the link and confirmed it arrived while on the line.", "The email bounced; corrected the address and re-sent."]],
  ["phone", "Upgrade to the annual plan", ["Switched to annual billing; unused months credited.", "Explained the annual discount; customer will decide next week."]],
  ["social", "Complaint about a late delivery", ["Apologised publicly, took it to direct messages and offered a voucher."]],
  ["email", "Invoice needs the company VAT number", ["Reissued the invoice with the VAT number."]],
];
const OUTCOMES: (InteractionOutcome | null)[] = ["resolved", "resolved", "resolved", "resolved", "follow_up", "escalated", null];
const WAITING: { reason: string; skill: string; minutesAgo: number }[] = [
  { reason: "The bot could not explain a double charge", skill: "billing", minutesAgo: 3 },
  { reason: "Wants to talk to a person about a refund", skill: "refunds", minutesAgo: 2 },
  { reason: "App keeps logging them out", skill: "technical", minutesAgo: 1 },
  { reason: "Wants to change the name on their account", skill: "general", minutesAgo: 0.5 },
];

export async function seedDemoSupport(db: Kysely<Database>, now: Date): Promise<DemoSupportSummary> {
  const summary: DemoSupportSummary = { interactionsCreated: 0, handoffsCreated: 0 };
  if (await db.selectFrom("interactions").select("id").limit(1).executeTakeFirst()) return summary;
  const customers = await db
    .selectFrom("customers")
    .select("id")
    .where("merged_into_id", "is", null)
    .where("erased_at", "is", null)
    .where("archived_at", "is", null)
    .orderBy("name")
    .orderBy("id")
    .execute();
  if (customers.length === 0) return summary;
  const random = prng(5_2026_11);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

  // The demo agents' finished shifts of the last three weeks (and the ones running now, up to now).
  const shifts = await db
    .selectFrom("shifts")
    .innerJoin("agents", "agents.id", "shifts.agent_id")
    .innerJoin("users", "users.id", "agents.user_id")
    .select(["shifts.id", "shifts.agent_id", "shifts.starts_at", "shifts.ends_at", "users.id as user_id"])
    .where("users.is_demo", "=", true)
    .where("shifts.status", "=", "scheduled")
    .where("shifts.starts_at", ">", new Date(now.getTime() - 21 * DAY))
    .where("shifts.starts_at", "<", new Date(now.getTime() - 30 * MINUTE))
    .orderBy("shifts.starts_at")
    .orderBy("shifts.id")
    .execute();

  const rows: Insertable<InteractionsTable>[] = [];
  for (const s of shifts) {
    const start = new Date(s.starts_at).getTime();
    const end = Math.min(new Date(s.ends_at).getTime(), now.getTime() - 10 * MINUTE);
    const count = 2 + Math.floor(random() * 3);
    for (let i = 0; i < count; i++) {
      const startedAt = start + Math.floor(random() * Math.max(1, end - start - 20 * MINUTE));
      const [channel, subject, notes] = pick(TOPICS);
      rows.push({
        customer_id: pick(customers).id,
        agent_id: s.agent_id,
        shift_id: s.id,
        off_shift: false,
        source: "agent",
        channel,
        direction: random() < 0.85 ? "inbound" : "outbound",
        started_at: new Date(startedAt),
        ended_at: new Date(startedAt + (3 + Math.floor(random() * 17)) * MINUTE),
        subject,
        summary: pick(notes),
        outcome: pick(OUTCOMES),
        csat: random() < 0.4 ? 3 + Math.floor(random() * 3) : null,
        created_by: s.user_id,
      });
    }
  }
  // A few logged outside any shift: an hour after a shift ended (no demo agent works back to back).
  for (const s of shifts.filter((_, i) => i % 97 === 5).slice(0, 3)) {
    const startedAt = new Date(s.ends_at).getTime() + 60 * MINUTE;
    if (startedAt > now.getTime()) continue;
    const clash = await db
      .selectFrom("shifts")
      .select("id")
      .where("agent_id", "=", s.agent_id)
      .where("status", "=", "scheduled")
      .where("starts_at", "<=", new Date(startedAt))
      .where("ends_at", ">", new Date(startedAt))
      .executeTakeFirst();
    if (clash) continue;
    rows.push({
      customer_id: pick(customers).id,
      agent_id: s.agent_id,
      shift_id: null,
      off_shift: true,
      source: "agent",
      channel: "email",
      direction: "outbound",
      started_at: new Date(startedAt),
      ended_at: new Date(startedAt + 8 * MINUTE),
      subject: "Follow-up sent after the shift",
      summary: "Answered a customer's email from home after signing off.",
      outcome: "follow_up",
      created_by: s.user_id,
    });
  }
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insertInto("interactions").values(rows.slice(i, i + 1000)).execute();
  }
  summary.interactionsCreated = rows.length;

  // Customers waiting for a human right now (as the website's bot would have asked).
  const skills = await db.selectFrom("skills").select(["id", "code"]).execute();
  const skillId = new Map(skills.map((k) => [k.code, k.id]));
  const waiting = WAITING.map((w, i) => ({
    customer_id: customers[(i * 37 + 11) % customers.length]!.id,
    channel: "chat" as const,
    reason: w.reason,
    language: "en",
    skill_id: skillId.get(w.skill) ?? null,
    transcript: sql`${JSON.stringify([
      { from: "customer", text: w.reason },
      { from: "bot", text: "I'm getting a person for you." },
    ])}::jsonb`,
    requested_at: new Date(now.getTime() - w.minutesAgo * MINUTE),
    sla_due_at: new Date(now.getTime() - w.minutesAgo * MINUTE + 60_000),
  }));
  const waitingRows = await db.insertInto("handoffs").values(waiting).returning(["id", "requested_at"]).execute();
  await db.insertInto("handoff_events").values(waitingRows.flatMap(seededHandoffEvents)).execute();
  summary.handoffsCreated = waiting.length;

  // The other agents on shift now: most busy with other work, one talking with a customer. The
  // waiting customers stay for whoever signs in and says they are available (agent@demo.test first).
  const onShift = await db
    .selectFrom("shifts")
    .innerJoin("agents", "agents.id", "shifts.agent_id")
    .innerJoin("users", "users.id", "agents.user_id")
    .select(["agents.id as agent_id", "users.email"])
    .where("shifts.status", "=", "scheduled")
    .where("shifts.starts_at", "<=", now)
    .where("shifts.ends_at", ">", now)
    .where("users.email", "<>", "agent@demo.test")
    .orderBy("users.email")
    .execute();
  if (onShift.length) {
    await db
      .insertInto("agent_presence")
      .values(onShift.map((a, i) => ({ agent_id: a.agent_id, status: i % 3 === 2 ? ("away" as const) : ("busy" as const), changed_at: now, idle_since: now })))
      .onConflict((oc) => oc.column("agent_id").doNothing())
      .execute();
    const talking = onShift[0]!;
    const acceptedAt = new Date(now.getTime() - 4 * MINUTE);
    const [active] = await db
      .insertInto("handoffs")
      .values({
        customer_id: customers[(WAITING.length * 37 + 11) % customers.length]!.id,
        channel: "chat",
        reason: "Asked where their replacement card is",
        language: "en",
        transcript: sql`${JSON.stringify([
          { from: "customer", text: "My new card never arrived" },
          { from: "bot", text: "Let me connect you with a person." },
        ])}::jsonb`,
        status: "active",
        requested_at: new Date(acceptedAt.getTime() - 40_000),
        sla_due_at: new Date(acceptedAt.getTime() + 20_000),
        offered_at: new Date(acceptedAt.getTime() - 10_000),
        offered_agent_id: talking.agent_id,
        accepted_at: acceptedAt,
        agent_id: talking.agent_id,
      })
      .returning(["id", "requested_at", "offered_at", "accepted_at", "agent_id"])
      .execute();
    await db.insertInto("handoff_events").values(seededHandoffEvents(active!)).execute();
    summary.handoffsCreated++;
  }
  return summary;
}

/** The history a seeded handoff's timestamps imply, step by step, as the routing writes it. */
export function seededHandoffEvents(h: {
  id: string;
  requested_at: Date;
  offered_at?: Date | null;
  accepted_at?: Date | null;
  resolved_at?: Date | null;
  agent_id?: string | null;
}) {
  const agent = h.agent_id ?? null;
  const steps = [
    ["offered", h.offered_at],
    ["accepted", h.accepted_at],
    ["resolved", h.resolved_at],
  ] as const;
  return [
    { handoff_id: h.id, kind: "requested" as const, at: h.requested_at, agent_id: null },
    ...steps.flatMap(([kind, at]) => (at ? [{ handoff_id: h.id, kind, at, agent_id: agent }] : [])),
  ];
}
