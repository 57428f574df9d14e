import { z } from "zod";
import { uuidField } from "../validation/fields";
import { localDateField, timeZoneField } from "../workforce/workforce.schema";

export const QA_CRITERION_KINDS = ["points", "pass_fail"] as const;

/** First-contact resolution looks this many days before and after a contact (see quality.report.ts). */
export const FCR_WINDOW_DAYS = 7;

/** The longest date range the quality report covers at once. */
export const REPORT_MAX_DAYS = 92;

const criterionFields = z.object({
  name: z.string().trim().min(1, "Name the criterion.").max(80, "A name is at most 80 characters."),
  description: z.string().trim().max(1000, "A description is at most 1,000 characters.").nullish(),
  kind: z.enum(QA_CRITERION_KINDS, { message: "Choose points or pass/fail." }),
  /** Points only (pass/fail is always 1). */
  maxPoints: z.number().int("Use a whole number.").min(1, "At least 1 point.").max(100, "At most 100 points.").nullish(),
  weight: z.number().int("Use a whole number.").min(1, "A weight is 1 to 100.").max(100, "A weight is 1 to 100.").default(1),
  critical: z.boolean().default(false),
  position: z.number().int().min(0).max(10_000).nullish(),
});

function pointsNeedMaximum(c: { kind: string; maxPoints?: number | null }) {
  return c.kind !== "points" || (c.maxPoints !== null && c.maxPoints !== undefined);
}
const MAX_POINTS_MESSAGE = { message: "Say how many points the criterion is out of.", path: ["maxPoints"] };

export const createCriterionInput = criterionFields.refine(pointsNeedMaximum, MAX_POINTS_MESSAGE);
export type CreateCriterionInput = z.infer<typeof createCriterionInput>;

export const updateCriterionInput = criterionFields.extend({ criterionId: uuidField }).refine(pointsNeedMaximum, MAX_POINTS_MESSAGE);
export type UpdateCriterionInput = z.infer<typeof updateCriterionInput>;

export const criterionIdInput = z.object({ criterionId: uuidField });

export const listCriteriaInput = z.object({ includeRetired: z.boolean().default(false) }).default({ includeRetired: false });

export const scoreInteractionInput = z.object({
  interactionId: uuidField,
  /** One answer per live criterion; points null = not applicable. */
  scores: z
    .array(
      z.object({
        criterionId: uuidField,
        points: z.number().int("Use whole points.").min(0, "Points cannot be negative.").max(100).nullable(),
      }),
    )
    .min(1, "Score at least one criterion.")
    .max(100),
  comment: z.string().trim().max(4000, "A comment is at most 4,000 characters.").nullish(),
});
export type ScoreInteractionInput = z.infer<typeof scoreInteractionInput>;

export const interactionScorecardsInput = z.object({ interactionId: uuidField });

export const scorecardIdInput = z.object({ scorecardId: uuidField });

const dateRange = {
  from: localDateField,
  to: localDateField,
  /** Days run from midnight to midnight in this zone (the viewer's). */
  zone: timeZoneField.default("UTC"),
};

function rangeFits(r: { from: string; to: string }) {
  return r.to >= r.from && Date.parse(`${r.to}T00:00:00Z`) - Date.parse(`${r.from}T00:00:00Z`) < REPORT_MAX_DAYS * 86_400_000;
}
const RANGE_MESSAGE = { message: `Choose an end on or after the start, at most ${REPORT_MAX_DAYS} days in all.`, path: ["to"] };

export const qualityReportInput = z
  .object({
    ...dateRange,
    teamId: uuidField.nullish(),
    /** One agent: adds the per-shift rows (an agent asking always gets their own). */
    agentId: uuidField.nullish(),
  })
  .refine(rangeFits, RANGE_MESSAGE);
export type QualityReportInput = z.infer<typeof qualityReportInput>;

export const recentInteractionsInput = z
  .object({
    ...dateRange,
    teamId: uuidField.nullish(),
    agentId: uuidField.nullish(),
    /** Only interactions nobody has scored yet. */
    unscoredOnly: z.boolean().default(false),
    limit: z.number().int().min(1).max(100).default(25),
    after: z.object({ startedAt: z.iso.datetime({ offset: true }), id: uuidField }).nullish(),
  })
  .refine(rangeFits, RANGE_MESSAGE);
export type RecentInteractionsInput = z.infer<typeof recentInteractionsInput>;
