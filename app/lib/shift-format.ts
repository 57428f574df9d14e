import { format } from "date-fns";
import { formatLocal, formatLocalRange, localDateOf, localDatesBetween, parseLocalDate } from "../../server/workforce/local-time";
import { ISO_WEEKDAY_NAMES } from "../../server/workforce/weekly-availability";

/**
 * How an agent's own pages name shifts, days and time off. Every function
 * takes an explicit zone, so the server and the browser print the same text.
 */

/** ISO weekdays as the availability API numbers them (1 = Monday … 7 = Sunday), with "Mon" … "Sun" for narrow boxes. */
export const WEEKDAYS = ISO_WEEKDAY_NAMES.map((label, i) => ({ value: i + 1, label, short: label.slice(0, 3) }));

// A weekly availability slot belongs to the day it starts; an end at or before the start is on the next day:
// "22:00–06:00 (next day)", "Monday 22:00–06:00 (next day)".
export {
  findAvailabilityOverlap,
  isOvernight,
  SAME_START_AND_END,
  slotLabel as availabilityLabel,
  slotRange as availabilityRange,
  weekdayName,
} from "../../server/workforce/weekly-availability";

/** "Mon 9 Mar, 10:00–14:00" (the end's date only when it differs): the wording the server uses in messages. */
export function shiftLabel(startsAt: string, endsAt: string, zone: string): string {
  return formatLocalRange(new Date(startsAt), new Date(endsAt), zone);
}

/** "22:00–06:00 (+1)": wall-clock times, marked when the shift ends on the next local day. */
export function clockRange(startsAt: string, endsAt: string, zone: string): string {
  const s = new Date(startsAt);
  const e = new Date(endsAt);
  const nextDay = localDateOf(s, zone) !== localDateOf(e, zone);
  return `${formatLocal(s, zone, "HH:mm")}–${formatLocal(e, zone, "HH:mm")}${nextDay ? " (+1)" : ""}`;
}

/** "Wed 20:30–Thu 04:30" (the end's weekday only when it differs): compact, for a second zone. */
export function weekdayClockRange(startsAt: string, endsAt: string, zone: string): string {
  const s = new Date(startsAt);
  const e = new Date(endsAt);
  const sameDay = localDateOf(s, zone) === localDateOf(e, zone);
  return `${formatLocal(s, zone, "EEE HH:mm")}–${formatLocal(e, zone, sameDay ? "HH:mm" : "EEE HH:mm")}`;
}

const hoursNumber = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** Elapsed length, e.g. "8 h" or "7.5 h" (true elapsed time, so a night across a DST change is 7 h or 9 h). */
export function shiftHours(startsAt: string, endsAt: string): string {
  return `${hoursNumber.format((Date.parse(endsAt) - Date.parse(startsAt)) / 3_600_000)} h`;
}

/** The local date a shift starts on, in the zone. */
export function localDayOf(instant: string, zone: string): string {
  return localDateOf(new Date(instant), zone);
}

/** Items grouped by the local day they start on, in order. */
export function groupByLocalDay<T extends { startsAt: string }>(items: T[], zone: string): { date: string; items: T[] }[] {
  const groups: { date: string; items: T[] }[] = [];
  for (const item of items) {
    const date = localDayOf(item.startsAt, zone);
    const last = groups[groups.length - 1];
    if (last && last.date === date) last.items.push(item);
    else groups.push({ date, items: [item] });
  }
  return groups;
}

/** A local date ("2026-03-09") in words, e.g. "Monday 9 March" (no zone: it is already a calendar day). */
export function formatLocalDay(date: string, pattern = "EEEE d MMMM"): string {
  const [y, m, d] = parseLocalDate(date);
  return format(new Date(y, m - 1, d, 12), pattern);
}

/** "Today", "Tomorrow", or "" — relative to the local date `today`. */
export function relativeDay(date: string, today: string): string {
  if (date === today) return "Today";
  const [y, m, d] = parseLocalDate(today);
  const tomorrow = format(new Date(y, m - 1, d + 1, 12), "yyyy-MM-dd");
  return date === tomorrow ? "Tomorrow" : "";
}

/**
 * The whole local days a time-off request covers (it runs from the first
 * day's midnight to the midnight after the last), e.g. "Mon 9 Mar – Tue 10 Mar 2026".
 */
export function timeOffDays(startsAt: string, endsAt: string, zone: string): { first: string; last: string; days: number; label: string } {
  const first = localDateOf(new Date(startsAt), zone);
  const last = localDateOf(new Date(Date.parse(endsAt) - 1), zone);
  const days = last >= first ? localDatesBetween(first, last).length : 1;
  const sameYear = first.slice(0, 4) === last.slice(0, 4);
  const label =
    first === last || last < first
      ? formatLocalDay(first, "EEE d MMM yyyy")
      : `${formatLocalDay(first, sameYear ? "EEE d MMM" : "EEE d MMM yyyy")} – ${formatLocalDay(last, "EEE d MMM yyyy")}`;
  return { first, last, days, label };
}

export const TIME_OFF_STATUS: Record<string, { label: string; tone: "amber" | "green" | "red" | "slate" }> = {
  pending: { label: "Pending", tone: "amber" },
  approved: { label: "Approved", tone: "green" },
  rejected: { label: "Rejected", tone: "red" },
  cancelled: { label: "Cancelled", tone: "slate" },
};

export function timeOffStatus(status: string) {
  return TIME_OFF_STATUS[status] ?? { label: status, tone: "slate" as const };
}

/** "UTC+05:30" for a zone at an instant. */
export function zoneOffset(zone: string, at: Date | number): string {
  const offset = formatLocal(new Date(at), zone, "xxx");
  return `UTC${offset === "+00:00" ? "" : offset}`;
}
