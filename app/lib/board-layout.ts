import { formatLocal, formatLocalRange, localDateOf, localDatesBetween, nextLocalDate, startOfLocalDate, workweekOf } from "../../server/workforce/local-time";

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
  if (view === "day") return { view, zone, days: [anchor], ...dayBounds(anchor, zone) };
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

const HOUR_MS = 3_600_000;

/** Where an interval lies within [from, to): its clipped ends, and whether it runs past either edge. */
export interface Clip {
  startMs: number;
  endMs: number;
  /** It started before `from` (a carry-over from the previous day or week). */
  startsBefore: boolean;
  /** It ends after `to` (it runs on into the next day or week). */
  endsAfter: boolean;
}

/** The part of [startsAt, endsAt) inside [from, to), or null when they do not overlap. */
export function clipInterval(startsAt: string, endsAt: string, from: Date, to: Date): Clip | null {
  const s = Date.parse(startsAt);
  const e = Date.parse(endsAt);
  const f = from.getTime();
  const t = to.getTime();
  if (!(s < t && e > f)) return null;
  return { startMs: Math.max(s, f), endMs: Math.min(e, t), startsBefore: s < f, endsAfter: e > t };
}

/** A local day as instants: local midnight to the next local midnight (23 or 25 hours across a DST change). */
export function dayBounds(day: string, zone: string): { from: Date; to: Date } {
  return { from: startOfLocalDate(day, zone), to: startOfLocalDate(nextLocalDate(day), zone) };
}

/**
 * Left offset and width, in percent of one local day, of the part of an interval inside that day (day view),
 * with whether it is cut at either edge; null when it does not touch the day.
 */
export function dayPlacement(startsAt: string, endsAt: string, day: string, zone: string) {
  const { from, to } = dayBounds(day, zone);
  const clip = clipInterval(startsAt, endsAt, from, to);
  if (!clip) return null;
  const span = to.getTime() - from.getTime();
  return {
    left: ((clip.startMs - from.getTime()) / span) * 100,
    width: ((clip.endMs - clip.startMs) / span) * 100,
    startsBefore: clip.startsBefore,
    endsAfter: clip.endsAfter,
  };
}

/**
 * The hour marks of a local day, placed by real elapsed time: a spring-forward day has 23 (no 02), a
 * fall-back day 25 (01 twice).
 */
export function dayHourTicks(day: string, zone: string): { label: string; left: number }[] {
  const { from, to } = dayBounds(day, zone);
  const span = to.getTime() - from.getTime();
  const ticks: { label: string; left: number }[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += HOUR_MS) {
    ticks.push({ label: formatLocal(new Date(t), zone, "HH"), left: ((t - from.getTime()) / span) * 100 });
  }
  return ticks;
}

/**
 * The week-view cell of a shift: the local day it starts on, or the range's first day for a shift carried
 * over from before the range; null when it does not overlap the range.
 */
export function weekCellDay(startsAt: string, endsAt: string, range: BoardRange): string | null {
  const clip = clipInterval(startsAt, endsAt, range.from, range.to);
  if (!clip) return null;
  return clip.startsBefore ? range.days[0]! : localDateOf(new Date(startsAt), range.zone);
}

/**
 * How a shift cut at the edges of what the board shows is named: `text` is shown on the block (the far end
 * gets its weekday), `short` on a narrow one (only the end inside the day: "–06:00", "22:00–"), `full` names
 * both ends with their dates, for the accessible name.
 */
export function clippedShiftText(startsAt: string, endsAt: string, clip: Pick<Clip, "startsBefore" | "endsAfter">, zone: string) {
  const s = new Date(startsAt);
  const e = new Date(endsAt);
  const full = formatLocalRange(s, e, zone);
  const from = formatLocal(s, zone, "EEE HH:mm");
  const until = formatLocal(e, zone, "EEE HH:mm");
  let text = timeRange(startsAt, endsAt, zone);
  if (clip.startsBefore && clip.endsAfter) text = `from ${from} until ${until}`;
  // The end inside the shown days first, so a narrow block that cuts its text short still shows it.
  else if (clip.startsBefore) text = `until ${formatLocal(e, zone, "HH:mm")} (from ${from})`;
  else if (clip.endsAfter) text = `${formatLocal(s, zone, "HH:mm")} until ${until}`;
  const notes = [
    clip.startsBefore ? `continues from ${formatLocal(s, zone, "EEE d MMM")}` : null,
    clip.endsAfter ? `continues into ${formatLocal(e, zone, "EEE d MMM")}` : null,
  ].filter(Boolean);
  let short = text;
  if (clip.startsBefore && clip.endsAfter) short = "all day";
  else if (clip.startsBefore) short = `–${formatLocal(e, zone, "HH:mm")}`;
  else if (clip.endsAfter) short = `${formatLocal(s, zone, "HH:mm")}–`;
  return { text, short, full: notes.length ? `${full} (${notes.join(", ")})` : full };
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
