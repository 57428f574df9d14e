import { actorOf } from "../trpc/context";
import { router } from "../trpc/init";
import { authedProcedure, publicProcedure } from "../trpc/procedures";
import { changePasswordInput, loginInput } from "./auth.schema";
import { changeOwnPassword, signIn, signOut } from "./auth.service";
import { leaveOnSignOut } from "../support/routing.service";
import { sessionCookie } from "./lucia";

export const authRouter = router({
  /** The signed-in user, or 401. */
  me: authedProcedure.query(({ ctx }) => ctx.user),

  /** Checks the password; on success sets the session cookie on the response. */
  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    const signedIn = await signIn(ctx.db, { ...input, ip: ctx.ip, userAgent: ctx.userAgent });
    ctx.resHeaders.append("Set-Cookie", sessionCookie(ctx.db, signedIn.sessionId, ctx.secure));
    return { user: signedIn.user, expiresAt: signedIn.expiresAt.toISOString() };
  }),

  /** Ends the current session (if any) and clears the cookie. */
  logout: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.sessionId) await signOut(ctx.db, ctx.sessionId);
    // An agent who signs out is not offered customers.
    if (ctx.user) await ctx.db.transaction().execute((trx) => leaveOnSignOut(trx, ctx.user!.id));
    ctx.resHeaders.append("Set-Cookie", sessionCookie(ctx.db, null, ctx.secure));
    return { ok: true as const };
  }),

  changePassword: authedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    const { sessionId } = await ctx.db
      .transaction()
      .execute((trx) => changeOwnPassword(trx, actorOf(ctx), { ...input, userAgent: ctx.userAgent }));
    ctx.resHeaders.append("Set-Cookie", sessionCookie(ctx.db, sessionId, ctx.secure));
    return { ok: true as const };
  }),
});
