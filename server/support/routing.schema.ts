import { z } from "zod";
import { uuidField } from "../validation/fields";
import { INTERACTION_OUTCOMES } from "./interactions.schema";

export const PRESENCE_STATUSES = ["available", "busy", "away"] as const;

export const setAvailabilityInput = z.object({
  status: z.enum(PRESENCE_STATUSES, { message: "Choose available, busy or away." }),
});

export const offerInput = z.object({ handoffId: uuidField });

export const resolveHandoffInput = z.object({
  handoffId: uuidField,
  subject: z.string().trim().min(1, "Say what it was about.").max(200),
  summary: z.string().trim().max(10_000).nullish(),
  outcome: z.enum(INTERACTION_OUTCOMES, { message: "Choose resolved, follow-up or escalated." }),
  caseId: uuidField.nullish(),
});
export type ResolveHandoffInput = z.infer<typeof resolveHandoffInput>;

export const wallInput = z.object({
  /** Start of the viewer's "today" (their local midnight), for the day's SLA breaches. */
  dayStart: z.iso.datetime({ offset: true }).transform((s) => new Date(s)).optional(),
});
