import { actorOf } from "../trpc/context";
import { router } from "../trpc/init";
import { adminProcedure } from "../trpc/procedures";
import { apiKeyIdInput, createApiKeyInput } from "./api-keys.schema";
import { createApiKey, listApiKeys, revokeApiKey } from "./api-keys.service";

/** Admins create, name and revoke the keys programs outside use (only a hash is stored). */
export const apiKeysRouter = router({
  list: adminProcedure.query(({ ctx }) => listApiKeys(ctx.db)),
  create: adminProcedure
    .input(createApiKeyInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => createApiKey(trx, actorOf(ctx), input))),
  revoke: adminProcedure
    .input(apiKeyIdInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => revokeApiKey(trx, actorOf(ctx), input.apiKeyId))),
});
