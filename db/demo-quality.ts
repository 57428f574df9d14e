import { sql, type Insertable, type Kysely } from "kysely";
import type { Database, HandoffsTable, QaCriterionKind } from "./schema";
import { scorecardPercent } from "../server/support/quality.service";
import { prng } from "./demo-customers";
import { seededHandoffEvents } from "./demo-support";

/**
 * Demo quality: a QA form (and one retired criterion), scorecards by the demo
 * supervisor on a sample of the demo agents' interactions, some low CSAT on
 * escalations, and — when no handoff was ever accepted — a history of handoffs
 * that became interactions, so the quality page shows handoff waits and SLA.
 * Deterministic for a given `now`; skipped when a QA criterion exists.
 */

export interface DemoQualitySummary {
  qaCriteriaCreated: number;
  scorecardsCreated: number;
  historicHandoffsCreated: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

const FORM: { name: string; description: string; kind: QaCriterionKind; maxPoints: number; weight: number; critical?: boolean }[] = [
  { name: "Greeting and introduction", description: "Greets the customer, gives their name, sets a friendly tone.", kind: "points", maxPoints: 5, weight: 1 },
  {
    name: "Verified identity",
    description: "Checked identity before discussing the account. Failing this fails the scorecard.",
    kind: "pass_fail",
    maxPoints: 1,
    weight: 2,
    critical: true,
  },
  { name: "Understood the need", description: "Asked the right questions; restated the problem before solving it.", kind: "points", maxPoints: 5, weight: 2 },
  { name: "Resolution and accuracy", description: "Correct answer or action; nothing left half done.", kind: "points", maxPoints: 10, weight: 3 },
  { name: "Tone and empathy", description: "Patient, clear, acknowledged the customer's feelings.", kind: "points", maxPoints: 5, weight: 2 },
  { name: "Notes and wrap-up", description: "Summary logged, next steps agreed, case updated.", kind: "points", maxPoints: 5, weight: 1 },
];
const RETIRED = { name: "Offered the loyalty upgrade", description: "Retired: the campaign ended.", kind: "pass_fail" as const, maxPoints: 1, weight: 1 };

const COMMENTS = [
  "Clear and friendly; good summary at the end.",
  "Solved it, but check identity before reading out account details.",
  "Great empathy with an upset customer.",
  "Took a while to understand the question; restate it sooner.",
  "Accurate answer, notes could be more specific.",
  null,
  null,
];

export async function seedDemoQuality(db: Kysely<Database>, now: Date): Promise<DemoQualitySummary> {
  const summary: DemoQualitySummary = { qaCriteriaCreated: 0, scorecardsCreated: 0, historicHandoffsCreated: 0 };
  if (await db.selectFrom("qa_criteria").select("id").limit(1).executeTakeFirst()) return summary;
  const supervisor = await db.selectFrom("users").select("id").where("email", "=", "supervisor@demo.test").executeTakeFirst();
  if (!supervisor) return summary;
  const random = prng(12_2026_11);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

  const criteria = await db
    .insertInto("qa_criteria")
    .values(
      FORM.map((c, position) => ({
        name: c.name,
        description: c.description,
        kind: c.kind,
        max_points: c.maxPoints,
        weight: c.weight,
        critical: c.critical ?? false,
        position,
        created_by: supervisor.id,
      })),
    )
    .returning(["id", "name", "kind", "max_points", "weight", "critical", "position"])
    .execute();
  await db
    .insertInto("qa_criteria")
    .values({
      name: RETIRED.name,
      description: RETIRED.description,
      kind: RETIRED.kind,
      max_points: RETIRED.maxPoints,
      weight: RETIRED.weight,
      position: FORM.length,
      created_by: supervisor.id,
      retired_at: new Date(now.getTime() - 30 * DAY),
      retired_by: supervisor.id,
    })
    .execute();
  summary.qaCriteriaCreated = criteria.length + 1;

  // The demo agents' own interactions of the last three weeks (not the last two hours: those are left to score).
  const interactions = await db
    .selectFrom("interactions as i")
    .innerJoin("agents as a", "a.id", "i.agent_id")
    .innerJoin("users as u", "u.id", "a.user_id")
    .select(["i.id", "i.agent_id", "i.customer_id", "i.started_at", "i.ended_at", "i.outcome", "i.csat", "i.channel"])
    .where("u.is_demo", "=", true)
    .where("i.source", "=", "agent")
    .where("i.started_at", ">", new Date(now.getTime() - 21 * DAY))
    .where("i.started_at", "<", new Date(now.getTime() - 2 * 60 * MINUTE))
    .orderBy("i.started_at")
    .orderBy("i.id")
    .execute();
  if (interactions.length === 0) return summary;

  // Each agent has a level, so the quality page shows a spread.
  const agentIds = [...new Set(interactions.map((i) => i.agent_id!))].sort();
  const level = new Map(agentIds.map((id) => [id, 0.55 + random() * 0.4]));

  const cards: { interactionId: string; percent: number; autoFailed: boolean; comment: string | null; at: Date; points: (number | null)[] }[] = [];
  for (const i of interactions) {
    if (random() >= 0.12) continue;
    const skill = level.get(i.agent_id!)!;
    const points = criteria.map((c) => {
      if (c.kind === "pass_fail") return random() < 0.04 + (1 - skill) * 0.1 ? 0 : 1;
      if (c.position === criteria.length - 1 && random() < 0.1) return null; // wrap-up not applicable (customer hung up)
      const p = Math.round(c.max_points * Math.min(1, Math.max(0, skill + (random() - 0.5) * 0.35)));
      return p;
    });
    const { percent, autoFailed } = scorecardPercent(
      criteria.map((c, k) => ({ kind: c.kind, maxPoints: c.max_points, weight: c.weight, critical: c.critical, points: points[k]! })),
    );
    const at = new Date(Math.min(now.getTime() - MINUTE, new Date(i.ended_at ?? i.started_at).getTime() + (30 + random() * 600) * MINUTE));
    cards.push({ interactionId: i.id, percent, autoFailed, comment: pick(COMMENTS), at, points });
  }
  for (let k = 0; k < cards.length; k += 500) {
    const chunk = cards.slice(k, k + 500);
    const rows = await db
      .insertInto("qa_scorecards")
      .values(
        chunk.map((c) => ({
          interaction_id: c.interactionId,
          reviewer_id: supervisor.id,
          comment: c.comment,
          score_percent: c.percent,
          auto_failed: c.autoFailed,
          created_at: c.at,
          updated_at: c.at,
        })),
      )
      .returning(["id", "interaction_id"])
      .execute();
    const byInteraction = new Map(chunk.map((c) => [c.interactionId, c]));
    await db
      .insertInto("qa_scorecard_items")
      .values(
        rows.flatMap((r) =>
          criteria.map((c, n) => ({
            scorecard_id: r.id,
            criterion_id: c.id,
            points: byInteraction.get(r.interaction_id)!.points[n]!,
            criterion_name: c.name,
            kind: c.kind,
            max_points: c.max_points,
            weight: c.weight,
            critical: c.critical,
            position: c.position,
          })),
        ),
      )
      .execute();
  }
  summary.scorecardsCreated = cards.length;

  // Unhappy customers exist too: some escalations got a low CSAT.
  const escalated = interactions.filter((i) => i.outcome === "escalated" && i.csat === null && random() < 0.5);
  for (const i of escalated) {
    await db
      .updateTable("interactions")
      .set({ csat: 1 + Math.floor(random() * 2) })
      .where("id", "=", i.id)
      .execute();
  }

  // Handoff history: only when no handoff was accepted before the last two hours (another seed may bring its own).
  const accepted = await db
    .selectFrom("handoffs")
    .select("id")
    .where("accepted_at", "<", new Date(now.getTime() - 2 * 60 * MINUTE))
    .limit(1)
    .executeTakeFirst();
  if (!accepted) {
    const chats = interactions.filter((i) => (i.channel === "chat" || i.channel === "phone") && random() < 0.3);
    const rows: Insertable<HandoffsTable>[] = chats.map((i) => {
      const skill = level.get(i.agent_id!)!;
      const startedAt = new Date(i.started_at).getTime();
      // Mostly within the 60 s SLA; slower teams and busy moments wait longer.
      const waitSeconds = Math.round(5 + random() * 50 * (1.6 - skill) + (random() < 0.15 ? 30 + random() * 120 : 0));
      const requestedAt = startedAt - waitSeconds * 1000;
      return {
        customer_id: i.customer_id,
        channel: i.channel,
        reason: "Asked the assistant for a person",
        language: "en",
        transcript: sql`'[]'::jsonb`,
        status: "resolved",
        requested_at: new Date(requestedAt),
        sla_due_at: new Date(requestedAt + 60_000),
        offered_at: new Date(startedAt - 2000),
        offered_agent_id: i.agent_id,
        accepted_at: new Date(startedAt),
        agent_id: i.agent_id,
        resolved_at: new Date(i.ended_at ?? startedAt + 10 * MINUTE),
        interaction_id: i.id,
      };
    });
    for (let k = 0; k < rows.length; k += 500) {
      const made = await db
        .insertInto("handoffs")
        .values(rows.slice(k, k + 500))
        .returning(["id", "requested_at", "offered_at", "accepted_at", "resolved_at", "agent_id"])
        .execute();
      // Every handoff's history, step by step, as the routing keeps it.
      await db.insertInto("handoff_events").values(made.flatMap(seededHandoffEvents)).execute();
    }
    if (rows.length) {
      await db
        .updateTable("interactions")
        .set({ source: "handoff" })
        .where(
          "id",
          "in",
          chats.map((i) => i.id),
        )
        .execute();
    }
    summary.historicHandoffsCreated = rows.length;
  }
  return summary;
}
