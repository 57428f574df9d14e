import { z } from "zod";
import { uuidField } from "../validation/fields";
import { countryField, languageField } from "./contact-fields";

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

export const createCustomerInput = z.object({ kind: z.enum(["person", "company"]), ...customerFields });
export type CreateCustomerInput = z.infer<typeof createCustomerInput>;

export const updateCustomerInput = z
  .object({ customerId: uuidField, ...customerFields })
  .partial()
  .required({ customerId: true });
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
