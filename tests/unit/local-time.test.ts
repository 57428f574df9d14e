import { TZDate } from "@date-fns/tz";
import { addWeeks, startOfWeek } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  instantFromLocal,
  isoWeekday,
  isValidTimeZone,
  localDateOf,
  localDatesBetween,
  localShiftInstants,
  workweekOf,
} from "../../server/workforce/local-time";

const HOUR = 3_600_000;
const LA = "America/Los_Angeles";

describe("local shift times", () => {
  it("turns a local day shift into instants (PST is UTC-8 in January)", () => {
    const { startsAt, endsAt } = localShiftInstants("2026-01-15", "09:00", "17:00", LA);
    expect(startsAt.toISOString()).toBe("2026-01-15T17:00:00.000Z");
    expect(endsAt.toISOString()).toBe("2026-01-16T01:00:00.000Z");
  });

  it("ends a shift across midnight on the next day", () => {
    const { startsAt, endsAt } = localShiftInstants("2026-01-15", "22:00", "06:00", LA);
    expect(endsAt.getTime() - startsAt.getTime()).toBe(8 * HOUR);
    expect(localDateOf(endsAt, LA)).toBe("2026-01-16");
  });

  // US clocks spring forward at 02:00 on Sunday 8 March 2026 and fall back at 02:00 on Sunday 1 November 2026.
  it("keeps the true length of a night shift across the spring-forward change (7 h, not 8)", () => {
    const { startsAt, endsAt } = localShiftInstants("2026-03-07", "22:00", "06:00", LA);
    expect(startsAt.toISOString()).toBe("2026-03-08T06:00:00.000Z");
    expect(endsAt.toISOString()).toBe("2026-03-08T13:00:00.000Z");
    expect(endsAt.getTime() - startsAt.getTime()).toBe(7 * HOUR);
  });

  it("keeps the true length of a night shift across the fall-back change (9 h, not 8)", () => {
    const { startsAt, endsAt } = localShiftInstants("2026-10-31", "22:00", "06:00", LA);
    expect(endsAt.getTime() - startsAt.getTime()).toBe(9 * HOUR);
  });

  it("gives the same wall-clock shift different UTC instants either side of the change", () => {
    expect(instantFromLocal("2026-03-07", "09:00", LA).toISOString()).toBe("2026-03-07T17:00:00.000Z");
    expect(instantFromLocal("2026-03-09", "09:00", LA).toISOString()).toBe("2026-03-09T16:00:00.000Z");
  });

  it("works in zones east of UTC and in Europe's own change (29 March 2026)", () => {
    const berlin = localShiftInstants("2026-03-28", "22:00", "06:00", "Europe/Berlin");
    expect(berlin.endsAt.getTime() - berlin.startsAt.getTime()).toBe(7 * HOUR);
    expect(instantFromLocal("2026-06-01", "09:00", "Asia/Kolkata").toISOString()).toBe("2026-06-01T03:30:00.000Z");
  });
});

describe("local calendar", () => {
  it("names ISO weekdays", () => {
    expect(isoWeekday("2026-11-23")).toBe(1); // a Monday
    expect(isoWeekday("2026-11-29")).toBe(7);
  });

  it("lists dates inclusively, across month ends", () => {
    expect(localDatesBetween("2026-02-27", "2026-03-02")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
  });

  it("finds the agent's Monday-to-Monday workweek in their own zone", () => {
    // Sunday 23:30 in Los Angeles is already Monday in UTC; the workweek is still the local one.
    const sundayNight = instantFromLocal("2026-11-29", "23:30", LA);
    const week = workweekOf(sundayNight, LA);
    expect(localDateOf(week.start, LA)).toBe("2026-11-23");
    expect(week.start.toISOString()).toBe("2026-11-23T08:00:00.000Z");
    expect(week.end.toISOString()).toBe("2026-11-30T08:00:00.000Z");
  });

  it("knows a week holding a DST change is an hour short", () => {
    const week = workweekOf(instantFromLocal("2026-03-04", "12:00", LA), LA);
    expect(week.end.getTime() - week.start.getTime()).toBe(167 * HOUR);
  });

  it("accepts IANA zones and refuses made-up ones", () => {
    expect(isValidTimeZone("America/Los_Angeles")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("PST")).toBe(false);
  });
});

describe("remembered zone math", () => {
  // The answers are kept by their inputs (workweeks by the local Monday); they must be
  // exactly what TZDate computes afresh, for any instant and zone, DST weeks included.
  const zones = ["America/Los_Angeles", "Europe/London", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe", "America/Santiago", "Pacific/Chatham", "UTC"];
  const fresh = (instant: Date, zone: string) => {
    const start = startOfWeek(new TZDate(instant, zone), { weekStartsOn: 1 });
    return { start: new Date(start.getTime()), end: new Date(addWeeks(start, 1).getTime()) };
  };

  it("a workweek is the one TZDate computes, asked once or many times", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
        const instant = new Date(ms);
        const expected = fresh(instant, zone);
        expect(workweekOf(instant, zone)).toEqual(expected);
        expect(workweekOf(instant, zone)).toEqual(expected);
        // Another instant of the same local week gets the same week.
        const later = new Date(Math.min(ms + 3_600_000, expected.end.getTime() - 1));
        expect(workweekOf(later, zone)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("a local wall-clock time is the instant TZDate computes, asked once or many times", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2040, 0, 1)), noInvalidDate: true }),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(0, 15, 30, 45),
        fc.constantFrom(...zones),
        (day, h, mi, zone) => {
          const date = day.toISOString().slice(0, 10);
          const time = `${String(h).padStart(2, "0")}:${String(mi).padStart(2, "0")}`;
          const expected = new TZDate(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), h, mi, zone).getTime();
          expect(instantFromLocal(date, time, zone).getTime()).toBe(expected);
          expect(instantFromLocal(date, time, zone).getTime()).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
