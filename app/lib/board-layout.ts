import { formatLocal, localDateOf, localDatesBetween, nextLocalDate, startOfLocalDate, workweekOf } from "../../server/workforce/local-time";

/** The days a board shows, in the viewer's zone, and where a shift falls among them. */
export interface BoardRange {
  view: "week" | "day";
  zone: string;
  days: string[];
  from: Date;
  to: Date;
}

export function boardRange(view: "week" | "day", anchorDate: string | null, zone: string, now = new Date()): BoardRange {
  const anchor = anchorDate && /^\d{4}-\d{2}-\d{2}$/.test(anchorDate) ? anchorDate : localDateOf(now, zone);
  if (view === "day") {
    return { view, zone, days: [anchor], from: startOfLocalDate(anchor, zone), to: startOfLocalDate(nextLocalDate(anchor), zone) };
  }
  const week = workweekOf(startOfLocalDate(anchor, zone), zone);
  const first = localDateOf(week.start, zone);
  const last = localDateOf(new Date(week.end.getTime() - 1), zone);
  return { view, zone, days: localDatesBetween(first, last), from: week.start, to: week.end };
}

export function shiftAnchor(range: BoardRange, direction: -1 | 1): string {
  const step = range.view === "week" ? 7 : 1;
  let date = range.days[0]!;
  for (let i = 0; i < step; i++) date = direction === 1 ? nextLocalDate(date) : previousLocalDate(date);
  return date;
}

function previousLocalDate(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** Which board day a shift starts on, in the viewer's zone. */
export function dayOf(startsAt: string, zone: string): string {
  return localDateOf(new Date(startsAt), zone);
}

/** Left offset and width, in percent of one day, of an interval within a local day (day view). */
export function dayPlacement(startsAt: string, endsAt: string, day: string, zone: string) {
  const dayStart = startOfLocalDate(day, zone).getTime();
  const dayEnd = startOfLocalDate(nextLocalDate(day), zone).getTime();
  const start = Math.max(Date.parse(startsAt), dayStart);
  const end = Math.min(Date.parse(endsAt), dayEnd);
  const span = dayEnd - dayStart;
  return { left: ((start - dayStart) / span) * 100, width: Math.max(0, ((end - start) / span) * 100) };
}

export function timeRange(startsAt: string, endsAt: string, zone: string): string {
  const s = new Date(startsAt);
  const e = new Date(endsAt);
  const nextDay = localDateOf(s, zone) !== localDateOf(e, zone);
  return `${formatLocal(s, zone, "HH:mm")}–${formatLocal(e, zone, "HH:mm")}${nextDay ? " (+1)" : ""}`;
}

export function dayHeading(day: string): { weekday: string; date: string } {
  const d = new Date(`${day}T12:00:00Z`);
  return {
    weekday: d.toLocaleDateString("en-GB", { weekday: "short", timeZone: "UTC" }),
    date: d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }),
  };
}
