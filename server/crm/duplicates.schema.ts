import { z } from "zod";
import { uuidField } from "../validation/fields";

/** The customer fields a merge chooses between (custom fields are picked as "custom.<key>"). */
export const MERGE_FIELDS = ["name", "email", "phone", "country", "language", "segment", "tier"] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

export const listDuplicatesInput = z.object({
  /** The opaque `next` of the previous page. */
  after: z.string().max(500).nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListDuplicatesInput = z.infer<typeof listDuplicatesInput>;

export const duplicatesOfInput = z.object({ customerId: uuidField });

export const dismissDuplicateInput = z.object({
  pairId: z.string().regex(/^\d{1,18}$/, "Not a duplicate pair id."),
});

const mergeSide = z.enum(["survivor", "loser"], { message: "Pick survivor or loser." });

export const mergeCustomersInput = z
  .object({
    survivorId: uuidField,
    loserId: uuidField,
    /** Field → whose value survives; a field not given keeps the survivor's value, or the loser's when the survivor's is empty. */
    pick: z
      .record(
        z.string().regex(/^(name|email|phone|country|language|segment|tier|custom\.[a-z][a-z0-9_]{0,39})$/, "Not a field that can be picked."),
        mergeSide,
      )
      .default({}),
  })
  .refine((d) => d.survivorId !== d.loserId, { message: "A customer cannot be merged into itself.", path: ["loserId"] });
export type MergeCustomersInput = z.infer<typeof mergeCustomersInput>;

export const mergePreviewInput = z.object({ survivorId: uuidField, loserId: uuidField });
