import { actorOf } from "../trpc/context";
import { router } from "../trpc/init";
import { authedProcedure, withRole } from "../trpc/procedures";
import { interactionIdInput, logInteractionInput, offShiftReviewInput } from "./interactions.schema";
import { getInteraction, logInteraction, markReviewed, offShiftForReview } from "./interactions.service";

/** Agents (and supervisors who take customers too) log; every role reads; supervisors review off-shift work. */
export const interactionsRouter = router({
  log: withRole("agent", "supervisor")
    .input(logInteractionInput)
    // Atomic by itself (one statement, or its own transaction on the step-by-step path): no BEGIN/COMMIT round trips.
    .mutation(({ ctx, input }) => logInteraction(ctx.db, actorOf(ctx), input)),
  get: authedProcedure.input(interactionIdInput).query(({ ctx, input }) => getInteraction(ctx.db, input.interactionId)),
  offShift: withRole("supervisor").input(offShiftReviewInput).query(({ ctx, input }) => offShiftForReview(ctx.db, input)),
  markReviewed: withRole("supervisor")
    .input(interactionIdInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => markReviewed(trx, actorOf(ctx), input.interactionId))),
});
