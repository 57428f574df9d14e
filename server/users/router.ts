import { actorOf } from "../trpc/context";
import { router } from "../trpc/init";
import { adminProcedure } from "../trpc/procedures";
import {
  createUserInput,
  listUsersInput,
  resetPasswordInput,
  setDisabledInput,
  setRoleInput,
  userIdInput,
} from "./users.schema";
import { createUser, getUser, listUsers, resetPassword, setDisabled, setRole } from "./users.service";

export const usersRouter = router({
  list: adminProcedure.input(listUsersInput).query(({ ctx, input }) => listUsers(ctx.db, input)),

  get: adminProcedure.input(userIdInput).query(({ ctx, input }) => getUser(ctx.db, input.userId)),

  create: adminProcedure
    .input(createUserInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => createUser(trx, actorOf(ctx), input))),

  setRole: adminProcedure.input(setRoleInput).mutation(async ({ ctx, input }) => {
    await ctx.db.transaction().execute((trx) => setRole(trx, actorOf(ctx), input.userId, input.role));
    return { ok: true as const };
  }),

  setDisabled: adminProcedure.input(setDisabledInput).mutation(async ({ ctx, input }) => {
    await ctx.db.transaction().execute((trx) => setDisabled(trx, actorOf(ctx), input.userId, input.disabled));
    return { ok: true as const };
  }),

  resetPassword: adminProcedure.input(resetPasswordInput).mutation(async ({ ctx, input }) => {
    await ctx.db.transaction().execute((trx) => resetPassword(trx, actorOf(ctx), input.userId, input.password));
    return { ok: true as const };
  }),
});
