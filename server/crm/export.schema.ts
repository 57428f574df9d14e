import { z } from "zod";
import { uuidField } from "../validation/fields";
import { countryField } from "./contact-fields";

/** Filters of the customer list; the CSV export takes the same ones. */
export const customerListFilter = z.object({
  kind: z.enum(["person", "company"]).optional(),
  country: countryField.optional(),
  segment: z.string().trim().min(1).max(80, "at most 80 characters.").optional(),
  tier: z.string().trim().min(1).max(40, "at most 40 characters.").optional(),
  includeArchived: z.boolean().default(false),
  /** A custom field's exact value (numbers compare as numbers), checked against the field's definition. */
  custom: z
    .object({
      key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "Not a custom field key."),
      value: z.union([z.string().trim().min(1, "Enter a value to look for.").max(1000), z.number()]),
    })
    .optional(),
});
export type CustomerListFilter = z.infer<typeof customerListFilter>;

export const CUSTOMER_LIST_SORTS = ["name", "newest"] as const;
export type CustomerListSort = (typeof CUSTOMER_LIST_SORTS)[number];

export const customerListInput = customerListFilter.extend({
  /** name: A→Z (then id); newest: by creation time, newest first. */
  sort: z.enum(CUSTOMER_LIST_SORTS).default("name"),
  /** The `next` of the previous page. */
  after: z.string().max(1000).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type CustomerListInput = z.input<typeof customerListInput>;

/**
 * What to export: the list with its filters and order, or (with `q`) a search's results in
 * their ranked order. A search covers all customers, so it is not combined with list filters.
 */
export const customerExportInput = customerListFilter
  .extend({
    sort: z.enum(CUSTOMER_LIST_SORTS).default("name"),
    q: z.string().trim().min(1).max(200).optional(),
  })
  .refine((d) => !d.q || (!d.kind && !d.country && !d.segment && !d.tier && !d.custom), {
    message: "A search export takes no list filters; clear the search or the filters.",
    path: ["q"],
  });
export type CustomerExportInput = z.infer<typeof customerExportInput>;

export const eraseCustomerInput = z.object({
  customerId: uuidField,
  /** Why (e.g. "GDPR art. 17 request, ticket 4711"); kept in the audit log, so no personal data here. */
  reason: z.string().trim().min(3, "Say why this customer is erased (e.g. the request's reference).").max(500),
});
export type EraseCustomerInput = z.infer<typeof eraseCustomerInput>;
