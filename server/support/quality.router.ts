import { actorOf } from "../trpc/context";
import { router } from "../trpc/init";
import { withRole } from "../trpc/procedures";
import { requireAgentForUser } from "../workforce/agents.service";
import { qualityReport } from "./quality.report";
import {
  createCriterionInput,
  criterionIdInput,
  interactionScorecardsInput,
  listCriteriaInput,
  qualityReportInput,
  recentInteractionsInput,
  scorecardIdInput,
  scoreInteractionInput,
  updateCriterionInput,
} from "./quality.schema";
import {
  createCriterion,
  deleteScorecard,
  interactionScorecards,
  listCriteria,
  recentInteractions,
  retireCriterion,
  scoreInteraction,
  updateCriterion,
  type Viewer,
} from "./quality.service";

const supervisor = withRole("supervisor");

function viewerOf(ctx: Parameters<typeof actorOf>[0]): Viewer {
  return { ...actorOf(ctx), role: ctx.user.role };
}

/**
 * Quality: supervisors (and admins) keep the QA form and score interactions;
 * agents read the scorecards of their own interactions and their own report;
 * planners read the report for everyone.
 */
export const qualityRouter = router({
  criteria: supervisor.input(listCriteriaInput).query(({ ctx, input }) => listCriteria(ctx.db, input)),
  createCriterion: supervisor
    .input(createCriterionInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => createCriterion(trx, actorOf(ctx), input))),
  updateCriterion: supervisor
    .input(updateCriterionInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => updateCriterion(trx, actorOf(ctx), input))),
  retireCriterion: supervisor
    .input(criterionIdInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => retireCriterion(trx, actorOf(ctx), input.criterionId))),
  score: supervisor
    .input(scoreInteractionInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => scoreInteraction(trx, viewerOf(ctx), input))),
  deleteScorecard: supervisor
    .input(scorecardIdInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => deleteScorecard(trx, viewerOf(ctx), input.scorecardId))),
  scorecards: withRole("supervisor", "agent")
    .input(interactionScorecardsInput)
    .query(({ ctx, input }) => interactionScorecards(ctx.db, viewerOf(ctx), input.interactionId)),
  /** Agents get their own interactions only. */
  recent: withRole("supervisor", "agent")
    .input(recentInteractionsInput)
    .query(async ({ ctx, input }) => {
      if (ctx.user.role !== "agent") return recentInteractions(ctx.db, viewerOf(ctx), input);
      const agentId = (await requireAgentForUser(ctx.db, ctx.user.id)).id;
      return recentInteractions(ctx.db, viewerOf(ctx), { ...input, teamId: null, agentId });
    }),
  /** Agents always get their own numbers, whatever they ask for. */
  report: withRole("supervisor", "planner", "agent")
    .input(qualityReportInput)
    .query(async ({ ctx, input }) => {
      let { teamId = null, agentId = null } = input;
      if (ctx.user.role === "agent") {
        agentId = (await requireAgentForUser(ctx.db, ctx.user.id)).id;
        teamId = null;
      }
      return qualityReport(ctx.db, { from: input.from, to: input.to, zone: input.zone, teamId: teamId ?? null, agentId: agentId ?? null });
    }),
});
