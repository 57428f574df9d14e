import { z } from "zod";
import { unlessRefused, uuidField } from "../validation/fields";
import { countryField, languageField, phoneProblem, toE164 } from "./contact-fields";

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

const customerFields = {
  name: z.string().trim().min(1, "Enter a name.").max(200),
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email("Enter a valid email address."))
    .nullable()
    .optional(),
  /** As typed; stored as E.164. */
  phone: z.string().trim().max(40).nullable().optional(),
  country: countryField.nullable().optional(),
  language: languageField.nullable().optional(),
  segment: optionalText(80),
  tier: optionalText(40),
  custom: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
};

type PhoneAndCountry = { phone?: string | null; country?: string | null };

/**
 * The phone read in the country sent beside it, checked with the other fields so that a form shows
 * a bad email and a bad phone in one answer, not one after the other. `countryOrStored`: an update
 * that sends no country reads the phone in the stored one, which only the service knows; this
 * leaves that case to it.
 */
const phoneReadable = (countryOrStored: boolean) => (v: PhoneAndCountry) =>
  !v.phone || (countryOrStored && v.country === undefined) || toE164(v.phone, v.country) !== null;

/** Where and how a bad phone is reported; checked while other fields are refused too, unless the phone or country itself is. */
const phoneIssue = {
  path: ["phone"],
  error: (issue: { input: unknown }) => {
    const v = issue.input as PhoneAndCountry;
    return phoneProblem(v.phone ?? "", v.country);
  },
  when: unlessRefused("phone", "country"),
};

export const createCustomerInput = z
  .object({ kind: z.enum(["person", "company"]), ...customerFields })
  .refine(phoneReadable(false), phoneIssue);
export type CreateCustomerInput = z.infer<typeof createCustomerInput>;

export const updateCustomerInput = z
  .object({ customerId: uuidField, ...customerFields })
  .partial()
  .required({ customerId: true })
  .refine(phoneReadable(true), phoneIssue);
export type UpdateCustomerInput = z.infer<typeof updateCustomerInput>;

export const customerIdInput = z.object({ customerId: uuidField });

export const defineCustomFieldInput = z
  .object({
    entityType: z.enum(["customer", "contact", "case"]),
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "Use lower-case letters, digits and _ (start with a letter)."),
    label: z.string().trim().min(1).max(80),
    type: z.enum(["text", "number", "date", "picklist"]),
    options: z.array(z.string().trim().min(1).max(80)).max(100).default([]),
  })
  .refine((d) => d.type !== "picklist" || d.options.length > 0, { message: "A pick-list needs options.", path: ["options"] });

const optionalId = uuidField.nullable().optional();

export const createContactInput = z.object({
  customerId: uuidField,
  firstName: optionalText(100),
  lastName: z.string().trim().min(1, "Enter a last name.").max(100),
  email: customerFields.email,
  /** As typed; stored as E.164, read in the customer's country. */
  phone: customerFields.phone,
  title: optionalText(120),
});
export type CreateContactInput = z.infer<typeof createContactInput>;

export const updateContactInput = createContactInput
  .omit({ customerId: true })
  .partial()
  .extend({ contactId: uuidField });
export type UpdateContactInput = z.infer<typeof updateContactInput>;

export const contactIdInput = z.object({ contactId: uuidField });
export const listContactsInput = z.object({ customerId: uuidField, includeArchived: z.boolean().default(false) });

export const CASE_STATUSES = ["new", "open", "pending", "closed"] as const;
export const CASE_PRIORITIES = ["low", "medium", "high", "urgent"] as const;
export const CASE_ORIGINS = ["phone", "email", "web", "chat", "social", "other"] as const;

const caseFields = {
  subject: z.string().trim().min(1, "Enter a subject.").max(255),
  description: optionalText(10_000),
  status: z.enum(CASE_STATUSES, { message: `Choose one of: ${CASE_STATUSES.join(", ")}.` }),
  priority: z.enum(CASE_PRIORITIES, { message: `Choose one of: ${CASE_PRIORITIES.join(", ")}.` }),
  origin: z.enum(CASE_ORIGINS, { message: `Choose one of: ${CASE_ORIGINS.join(", ")}.` }).nullable().optional(),
  ownerAgentId: optionalId,
  contactId: optionalId,
};

export const createCaseInput = z.object({
  customerId: uuidField,
  ...caseFields,
  status: caseFields.status.default("new"),
  priority: caseFields.priority.default("medium"),
});
export type CreateCaseInput = z.infer<typeof createCaseInput>;

export const updateCaseInput = z.object(caseFields).partial().extend({ caseId: uuidField });
export type UpdateCaseInput = z.infer<typeof updateCaseInput>;

export const listCasesInput = z.object({
  customerId: uuidField,
  /** open = every status but closed. */
  status: z.enum(["open", "closed", "all"]).default("all"),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListCasesInput = z.infer<typeof listCasesInput>;

export const addNoteInput = z.object({
  customerId: uuidField,
  body: z.string().trim().min(1, "Write something first.").max(10_000, "A note is at most 10,000 characters."),
});
export type AddNoteInput = z.infer<typeof addNoteInput>;

export const timelineInput = z.object({
  customerId: uuidField,
  /** The opaque `nextCursor` of the previous page. */
  before: z.string().max(500).nullable().optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type TimelineInput = z.infer<typeof timelineInput>;
