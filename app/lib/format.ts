import { formatDistanceToNow } from "date-fns";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/** An instant as the viewer reads it: local date and time (zone optional), e.g. "25 Nov 2026, 14:05". */
export function formatInstant(iso: string | Date, timeZone?: string): string {
  const date = timeZone ? new TZDate(new Date(iso), timeZone) : new Date(iso);
  return format(date, "d MMM yyyy, HH:mm");
}

export function formatAgo(iso: string | Date): string {
  return formatDistanceToNow(new Date(iso), { addSuffix: true });
}
