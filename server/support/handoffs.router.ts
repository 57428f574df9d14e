import { router } from "../trpc/init";
import { apiKeyProcedure } from "../trpc/procedures";
import { handoffCancelInput, handoffCsatInput, handoffIdInput, handoffRequestInput } from "./handoffs.schema";
import { cancelHandoff, handoffStatus, rateHandoff, requestHandoff } from "./handoffs.service";
import { routeNow } from "./routing.service";

/**
 * The public, stable handoff API for programs outside (the bot, the website,
 * the app), called with `Authorization: Bearer <api key>` as plain JSON.
 * Keep these names and shapes: integrators depend on them.
 */
export const handoffRouter = router({
  request: apiKeyProcedure.input(handoffRequestInput).mutation(async ({ ctx, input }) => {
    const queued = await ctx.db.transaction().execute((trx) => requestHandoff(trx, ctx.apiKey, input, { ip: ctx.ip }));
    // Offered at once when an agent is free (by this pass or a concurrent one); the answer says where it stands.
    await routeNow(ctx.db);
    return { ...(await handoffStatus(ctx.db, ctx.apiKey, queued.handoffId)), customerCreated: queued.customerCreated };
  }),
  status: apiKeyProcedure.input(handoffIdInput).query(({ ctx, input }) => handoffStatus(ctx.db, ctx.apiKey, input.handoffId)),
  cancel: apiKeyProcedure
    .input(handoffCancelInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => cancelHandoff(trx, ctx.apiKey, input, { ip: ctx.ip }))),
  csat: apiKeyProcedure
    .input(handoffCsatInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => rateHandoff(trx, ctx.apiKey, input.handoffId, input.score))),
});
