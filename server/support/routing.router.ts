import { actorOf } from "../trpc/context";
import { router } from "../trpc/init";
import { withRole } from "../trpc/procedures";
import { consoleState, handoffHistory, wallState } from "./console.service";
import { acceptOffer, declineOffer, resolveHandoff, routeNow, setAvailability } from "./routing.service";
import { offerInput, resolveHandoffInput, setAvailabilityInput, wallInput } from "./routing.schema";

/** Agents (and supervisors who take customers) work the queue; supervisors watch it. */
const takesCustomers = withRole("agent", "supervisor");

export const queueRouter = router({
  /** The signed-in agent's console. */
  console: takesCustomers.query(({ ctx }) => consoleState(ctx.db, ctx.user.id)),
  setAvailability: takesCustomers.input(setAvailabilityInput).mutation(async ({ ctx, input }) => {
    const result = await ctx.db.transaction().execute((trx) => setAvailability(trx, actorOf(ctx), input.status));
    if (input.status === "available") await routeNow(ctx.db);
    return result;
  }),
  accept: takesCustomers
    .input(offerInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => acceptOffer(trx, actorOf(ctx), input.handoffId))),
  decline: takesCustomers.input(offerInput).mutation(async ({ ctx, input }) => {
    const result = await ctx.db.transaction().execute((trx) => declineOffer(trx, actorOf(ctx), input.handoffId));
    await routeNow(ctx.db);
    return result;
  }),
  resolve: takesCustomers.input(resolveHandoffInput).mutation(async ({ ctx, input }) => {
    const result = await ctx.db.transaction().execute((trx) => resolveHandoff(trx, actorOf(ctx), input));
    await routeNow(ctx.db);
    return result;
  }),
  /** Every step of a handoff. */
  history: takesCustomers.input(offerInput).query(({ ctx, input }) => handoffHistory(ctx.db, input.handoffId)),
  /** The supervisor wall. */
  wall: withRole("supervisor").input(wallInput).query(({ ctx, input }) => wallState(ctx.db, { dayStart: input.dayStart })),
});
