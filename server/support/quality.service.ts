import { sql, type Kysely } from "kysely";
import { isUniqueViolation } from "../../db/pg-errors";
import type { Database, QaCriterionKind, Role } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import { isoOrNull } from "../iso";
import { startOfLocalDate, nextLocalDate } from "../workforce/local-time";
import { interactionQuery } from "./interactions.service";
import { QualityError } from "./quality.errors";
import { scorecardPercent, type ScoredItem } from "./quality.percent";
import type {
  CreateCriterionInput,
  RecentInteractionsInput,
  ScoreInteractionInput,
  UpdateCriterionInput,
} from "./quality.schema";

/** Who is asking, with the role that decides what they may see. */
export type Viewer = Actor & { id: string; role: Role };

/** Supervisors and admins see everyone's quality; everyone else only their own interactions'. */
export function seesEveryone(role: Role): boolean {
  return role === "supervisor" || role === "admin";
}

// ---------------------------------------------------------------------------------------------
// Criteria: the QA form

export interface CriterionView {
  id: string;
  name: string;
  description: string | null;
  kind: QaCriterionKind;
  maxPoints: number;
  weight: number;
  critical: boolean;
  position: number;
  retiredAt: string | null;
  createdAt: string;
}

function criterionQuery(db: Kysely<Database>) {
  return db
    .selectFrom("qa_criteria")
    .select(["id", "name", "description", "kind", "max_points", "weight", "critical", "position", "retired_at", "created_at"]);
}

type CriterionRow = Awaited<ReturnType<ReturnType<typeof criterionQuery>["executeTakeFirstOrThrow"]>>;

function toCriterionView(r: CriterionRow): CriterionView {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    kind: r.kind,
    maxPoints: r.max_points,
    weight: r.weight,
    critical: r.critical,
    position: r.position,
    retiredAt: isoOrNull(r.retired_at),
    createdAt: isoOrNull(r.created_at)!,
  };
}

/** The live form in its order; retired criteria after it when asked for. */
export async function listCriteria(db: Kysely<Database>, q: { includeRetired: boolean }): Promise<CriterionView[]> {
  let query = criterionQuery(db)
    .orderBy(sql`retired_at IS NOT NULL`)
    .orderBy("position")
    .orderBy("name")
    .orderBy("id");
  if (!q.includeRetired) query = query.where("retired_at", "is", null);
  return (await query.execute()).map(toCriterionView);
}

function nameTaken(name: string) {
  return new QualityError("CONFLICT", `The form already has a criterion called “${name}”.`, "name");
}

function criterionValues(input: CreateCriterionInput) {
  return {
    name: input.name,
    description: input.description || null,
    kind: input.kind,
    max_points: input.kind === "pass_fail" ? 1 : input.maxPoints!,
    weight: input.weight,
    critical: input.critical,
  };
}

function auditedCriterion(v: CriterionView) {
  return { name: v.name, kind: v.kind, maxPoints: v.maxPoints, weight: v.weight, critical: v.critical, position: v.position };
}

export async function createCriterion(db: Kysely<Database>, actor: Actor, input: CreateCriterionInput): Promise<CriterionView> {
  const position =
    input.position ??
    Number(
      (
        await db
          .selectFrom("qa_criteria")
          .select(sql<number>`coalesce(max(position), -1) + 1`.as("next"))
          .where("retired_at", "is", null)
          .executeTakeFirstOrThrow()
      ).next,
    );
  const row = await db
    .insertInto("qa_criteria")
    .values({ ...criterionValues(input), position, created_by: actor.id })
    .returning(["id", "name", "description", "kind", "max_points", "weight", "critical", "position", "retired_at", "created_at"])
    .executeTakeFirstOrThrow()
    .catch((error: unknown) => {
      throw isUniqueViolation(error, "qa_criteria_live_name_idx") ? nameTaken(input.name) : error;
    });
  const view = toCriterionView(row);
  await recordAudit(db, actor, { action: "qa.criterion.create", entityType: "qa_criterion", entityId: view.id, after: auditedCriterion(view) });
  return view;
}

/**
 * Edits a live criterion. Scorecards already made keep the criterion as it was
 * when they were scored (their items hold a copy), so any field may change.
 */
export async function updateCriterion(db: Kysely<Database>, actor: Actor, input: UpdateCriterionInput): Promise<CriterionView> {
  const before = await criterionQuery(db).where("id", "=", input.criterionId).forUpdate().executeTakeFirst();
  if (!before) throw new QualityError("NOT_FOUND", "No such QA criterion.");
  if (before.retired_at) throw new QualityError("CONFLICT", "A retired criterion cannot be edited; add a new one instead.");
  const row = await db
    .updateTable("qa_criteria")
    .set({ ...criterionValues(input), position: input.position ?? before.position, updated_at: sql`now()` })
    .where("id", "=", input.criterionId)
    .returning(["id", "name", "description", "kind", "max_points", "weight", "critical", "position", "retired_at", "created_at"])
    .executeTakeFirstOrThrow()
    .catch((error: unknown) => {
      throw isUniqueViolation(error, "qa_criteria_live_name_idx") ? nameTaken(input.name) : error;
    });
  const view = toCriterionView(row);
  await recordAudit(db, actor, {
    action: "qa.criterion.update",
    entityType: "qa_criterion",
    entityId: view.id,
    before: auditedCriterion(toCriterionView(before)),
    after: auditedCriterion(view),
  });
  return view;
}

/** Takes a criterion off the form for new scorecards; old scorecards keep it. */
export async function retireCriterion(db: Kysely<Database>, actor: Actor, criterionId: string): Promise<CriterionView> {
  const row = await db
    .updateTable("qa_criteria")
    .set({ retired_at: sql`now()`, retired_by: actor.id, updated_at: sql`now()` })
    .where("id", "=", criterionId)
    .where("retired_at", "is", null)
    .returning(["id", "name", "description", "kind", "max_points", "weight", "critical", "position", "retired_at", "created_at"])
    .executeTakeFirst();
  if (!row) {
    const found = await db.selectFrom("qa_criteria").select("id").where("id", "=", criterionId).executeTakeFirst();
    throw found ? new QualityError("CONFLICT", "This criterion is already retired.") : new QualityError("NOT_FOUND", "No such QA criterion.");
  }
  const view = toCriterionView(row);
  await recordAudit(db, actor, { action: "qa.criterion.retire", entityType: "qa_criterion", entityId: view.id, after: { name: view.name, retired: true } });
  return view;
}

// ---------------------------------------------------------------------------------------------
// Scorecards

export { scorecardPercent, type ScoredItem } from "./quality.percent";

export interface ScorecardView {
  id: string;
  interactionId: string;
  reviewerId: string;
  reviewerName: string;
  comment: string | null;
  scorePercent: number;
  autoFailed: boolean;
  createdAt: string;
  updatedAt: string;
  items: (ScoredItem & { criterionId: string; name: string })[];
}

async function scorecardViews(db: Kysely<Database>, where: { interactionId?: string; scorecardId?: string }): Promise<ScorecardView[]> {
  let q = db
    .selectFrom("qa_scorecards as sc")
    .innerJoin("users", "users.id", "sc.reviewer_id")
    .select([
      "sc.id",
      "sc.interaction_id",
      "sc.reviewer_id",
      "users.name as reviewer_name",
      "sc.comment",
      "sc.score_percent",
      "sc.auto_failed",
      "sc.created_at",
      "sc.updated_at",
    ])
    .orderBy("sc.created_at")
    .orderBy("sc.id");
  if (where.interactionId) q = q.where("sc.interaction_id", "=", where.interactionId);
  if (where.scorecardId) q = q.where("sc.id", "=", where.scorecardId);
  const cards = await q.execute();
  if (cards.length === 0) return [];
  const items = await db
    .selectFrom("qa_scorecard_items")
    .selectAll()
    .where(
      "scorecard_id",
      "in",
      cards.map((c) => c.id),
    )
    .orderBy("position")
    .orderBy("criterion_name")
    .execute();
  return cards.map((c) => ({
    id: c.id,
    interactionId: c.interaction_id,
    reviewerId: c.reviewer_id,
    reviewerName: c.reviewer_name,
    comment: c.comment,
    scorePercent: Number(c.score_percent),
    autoFailed: c.auto_failed,
    createdAt: isoOrNull(c.created_at)!,
    updatedAt: isoOrNull(c.updated_at)!,
    items: items
      .filter((i) => i.scorecard_id === c.id)
      .map((i) => ({
        criterionId: i.criterion_id,
        name: i.criterion_name,
        kind: i.kind,
        maxPoints: i.max_points,
        weight: i.weight,
        critical: i.critical,
        points: i.points,
      })),
  }));
}

/** The interaction as the scoring page shows it: the usual interaction columns, its customer's name and its shift's times. */
async function interactionForQuality(db: Kysely<Database>, interactionId: string) {
  return interactionQuery(db)
    .innerJoin("customers as c", "c.id", "i.customer_id")
    .leftJoin("shifts as s", "s.id", "i.shift_id")
    .select(["c.name as customer_name", "agents.user_id as agent_user_id", "s.starts_at as shift_starts_at", "s.ends_at as shift_ends_at"])
    .where("i.id", "=", interactionId)
    .executeTakeFirst();
}

/**
 * An interaction with its scorecards. Supervisors and admins see any; others
 * only their own interactions (asking about someone else's is answered as if
 * it did not exist).
 */
export async function interactionScorecards(db: Kysely<Database>, viewer: Viewer, interactionId: string) {
  const i = await interactionForQuality(db, interactionId);
  const everyone = seesEveryone(viewer.role);
  if (!i || (!everyone && i.agent_user_id !== viewer.id)) throw new QualityError("NOT_FOUND", "No such interaction.");
  const scorecards = await scorecardViews(db, { interactionId });
  const reason = everyone ? whyNotScorable(i, viewer) : "Only supervisors score interactions.";
  return {
    interaction: {
      id: i.id,
      customerId: i.customer_id,
      customerName: i.customer_name,
      agentId: i.agent_id,
      agentName: i.agent_name ?? i.imported_owner,
      shift: i.shift_id ? { id: i.shift_id, startsAt: isoOrNull(i.shift_starts_at)!, endsAt: isoOrNull(i.shift_ends_at)! } : null,
      offShift: i.off_shift,
      source: i.source,
      channel: i.channel,
      direction: i.direction,
      startedAt: isoOrNull(i.started_at)!,
      endedAt: isoOrNull(i.ended_at),
      subject: i.subject,
      summary: i.summary,
      outcome: i.outcome,
      csat: i.csat,
    },
    scorecards,
    mineId: scorecards.find((s) => s.reviewerId === viewer.id)?.id ?? null,
    /** Why the viewer cannot score it, or null when they can. */
    cannotScore: reason,
  };
}

function whyNotScorable(i: { agent_id: string | null; agent_user_id: string | null }, viewer: Viewer): string | null {
  if (!i.agent_id) return "Imported history has no agent of ours to score.";
  if (i.agent_user_id === viewer.id) return "You cannot score your own interaction.";
  return null;
}

function auditedScorecard(card: ScorecardView) {
  return {
    interactionId: card.interactionId,
    scorePercent: card.scorePercent,
    autoFailed: card.autoFailed,
    comment: card.comment,
    scores: card.items.map((i) => ({ criterion: i.name, points: i.points, of: i.maxPoints })),
  };
}

/**
 * A supervisor scores an interaction against the live QA form: every live
 * criterion answered (points, or null for not applicable), none retired. A
 * second scoring by the same reviewer replaces their scorecard (it is theirs
 * to edit); other reviewers keep their own. The percentage is computed here.
 */
export async function scoreInteraction(db: Kysely<Database>, viewer: Viewer, input: ScoreInteractionInput): Promise<ScorecardView> {
  const i = await db
    .selectFrom("interactions as i")
    .leftJoin("agents as a", "a.id", "i.agent_id")
    .select(["i.id", "i.agent_id", "a.user_id as agent_user_id"])
    .where("i.id", "=", input.interactionId)
    .executeTakeFirst();
  if (!i) throw new QualityError("NOT_FOUND", "No such interaction.", "interactionId");
  const refusal = whyNotScorable(i, viewer);
  if (refusal) throw new QualityError(i.agent_id ? "FORBIDDEN" : "INVALID", refusal, "interactionId");

  const ids = input.scores.map((s) => s.criterionId);
  if (new Set(ids).size !== ids.length) throw new QualityError("INVALID", "Each criterion is scored once.", "scores");
  // Share-locked: a criterion cannot be retired or edited while this scorecard is written against it.
  const criteria = await db
    .selectFrom("qa_criteria")
    .select(["id", "name", "kind", "max_points", "weight", "critical", "position", "retired_at"])
    .where((eb) => eb.or([eb("retired_at", "is", null), eb("id", "in", ids)]))
    .forShare()
    .execute();
  const live = criteria.filter((c) => !c.retired_at);
  if (live.length === 0) throw new QualityError("INVALID", "The QA form has no criteria yet: add some first.", "scores");
  const byId = new Map(criteria.map((c) => [c.id, c]));
  for (const s of input.scores) {
    const c = byId.get(s.criterionId);
    if (!c) throw new QualityError("INVALID", "One of the scores is for a criterion that is not on the QA form.", "scores");
    if (c.retired_at) throw new QualityError("INVALID", `“${c.name}” was retired; score against the current form.`, "scores");
    if (s.points !== null && s.points > c.max_points) {
      throw new QualityError(
        "INVALID",
        c.kind === "pass_fail" ? `“${c.name}” is pass (1) or fail (0).` : `“${c.name}” is out of ${c.max_points} points.`,
        "scores",
      );
    }
  }
  const missing = live.filter((c) => !ids.includes(c.id));
  if (missing.length) {
    throw new QualityError(
      "INVALID",
      `Answer every criterion (or mark it not applicable): ${missing.map((c) => `“${c.name}”`).join(", ")} ${missing.length === 1 ? "is" : "are"} missing.`,
      "scores",
    );
  }

  const items = input.scores.map((s) => {
    const c = byId.get(s.criterionId)!;
    return { criterionId: c.id, name: c.name, kind: c.kind, maxPoints: c.max_points, weight: c.weight, critical: c.critical, position: c.position, points: s.points };
  });
  const { percent, autoFailed } = scorecardPercent(items);

  const existing = await db
    .selectFrom("qa_scorecards")
    .select("id")
    .where("interaction_id", "=", i.id)
    .where("reviewer_id", "=", viewer.id)
    .forUpdate()
    .executeTakeFirst();
  const before = existing ? (await scorecardViews(db, { scorecardId: existing.id }))[0] : undefined;

  const card = await db
    .insertInto("qa_scorecards")
    .values({ interaction_id: i.id, reviewer_id: viewer.id, comment: input.comment || null, score_percent: percent, auto_failed: autoFailed })
    .onConflict((oc) =>
      oc.columns(["interaction_id", "reviewer_id"]).doUpdateSet({
        comment: input.comment || null,
        score_percent: percent,
        auto_failed: autoFailed,
        updated_at: sql`now()`,
      }),
    )
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.deleteFrom("qa_scorecard_items").where("scorecard_id", "=", card.id).execute();
  await db
    .insertInto("qa_scorecard_items")
    .values(
      items.map((it) => ({
        scorecard_id: card.id,
        criterion_id: it.criterionId,
        points: it.points,
        criterion_name: it.name,
        kind: it.kind,
        max_points: it.maxPoints,
        weight: it.weight,
        critical: it.critical,
        position: it.position,
      })),
    )
    .execute();
  const after = (await scorecardViews(db, { scorecardId: card.id }))[0]!;
  await recordAudit(db, viewer, {
    action: before ? "qa.scorecard.update" : "qa.scorecard.create",
    entityType: "qa_scorecard",
    entityId: card.id,
    before: before ? auditedScorecard(before) : undefined,
    after: auditedScorecard(after),
  });
  return after;
}

/** Its reviewer (or an admin) takes a scorecard back. */
export async function deleteScorecard(db: Kysely<Database>, viewer: Viewer, scorecardId: string): Promise<{ interactionId: string }> {
  const card = (await scorecardViews(db, { scorecardId }))[0];
  if (!card) throw new QualityError("NOT_FOUND", "No such scorecard.");
  if (card.reviewerId !== viewer.id && viewer.role !== "admin") {
    throw new QualityError("FORBIDDEN", "Only the supervisor who made a scorecard (or an admin) may delete it.");
  }
  await db.deleteFrom("qa_scorecards").where("id", "=", scorecardId).execute();
  await recordAudit(db, viewer, { action: "qa.scorecard.delete", entityType: "qa_scorecard", entityId: scorecardId, before: auditedScorecard(card) });
  return { interactionId: card.interactionId };
}

// ---------------------------------------------------------------------------------------------
// Interactions to score

/** The instants a local date range covers in a zone: [from 00:00, the day after `to` 00:00). */
export function rangeInstants(from: string, to: string, zone: string): { start: Date; end: Date } {
  return { start: startOfLocalDate(from, zone), end: startOfLocalDate(nextLocalDate(to), zone) };
}

/**
 * Our agents' interactions in a range, newest first (keyset pages), with how
 * they were scored: how many scorecards, their average, and the viewer's own.
 */
export async function recentInteractions(db: Kysely<Database>, viewer: Viewer, input: RecentInteractionsInput) {
  const { start, end } = rangeInstants(input.from, input.to, input.zone);
  let q = db
    .selectFrom("interactions as i")
    .innerJoin("agents as a", "a.id", "i.agent_id")
    .innerJoin("users as u", "u.id", "a.user_id")
    .innerJoin("customers as c", "c.id", "i.customer_id")
    .select([
      "i.id",
      "i.customer_id",
      "c.name as customer_name",
      "i.agent_id",
      "u.name as agent_name",
      "i.channel",
      "i.started_at",
      "i.ended_at",
      "i.subject",
      "i.outcome",
      "i.csat",
      "i.off_shift",
    ])
    .select((eb) => [
      eb
        .selectFrom("qa_scorecards as sc")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("sc.interaction_id", "=", "i.id")
        .as("scorecards"),
      eb
        .selectFrom("qa_scorecards as sc")
        .select(sql<number | null>`avg(sc.score_percent)::float8`.as("avg"))
        .whereRef("sc.interaction_id", "=", "i.id")
        .as("qa_average"),
      eb
        .selectFrom("qa_scorecards as sc")
        .select(sql<number>`sc.score_percent::float8`.as("mine"))
        .whereRef("sc.interaction_id", "=", "i.id")
        .where("sc.reviewer_id", "=", viewer.id)
        .as("my_score"),
    ])
    .where("i.started_at", ">=", start)
    .where("i.started_at", "<", end)
    .orderBy("i.started_at", "desc")
    .orderBy("i.id", "desc")
    .limit(input.limit + 1);
  if (input.teamId) q = q.where("a.team_id", "=", input.teamId);
  if (input.agentId) q = q.where("i.agent_id", "=", input.agentId);
  if (input.unscoredOnly) q = q.where((eb) => eb.not(eb.exists(eb.selectFrom("qa_scorecards as sc").select("sc.id").whereRef("sc.interaction_id", "=", "i.id"))));
  if (input.after) {
    const at = new Date(input.after.startedAt);
    const id = input.after.id;
    q = q.where((eb) => eb.or([eb("i.started_at", "<", at), eb.and([eb("i.started_at", "=", at), eb("i.id", "<", id)])]));
  }
  const rows = await q.execute();
  const items = rows.slice(0, input.limit).map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    agentId: r.agent_id!,
    agentName: r.agent_name,
    channel: r.channel,
    startedAt: isoOrNull(r.started_at)!,
    endedAt: isoOrNull(r.ended_at),
    subject: r.subject,
    outcome: r.outcome,
    csat: r.csat,
    offShift: r.off_shift,
    scorecards: Number(r.scorecards ?? 0),
    qaAverage: r.qa_average === null ? null : Number(r.qa_average),
    myScore: r.my_score === null || r.my_score === undefined ? null : Number(r.my_score),
  }));
  const last = items[items.length - 1];
  return { items, next: rows.length > input.limit && last ? { startedAt: last.startedAt, id: last.id } : null };
}
