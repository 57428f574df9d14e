/** How the quality pages write their numbers (browser-safe). */

export const DASH = "—";

/** 42 → "42 s"; 453 → "7 m 33 s"; 4000 → "1 h 06 m". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return DASH;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} m`;
}

export function formatPercent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? DASH : `${value.toFixed(digits)} %`;
}

export function formatAverage(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined ? DASH : value.toFixed(digits);
}

/** A QA percentage's tone: at least 85 good, under 70 needs coaching. */
export function qaTone(percent: number | null | undefined): "green" | "amber" | "red" | "slate" {
  if (percent === null || percent === undefined) return "slate";
  if (percent >= 85) return "green";
  if (percent >= 70) return "amber";
  return "red";
}

/** A local date "2026-02-03" as "3 Feb" (no zone arithmetic: it is already local). */
export function shortDay(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
}

/** A local date moved by whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
