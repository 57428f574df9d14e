/**
 * Weekly availability: when an agent can usually work, as wall-clock slots in
 * their own zone ("Monday 09:00–17:00"). Browser-safe, so pages and the server
 * read slots the same way.
 *
 * A slot belongs to the day it starts. An end at or before the start is on the
 * next day ("Monday 22:00–06:00" runs until Tuesday 06:00, Sunday's night into
 * Monday), so a slot is 1 minute to 23 h 59 min long; an end equal to the start
 * is refused (it reads as nothing or as a whole day).
 */
export interface WeeklySlot {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** "HH:MM", 24-hour. */
  start: string;
  end: string;
}

/** The weekdays' names, Monday first (ISO weekday n is at n - 1): the one spelling every page and message uses. */
export const ISO_WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** "Monday" for 1 … "Sunday" for 7; "Day 8" for a number outside the week. */
export function weekdayName(weekday: number): string {
  return ISO_WEEKDAY_NAMES[weekday - 1] ?? `Day ${weekday}`;
}

const DAY = 24 * 60;
const WEEK = 7 * DAY;

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Whether the slot ends on the day after it starts. */
export function isOvernight(slot: Pick<WeeklySlot, "start" | "end">): boolean {
  return slot.end <= slot.start;
}

/** Its length in minutes (an end at or before the start counts to the next day's clock). */
export function slotMinutes(slot: Pick<WeeklySlot, "start" | "end">): number {
  return (((minutesOf(slot.end) - minutesOf(slot.start)) % DAY) + DAY) % DAY || DAY;
}

/** "22:00–06:00 (next day)", or "09:00–17:00". */
export function slotRange(slot: Pick<WeeklySlot, "start" | "end">): string {
  return `${slot.start}–${slot.end}${isOvernight(slot) ? " (next day)" : ""}`;
}

/** "Monday 22:00–06:00 (next day)". */
export function slotLabel(slot: WeeklySlot): string {
  return `${weekdayName(slot.weekday)} ${slotRange(slot)}`;
}

/**
 * The first two slots that share a minute of the week, the one starting first
 * named first; null if none do. The week is a circle: Sunday's night meets
 * Monday morning. Slots that only touch (one ends as the next starts) are fine.
 */
export function findAvailabilityOverlap<Slot extends WeeklySlot>(slots: Slot[]): [Slot, Slot] | null {
  const placed = slots
    .map((slot) => ({ slot, from: (slot.weekday - 1) * DAY + minutesOf(slot.start), length: slotMinutes(slot) }))
    .sort((a, b) => a.from - b.from);
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) {
      const a = placed[i]!;
      const b = placed[j]!;
      // b starts inside a, or (round the end of the week) a starts inside b.
      if (b.from - a.from < a.length) return [a.slot, b.slot];
      if (a.from + WEEK - b.from < b.length) return [b.slot, a.slot];
    }
  }
  return null;
}

/** "Monday 22:00–06:00 (next day) overlaps Tuesday 05:00–09:00." for the first clash, or null. */
export function availabilityOverlapMessage(slots: WeeklySlot[]): string | null {
  const pair = findAvailabilityOverlap(slots);
  return pair ? `${slotLabel(pair[0])} overlaps ${slotLabel(pair[1])}.` : null;
}

const GIVE_ANOTHER_END = "Give another end (one before the start is on the next day).";

/** What a row whose end is its start is told, beside its end. */
export const SAME_START_AND_END = `Ends when it starts. ${GIVE_ANOTHER_END}`;

/** The same, naming the slot, for a message read away from its row. */
export function sameStartAndEndMessage(slot: WeeklySlot): string {
  return `${weekdayName(slot.weekday)} ${slot.start}–${slot.end} ends when it starts. ${GIVE_ANOTHER_END}`;
}
