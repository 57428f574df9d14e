import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WEEKDAYS } from "../../app/lib/shift-format";
import { availabilityOverlapMessage, slotLabel, weekdayName, type WeeklySlot } from "../../server/workforce/weekly-availability";

const slot = (weekday: number, start: string, end: string): WeeklySlot => ({ weekday, start, end });

describe("weekday names", () => {
  it("names ISO weekdays Monday first, and the pages' choices (with their short forms) come from the same names", () => {
    expect([1, 2, 7].map((d) => weekdayName(d))).toEqual(["Monday", "Tuesday", "Sunday"]);
    expect([0, 8].map((d) => weekdayName(d))).toEqual(["Day 0", "Day 8"]);
    expect(WEEKDAYS.map((w) => [w.value, w.label, w.short])).toEqual([
      [1, "Monday", "Mon"],
      [2, "Tuesday", "Tue"],
      [3, "Wednesday", "Wed"],
      [4, "Thursday", "Thu"],
      [5, "Friday", "Fri"],
      [6, "Saturday", "Sat"],
      [7, "Sunday", "Sun"],
    ]);
  });
});

describe("weekly availability: the overlap rule", () => {
  it("names two slots on the same day that overlap, and lets touching ones be", () => {
    expect(availabilityOverlapMessage([slot(1, "09:00", "17:00"), slot(1, "16:00", "18:00")])).toBe(
      "Monday 09:00–17:00 overlaps Monday 16:00–18:00.",
    );
    expect(availabilityOverlapMessage([slot(1, "08:00", "18:00"), slot(1, "09:00", "10:00")])).toBe(
      "Monday 08:00–18:00 overlaps Monday 09:00–10:00.",
    );
    expect(availabilityOverlapMessage([slot(1, "09:00", "13:00"), slot(1, "13:00", "17:00")])).toBeNull();
  });

  it("follows a night past midnight into the next day", () => {
    expect(availabilityOverlapMessage([slot(1, "22:00", "06:00"), slot(2, "05:00", "09:00")])).toBe(
      "Monday 22:00–06:00 (next day) overlaps Tuesday 05:00–09:00.",
    );
    // Given in any order, the slot that starts first is named first.
    expect(availabilityOverlapMessage([slot(2, "05:00", "09:00"), slot(1, "22:00", "06:00")])).toBe(
      "Monday 22:00–06:00 (next day) overlaps Tuesday 05:00–09:00.",
    );
    expect(availabilityOverlapMessage([slot(1, "22:00", "06:00"), slot(2, "06:00", "09:00")])).toBeNull();
    // A night that ends at midnight ends where the next day's first slot starts.
    expect(availabilityOverlapMessage([slot(1, "22:00", "00:00"), slot(2, "00:00", "06:00")])).toBeNull();
    // 23 hours from Monday noon reach Tuesday 11:00.
    expect(availabilityOverlapMessage([slot(1, "12:00", "11:00"), slot(2, "10:00", "10:30")])).toBe(
      "Monday 12:00–11:00 (next day) overlaps Tuesday 10:00–10:30.",
    );
    expect(availabilityOverlapMessage([slot(1, "12:00", "11:00"), slot(1, "11:00", "12:00")])).toBeNull();
  });

  it("wraps the week: Sunday's night runs into Monday", () => {
    expect(availabilityOverlapMessage([slot(1, "01:00", "03:00"), slot(7, "23:00", "02:00")])).toBe(
      "Sunday 23:00–02:00 (next day) overlaps Monday 01:00–03:00.",
    );
    expect(availabilityOverlapMessage([slot(7, "23:00", "02:00"), slot(1, "02:00", "03:00")])).toBeNull();
  });

  it("takes a night every day of the week", () => {
    expect(availabilityOverlapMessage([1, 2, 3, 4, 5, 6, 7].map((d) => slot(d, "22:00", "06:00")))).toBeNull();
    expect(availabilityOverlapMessage([1, 2, 3, 4, 5, 6, 7].map((d) => slot(d, "22:00", "22:30")))).toBeNull();
  });

  it("agrees with counting every minute of the week", () => {
    const time = fc.integer({ min: 0, max: 1439 }).map((m) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
    const slots = fc.array(
      fc.record({ weekday: fc.integer({ min: 1, max: 7 }), start: time, end: time }).filter((s) => s.start !== s.end),
      { maxLength: 4 },
    );
    const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
    fc.assert(
      fc.property(slots, (week) => {
        const covered = new Uint8Array(7 * 1440);
        for (const s of week) {
          const from = (s.weekday - 1) * 1440 + minutes(s.start);
          const length = (minutes(s.end) - minutes(s.start) + 1440) % 1440;
          for (let m = 0; m < length; m++) covered[(from + m) % covered.length]! += 1;
        }
        expect(availabilityOverlapMessage(week) !== null).toBe(covered.some((n) => n > 1));
      }),
      { numRuns: 300 },
    );
  });
});

describe("weekly availability: how a slot reads", () => {
  it("marks a slot that ends on the next day", () => {
    expect(slotLabel(slot(1, "09:00", "17:00"))).toBe("Monday 09:00–17:00");
    expect(slotLabel(slot(1, "22:00", "06:00"))).toBe("Monday 22:00–06:00 (next day)");
    expect(slotLabel(slot(7, "20:00", "00:00"))).toBe("Sunday 20:00–00:00 (next day)");
  });
});
