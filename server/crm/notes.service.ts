import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import { writableCustomer } from "./contacts.service";
import type { AddNoteInput } from "./crm.schema";

/** Notes are immutable: there is no edit or delete, so the timeline never changes under a reader. */
export async function addNote(db: Kysely<Database>, actor: Actor, input: AddNoteInput) {
  const customer = await writableCustomer(db, input.customerId);
  const note = await db
    .insertInto("customer_notes")
    .values({ customer_id: customer.id, body: input.body, author_id: actor.id })
    .returningAll()
    .executeTakeFirstOrThrow();
  // The body stays out of the audit log: it may hold personal data that erasure must be able to remove.
  await recordAudit(db, actor, { action: "note.added", entityType: "customer_note", entityId: note.id, after: { customerId: customer.id } });
  return note;
}
