import { z } from "zod";
import { instantField, uuidField } from "../validation/fields";

export const INTERACTION_CHANNELS = ["phone", "chat", "email", "social"] as const;
export const INTERACTION_DIRECTIONS = ["inbound", "outbound"] as const;
export const INTERACTION_OUTCOMES = ["resolved", "follow_up", "escalated"] as const;

export const logInteractionInput = z
  .object({
    customerId: uuidField,
    channel: z.enum(INTERACTION_CHANNELS),
    direction: z.enum(INTERACTION_DIRECTIONS),
    /** Defaults to now. */
    startedAt: instantField.optional(),
    endedAt: instantField.nullish(),
    subject: z.string().trim().min(1, "Say what it was about.").max(200),
    summary: z.string().trim().max(10_000).nullish(),
    outcome: z.enum(INTERACTION_OUTCOMES).nullish(),
    caseId: uuidField.nullish(),
  })
  .refine((i) => !i.endedAt || !i.startedAt || i.endedAt >= i.startedAt, { message: "It cannot end before it started.", path: ["endedAt"] });
export type LogInteractionInput = z.infer<typeof logInteractionInput>;

export const offShiftReviewInput = z.object({
  limit: z.number().int().min(1).max(100).default(50),
  /** The last item's id from the previous page. */
  after: z.object({ startedAt: instantField, id: uuidField }).optional(),
});

export type OffShiftReviewInput = z.infer<typeof offShiftReviewInput>;

export const interactionIdInput = z.object({ interactionId: uuidField });
