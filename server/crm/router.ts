import { z } from "zod";
import { actorOf } from "../trpc/context";
import { router } from "../trpc/init";
import { adminProcedure, authedProcedure, withRole } from "../trpc/procedures";
import { addNote } from "./notes.service";
import { createCase, listCases, updateCase } from "./cases.service";
import { archiveContact, createContact, listContacts, updateContact } from "./contacts.service";
import {
  addNoteInput,
  contactIdInput,
  createCaseInput,
  createContactInput,
  createCustomerInput,
  customerIdInput,
  defineCustomFieldInput,
  listCasesInput,
  listContactsInput,
  timelineInput,
  updateCaseInput,
  updateContactInput,
  updateCustomerInput,
} from "./crm.schema";
import {
  archiveCustomer,
  createCustomer,
  defineCustomField,
  fieldHistory,
  getCustomer,
  listCustomFields,
  restoreCustomer,
  updateCustomer,
} from "./customers.service";
import { customer360, resolvedCustomerTimeline } from "./timeline.service";
import { eraseCustomer } from "./erasure.service";
import { customerExportInput, customerListInput, eraseCustomerInput } from "./export.schema";
import { customerCsvChunks, exportCustomerRecord, listCustomers, planCustomerCsv } from "./export.service";
import { dismissDuplicateInput, duplicatesOfInput, listDuplicatesInput, mergeCustomersInput, mergePreviewInput } from "./duplicates.schema";
import { dismissDuplicate, duplicatesOf, listDuplicates } from "./duplicates.service";
import { mergeCustomers, mergePreview } from "./merge.service";

/** Every role reads customers; agents and supervisors edit; admins define custom fields. */
const editor = withRole("agent", "supervisor");

export const customersRouter = router({
  // List, export and erasure: every role lists; only admins export in bulk, export a whole record (a
  // data-subject request, a privacy officer's task) and erase.
  list: authedProcedure.input(customerListInput).query(({ ctx, input }) => listCustomers(ctx.db, input)),
  /** The CSV as a stream of text chunks (in-process callers, or httpBatchStreamLink); browsers use /customers/export.csv. */
  exportCsv: adminProcedure.input(customerExportInput).query(async ({ ctx, input }) => {
    const plan = await planCustomerCsv(ctx.db, input);
    return customerCsvChunks(ctx.db, actorOf(ctx), plan);
  }),
  exportRecord: adminProcedure
    .input(customerIdInput)
    .query(({ ctx, input }) => ctx.db.transaction().execute((trx) => exportCustomerRecord(trx, actorOf(ctx), input.customerId))),
  erase: adminProcedure
    .input(eraseCustomerInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => eraseCustomer(trx, actorOf(ctx), input))),
  // Duplicates and merge: every role reads the pairs; supervisors (and admins) dismiss; only admins merge.
  duplicates: authedProcedure.input(listDuplicatesInput).query(({ ctx, input }) => listDuplicates(ctx.db, input)),
  duplicatesOf: authedProcedure.input(duplicatesOfInput).query(({ ctx, input }) => duplicatesOf(ctx.db, input.customerId)),
  dismissDuplicate: withRole("supervisor")
    .input(dismissDuplicateInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => dismissDuplicate(trx, actorOf(ctx), input.pairId))),
  mergePreview: adminProcedure
    .input(mergePreviewInput)
    .query(({ ctx, input }) => mergePreview(ctx.db, input.survivorId, input.loserId)),
  merge: adminProcedure
    .input(mergeCustomersInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => mergeCustomers(trx, actorOf(ctx), input))),
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
  restore: editor.input(customerIdInput).mutation(async ({ ctx, input }) => {
    await ctx.db.transaction().execute((trx) => restoreCustomer(trx, actorOf(ctx), input.customerId));
    return { ok: true as const };
  }),
  view360: authedProcedure.input(customerIdInput).query(({ ctx, input }) => customer360(ctx.db, input.customerId)),
  timeline: authedProcedure
    .input(timelineInput)
    .query(({ ctx, input }) => resolvedCustomerTimeline(ctx.db, input.customerId, { before: input.before, limit: input.limit })),
  addNote: editor
    .input(addNoteInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => addNote(trx, actorOf(ctx), input))),
});

export const contactsRouter = router({
  list: authedProcedure
    .input(listContactsInput)
    .query(({ ctx, input }) => listContacts(ctx.db, input.customerId, { includeArchived: input.includeArchived })),
  create: editor
    .input(createContactInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => createContact(trx, actorOf(ctx), input))),
  update: editor
    .input(updateContactInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => updateContact(trx, actorOf(ctx), input))),
  archive: editor.input(contactIdInput).mutation(async ({ ctx, input }) => {
    await ctx.db.transaction().execute((trx) => archiveContact(trx, actorOf(ctx), input.contactId));
    return { ok: true as const };
  }),
});

export const casesRouter = router({
  list: authedProcedure
    .input(listCasesInput)
    .query(({ ctx, input }) => listCases(ctx.db, input.customerId, { status: input.status, limit: input.limit })),
  create: editor
    .input(createCaseInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => createCase(trx, actorOf(ctx), input))),
  update: editor
    .input(updateCaseInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => updateCase(trx, actorOf(ctx), input))),
});

export const customFieldsRouter = router({
  list: authedProcedure
    .input(z.object({ entityType: z.enum(["customer", "contact", "case"]) }))
    .query(({ ctx, input }) => listCustomFields(ctx.db, input.entityType)),
  define: adminProcedure
    .input(defineCustomFieldInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => defineCustomField(trx, actorOf(ctx), input))),
});
