import { formatDistance, formatDistanceToNow } from "date-fns";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/** An instant as the viewer reads it: local date and time (zone optional), e.g. "25 Nov 2026, 14:05". */
export function formatInstant(iso: string | Date, timeZone?: string): string {
  const date = timeZone ? new TZDate(new Date(iso), timeZone) : new Date(iso);
  return format(date, "d MMM yyyy, HH:mm");
}

/**
 * "3 minutes ago". In a component, pass `now` from `useNow(renderedAt)`: the server's render and the
 * browser's hydration then read the same clock (two clocks a second apart can word it differently, and
 * React then renders the whole page afresh, dropping whatever was typed meanwhile).
 */
export function formatAgo(iso: string | Date, now?: number): string {
  return now === undefined ? formatDistanceToNow(new Date(iso), { addSuffix: true }) : formatDistance(new Date(iso), now, { addSuffix: true });
}

/** A time near now, compactly: "14:05" today, "Fri 09:00" within the week around, else the full date and time. */
export function formatNear(iso: string | Date, timeZone: string, now: Date = new Date()): string {
  const date = new TZDate(new Date(iso), timeZone);
  const today = new TZDate(now, timeZone);
  if (format(date, "yyyy-MM-dd") === format(today, "yyyy-MM-dd")) return format(date, "HH:mm");
  if (Math.abs(date.getTime() - now.getTime()) < 6 * 86_400_000) return format(date, "EEE HH:mm");
  return format(date, "d MMM yyyy, HH:mm");
}
