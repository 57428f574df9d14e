import { TZDate, tzOffset } from "@date-fns/tz";
import { addDays, addWeeks, format, startOfWeek } from "date-fns";

/** Local calendar math in a named IANA zone; every instant in and out is a plain Date (UTC). */

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.includes("/") || zone === "UTC";
  } catch {
    return false;
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::\d{2})?$/;

export function parseLocalDate(date: string): [number, number, number] {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`Not a date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function parseLocalTime(time: string): [number, number] {
  const m = TIME.exec(time);
  if (!m) throw new RangeError(`Not a time: ${time}`);
  return [Number(m[1]), Number(m[2])];
}

/**
 * Answers of pure zone math kept by their inputs: a claim's rule check asks
 * for the same workweeks and hire dates again and again, and each answer
 * costs tens of microseconds of `Intl` calls. Bounded; emptied when full.
 */
const MEMO_LIMIT = 10_000;
function memo<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute();
    if (cache.size >= MEMO_LIMIT) cache.clear();
    cache.set(key, value);
  }
  return value;
}
const instants = new Map<string, number>();
const workweeks = new Map<string, { start: number; end: number }>();

/** The instant a wall-clock time on a local date names in `zone`. */
export function instantFromLocal(date: string, time: string, zone: string): Date {
  const [y, mo, d] = parseLocalDate(date);
  const [h, mi] = parseLocalTime(time);
  return new Date(memo(instants, `${zone} ${y}-${mo}-${d} ${h}:${mi}`, () => new TZDate(y, mo - 1, d, h, mi, zone).getTime()));
}

/**
 * A shift given as local date and wall-clock start/end. An end at or before
 * the start is on the next day (a night shift). The length is the true
 * elapsed time, so a night across a DST change is an hour shorter or longer.
 */
export function localShiftInstants(date: string, start: string, end: string, zone: string) {
  const startsAt = instantFromLocal(date, start, zone);
  const endDate = end <= start ? nextLocalDate(date) : date;
  return { startsAt, endsAt: instantFromLocal(endDate, end, zone) };
}

export function nextLocalDate(date: string): string {
  const [y, m, d] = parseLocalDate(date);
  return format(addDays(new Date(y, m - 1, d, 12), 1), "yyyy-MM-dd");
}

/** The local date of an instant in `zone`. */
export function localDateOf(instant: Date, zone: string): string {
  return format(new TZDate(instant, zone), "yyyy-MM-dd");
}

/** Local midnight starting a date, as an instant. */
export function startOfLocalDate(date: string, zone: string): Date {
  return instantFromLocal(date, "00:00", zone);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local date. */
export function isoWeekday(date: string): number {
  const [y, m, d] = parseLocalDate(date);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Every local date from `from` to `to`, inclusive. */
export function localDatesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = nextLocalDate(d)) dates.push(d);
  return dates;
}

/** The agent's workweek (Monday 00:00 to the next Monday 00:00, local) containing an instant. */
export function workweekOf(instant: Date, zone: string): { start: Date; end: Date } {
  const compute = () => {
    const start = startOfWeek(new TZDate(instant, zone), { weekStartsOn: 1 });
    return { start: start.getTime(), end: addWeeks(start, 1).getTime() };
  };
  // Kept by the local date of the week's Monday: the instant's local date (from the zone's
  // offset at that instant, as TZDate reads it) stepped back to Monday.
  const offset = tzOffset(zone, instant);
  const week = Number.isFinite(offset) ? memo(workweeks, `${zone} ${mondayOf(instant.getTime() + offset * 60_000)}`, compute) : compute();
  return { start: new Date(week.start), end: new Date(week.end) };
}

/** The UTC midnight of the Monday on or before a wall-clock time given as if it were UTC. */
function mondayOf(localMs: number): number {
  const local = new Date(localMs);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - ((local.getUTCDay() + 6) % 7));
}

/** "Mon 9 Mar, 22:00" in the zone: how shift times are named in messages. */
export function formatLocal(instant: Date, zone: string, pattern = "EEE d MMM, HH:mm"): string {
  return format(new TZDate(instant, zone), pattern);
}

/** "Mon 9 Mar, 22:00–06:00" (end date shown when it differs). */
export function formatLocalRange(startsAt: Date, endsAt: Date, zone: string): string {
  const sameDay = localDateOf(startsAt, zone) === localDateOf(endsAt, zone);
  return `${formatLocal(startsAt, zone)}–${formatLocal(endsAt, zone, sameDay ? "HH:mm" : "EEE d MMM, HH:mm")}`;
}
