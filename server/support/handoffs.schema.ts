import { z } from "zod";
import { countryField, languageField } from "../crm/contact-fields";
import { instantField, uuidField } from "../validation/fields";
import { INTERACTION_CHANNELS } from "./interactions.schema";

/** Who wants a human: our id, their id in another system, or an email (an unknown email is a new customer). */
export const handoffCustomerInput = z
  .object({
    id: uuidField.optional(),
    externalId: z.string().trim().min(1).max(80).optional(),
    /** The system the external id belongs to. */
    externalSource: z.string().trim().min(1).max(40).default("salesforce"),
    email: z.string().trim().max(254).pipe(z.email("Enter a valid email address.")).optional(),
    /** For a new customer: their name (else the email's local part). */
    name: z.string().trim().min(1).max(200).optional(),
    /** For a new customer: as typed, stored as E.164 when it reads as a real number. */
    phone: z.string().trim().max(40).optional(),
    country: countryField.optional(),
  })
  .refine((c) => c.id || c.externalId || c.email, { message: "Name the customer by id, externalId or email." });

export const handoffRequestInput = z.object({
  customer: handoffCustomerInput,
  reason: z.string().trim().min(1, "Say why the customer wants a human.").max(1000),
  channel: z.enum(INTERACTION_CHANNELS).default("chat"),
  /** ISO 639 code of the language the customer wants to be served in. */
  language: languageField.optional(),
  /** The code of the skill the request needs (e.g. "billing"); none: anyone. */
  skill: z.string().trim().min(1).max(60).optional(),
  /** What the bot and the customer said before, oldest first. */
  transcript: z
    .array(
      z.object({
        from: z.enum(["bot", "customer", "system"]),
        text: z.string().max(4000),
        at: instantField.optional(),
      }),
    )
    .max(500)
    .default([]),
});
export type HandoffRequestInput = z.infer<typeof handoffRequestInput>;

export const handoffIdInput = z.object({ handoffId: uuidField });

export const handoffCancelInput = z.object({
  handoffId: uuidField,
  /** customer_left: the customer gave up waiting (abandoned; their next request goes first). */
  reason: z.enum(["customer_left", "no_longer_needed"]).default("no_longer_needed"),
});
export type HandoffCancelInput = z.infer<typeof handoffCancelInput>;

export const handoffCsatInput = z.object({
  handoffId: uuidField,
  score: z.number().int().min(1, "A score from 1 to 5.").max(5, "A score from 1 to 5."),
});
