import type { QaCriterionKind } from "../../db/schema";
import { QualityError } from "./quality.errors";

/** Browser-safe: the scoring page previews the percentage with the same function the server stores. */

export interface ScoredItem {
  kind: QaCriterionKind;
  maxPoints: number;
  weight: number;
  critical: boolean;
  /** null: not applicable. */
  points: number | null;
}

/**
 * A scorecard's percentage: the weighted share of points over the criteria
 * that apply (each criterion's points over its maximum, times its weight,
 * over the sum of those weights), to two decimals. A critical criterion with
 * no points fails the whole scorecard: 0 %, whatever else scored.
 */
export function scorecardPercent(items: ScoredItem[]): { percent: number; autoFailed: boolean } {
  const applicable = items.filter((i) => i.points !== null);
  if (applicable.length === 0) throw new QualityError("INVALID", "Score at least one criterion: every one was marked not applicable.", "scores");
  const autoFailed = applicable.some((i) => i.critical && i.points === 0);
  if (autoFailed) return { percent: 0, autoFailed };
  const weights = applicable.reduce((sum, i) => sum + i.weight, 0);
  const earned = applicable.reduce((sum, i) => sum + (i.weight * i.points!) / i.maxPoints, 0);
  return { percent: Math.round((10_000 * earned) / weights) / 100, autoFailed };
}
