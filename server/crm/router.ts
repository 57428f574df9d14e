import { z } from "zod";
import { actorOf } from "../trpc/context";
import { router } from "../trpc/init";
import { adminProcedure, authedProcedure, withRole } from "../trpc/procedures";
import { createCustomerInput, customerIdInput, defineCustomFieldInput, updateCustomerInput } from "./crm.schema";
import {
  archiveCustomer,
  createCustomer,
  defineCustomField,
  fieldHistory,
  getCustomer,
  listCustomFields,
  updateCustomer,
} from "./customers.service";

/** Every role reads customers; agents and supervisors edit; admins define custom fields. */
const editor = withRole("agent", "supervisor");

export const customersRouter = router({
  get: authedProcedure.input(customerIdInput).query(({ ctx, input }) => getCustomer(ctx.db, input.customerId)),
  history: authedProcedure
    .input(customerIdInput)
    .query(({ ctx, input }) => fieldHistory(ctx.db, "customer", input.customerId)),
  create: editor
    .input(createCustomerInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => createCustomer(trx, actorOf(ctx), input))),
  update: editor
    .input(updateCustomerInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => updateCustomer(trx, actorOf(ctx), input))),
  archive: editor.input(customerIdInput).mutation(async ({ ctx, input }) => {
    await ctx.db.transaction().execute((trx) => archiveCustomer(trx, actorOf(ctx), input.customerId));
    return { ok: true as const };
  }),
});

export const customFieldsRouter = router({
  list: authedProcedure
    .input(z.object({ entityType: z.enum(["customer", "contact", "case"]) }))
    .query(({ ctx, input }) => listCustomFields(ctx.db, input.entityType)),
  define: adminProcedure
    .input(defineCustomFieldInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => defineCustomField(trx, actorOf(ctx), input))),
});
