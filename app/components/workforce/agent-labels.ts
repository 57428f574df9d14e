import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import type { EmploymentType, LaborRegion } from "../../../db/schema";

export const LABOR_REGION_LABELS: Record<LaborRegion, string> = {
  "US-FLSA": "US FLSA",
  "US-CA": "US California",
  NONE: "None",
};

/** What each rule set does to hours, for the form's choices. */
export const LABOR_REGION_CHOICES: Record<LaborRegion, string> = {
  "US-FLSA": "US FLSA: overtime after 40 h a week",
  "US-CA": "US California: daily and weekly overtime",
  NONE: "None: no overtime split",
};

export const EMPLOYMENT_TYPE_LABELS: Record<EmploymentType, string> = {
  full_time: "Full-time",
  part_time: "Part-time",
  contractor: "Contractor",
};

export function laborRegionLabel(region: string): string {
  return LABOR_REGION_LABELS[region as LaborRegion] ?? region;
}

export function employmentTypeLabel(type: string): string {
  return EMPLOYMENT_TYPE_LABELS[type as EmploymentType] ?? type;
}

const amount = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Integer cents as "2,450.00 PHP" (the same text on the server and in every browser). */
export function formatMoney(cents: number, currency: string): string {
  return `${amount.format(cents / 100)} ${currency}`;
}

/** Cents as the decimal a rate input shows: 2450 → "24.50". */
export function centsToDecimal(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** "Thu 14:05" and "UTC+05:30" for an instant in a zone. */
export function localClock(instant: Date | number, zone: string): { time: string; offset: string } {
  const local = new TZDate(new Date(instant), zone);
  const offset = format(local, "xxx");
  return { time: format(local, "EEE HH:mm"), offset: `UTC${offset === "+00:00" ? "" : offset}` };
}
