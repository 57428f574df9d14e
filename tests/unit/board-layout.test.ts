import { describe, expect, it } from "vitest";
import { boardRange, clipInterval, clippedShiftText, dayBounds, dayHourTicks, dayPlacement, weekCellDay } from "../../app/lib/board-layout";
import { localShiftInstants } from "../../server/workforce/local-time";

const HOUR = 3_600_000;
const LA = "America/Los_Angeles";

/** A shift given as local date and wall-clock times in a zone, as the board receives it (ISO strings). */
function shift(date: string, start: string, end: string, zone: string) {
  const { startsAt, endsAt } = localShiftInstants(date, start, end, zone);
  return { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
}

describe("clipInterval", () => {
  const from = new Date("2026-05-05T00:00:00Z");
  const to = new Date("2026-05-06T00:00:00Z");

  it("keeps an interval inside the range whole, with no cut edge", () => {
    expect(clipInterval("2026-05-05T09:00:00Z", "2026-05-05T17:00:00Z", from, to)).toEqual({
      startMs: Date.parse("2026-05-05T09:00:00Z"),
      endMs: Date.parse("2026-05-05T17:00:00Z"),
      startsBefore: false,
      endsAfter: false,
    });
  });

  it("cuts a carry-over at the start and a late shift at the end, and says so", () => {
    expect(clipInterval("2026-05-04T22:00:00Z", "2026-05-05T06:00:00Z", from, to)).toMatchObject({ startMs: from.getTime(), startsBefore: true, endsAfter: false });
    expect(clipInterval("2026-05-05T22:00:00Z", "2026-05-06T06:00:00Z", from, to)).toMatchObject({ endMs: to.getTime(), startsBefore: false, endsAfter: true });
    expect(clipInterval("2026-05-04T12:00:00Z", "2026-05-06T12:00:00Z", from, to)).toMatchObject({ startsBefore: true, endsAfter: true });
  });

  it("leaves out intervals that only touch the range's edges", () => {
    expect(clipInterval("2026-05-04T22:00:00Z", "2026-05-05T00:00:00Z", from, to)).toBeNull();
    expect(clipInterval("2026-05-06T00:00:00Z", "2026-05-06T06:00:00Z", from, to)).toBeNull();
  });
});

describe("a day in a zone with daylight saving time (America/Los_Angeles)", () => {
  it("the spring-forward day is 23 hours and its hour marks skip 02", () => {
    const { from, to } = dayBounds("2026-03-08", LA);
    expect(from.toISOString()).toBe("2026-03-08T08:00:00.000Z");
    expect(to.getTime() - from.getTime()).toBe(23 * HOUR);
    const ticks = dayHourTicks("2026-03-08", LA);
    expect(ticks).toHaveLength(23);
    expect(ticks.slice(0, 4).map((t) => t.label)).toEqual(["00", "01", "03", "04"]);
    expect(ticks[2]!.left).toBeCloseTo((2 / 23) * 100, 6);
  });

  it("the fall-back day is 25 hours and its hour marks name 01 twice", () => {
    const { from, to } = dayBounds("2026-11-01", LA);
    expect(to.getTime() - from.getTime()).toBe(25 * HOUR);
    const ticks = dayHourTicks("2026-11-01", LA);
    expect(ticks).toHaveLength(25);
    expect(ticks.slice(0, 4).map((t) => t.label)).toEqual(["00", "01", "01", "02"]);
    expect(ticks.at(-1)!.label).toBe("23");
  });

  it("a night carried over into the spring-forward day is cut at local midnight and sized by real hours", () => {
    // 22:00 PST on the 7th to 06:00 PDT on the 8th: 7 real hours, 5 of them (00:00–06:00, without 02) on the 8th.
    const night = shift("2026-03-07", "22:00", "06:00", LA);
    const p = dayPlacement(night.startsAt, night.endsAt, "2026-03-08", LA)!;
    expect(p.left).toBe(0);
    expect(p.width).toBeCloseTo((5 / 23) * 100, 6);
    expect(p).toMatchObject({ startsBefore: true, endsAfter: false });
    // On the day it starts it fills the last two hours, to the edge, and runs on.
    const before = dayPlacement(night.startsAt, night.endsAt, "2026-03-07", LA)!;
    expect(before.left + before.width).toBeCloseTo(100, 6);
    expect(before.width).toBeCloseTo((2 / 24) * 100, 6);
    expect(before).toMatchObject({ startsBefore: false, endsAfter: true });
  });

  it("a night carried over into the fall-back day covers 7 of its 25 hours", () => {
    const night = shift("2026-10-31", "22:00", "06:00", LA);
    const p = dayPlacement(night.startsAt, night.endsAt, "2026-11-01", LA)!;
    expect(p.left).toBe(0);
    expect(p.width).toBeCloseTo((7 / 25) * 100, 6);
    expect(p.startsBefore).toBe(true);
    // A late shift on the fall-back day runs past its midnight.
    const late = shift("2026-11-01", "20:00", "04:00", LA);
    const q = dayPlacement(late.startsAt, late.endsAt, "2026-11-01", LA)!;
    expect(q.left).toBeCloseTo((21 / 25) * 100, 6);
    expect(q.left + q.width).toBeCloseTo(100, 6);
    expect(q).toMatchObject({ startsBefore: false, endsAfter: true });
  });

  it("a shift on another day is not placed", () => {
    const other = shift("2026-03-09", "09:00", "17:00", LA);
    expect(dayPlacement(other.startsAt, other.endsAt, "2026-03-08", LA)).toBeNull();
  });

  it("the day view's range is the DST day's real bounds, so a carry-over is asked for", () => {
    const range = boardRange("day", "2026-03-08", LA);
    expect(range.days).toEqual(["2026-03-08"]);
    expect(range.to.getTime() - range.from.getTime()).toBe(23 * HOUR);
    const night = shift("2026-03-07", "22:00", "06:00", LA);
    expect(clipInterval(night.startsAt, night.endsAt, range.from, range.to)).not.toBeNull();
  });
});

describe("the week view's cells", () => {
  // Monday 2 November 2026 to Sunday 8 November, in Los Angeles.
  const week = boardRange("week", "2026-11-04", LA);

  it("a shift sits on the day it starts, even when it runs past midnight inside the week", () => {
    expect(week.days[0]).toBe("2026-11-02");
    expect(week.days).toHaveLength(7);
    const night = shift("2026-11-04", "22:00", "06:00", LA);
    expect(weekCellDay(night.startsAt, night.endsAt, week)).toBe("2026-11-04");
  });

  it("a night carried over from the Sunday before sits on Monday; one starting on the last Sunday stays there", () => {
    const carried = shift("2026-11-01", "22:00", "06:00", LA);
    expect(weekCellDay(carried.startsAt, carried.endsAt, week)).toBe("2026-11-02");
    expect(clipInterval(carried.startsAt, carried.endsAt, week.from, week.to)).toMatchObject({ startsBefore: true, endsAfter: false });
    const late = shift("2026-11-08", "22:00", "06:00", LA);
    expect(weekCellDay(late.startsAt, late.endsAt, week)).toBe("2026-11-08");
    expect(clipInterval(late.startsAt, late.endsAt, week.from, week.to)).toMatchObject({ startsBefore: false, endsAfter: true });
  });

  it("a shift ending at the week's first midnight, or outside it, has no cell", () => {
    const ended = shift("2026-11-01", "16:00", "00:00", LA);
    expect(weekCellDay(ended.startsAt, ended.endsAt, week)).toBeNull();
    const next = shift("2026-11-09", "09:00", "17:00", LA);
    expect(weekCellDay(next.startsAt, next.endsAt, week)).toBeNull();
  });
});

describe("clippedShiftText", () => {
  const night = shift("2026-03-10", "22:00", "06:00", LA); // Tue 10 Mar to Wed 11 Mar

  it("an uncut shift reads as before, with (+1) when it ends the next day", () => {
    expect(clippedShiftText(night.startsAt, night.endsAt, { startsBefore: false, endsAfter: false }, LA)).toEqual({
      text: "22:00–06:00 (+1)",
      short: "22:00–06:00 (+1)",
      full: "Tue 10 Mar, 22:00–Wed 11 Mar, 06:00",
    });
  });

  it("a carry-over names the day it came from, a late shift the day it runs into", () => {
    expect(clippedShiftText(night.startsAt, night.endsAt, { startsBefore: true, endsAfter: false }, LA)).toEqual({
      text: "until 06:00 (from Tue 22:00)",
      short: "–06:00",
      full: "Tue 10 Mar, 22:00–Wed 11 Mar, 06:00 (continues from Tue 10 Mar)",
    });
    expect(clippedShiftText(night.startsAt, night.endsAt, { startsBefore: false, endsAfter: true }, LA)).toEqual({
      text: "22:00 until Wed 06:00",
      short: "22:00–",
      full: "Tue 10 Mar, 22:00–Wed 11 Mar, 06:00 (continues into Wed 11 Mar)",
    });
    expect(clippedShiftText(night.startsAt, night.endsAt, { startsBefore: true, endsAfter: true }, LA)).toMatchObject({ text: "from Tue 22:00 until Wed 06:00", short: "all day" });
  });

  it("names times in the viewer's zone, not the shift's", () => {
    // The same night seen from Berlin (still on CET, LA already on PDT: 8 hours apart): 06:00–14:00 on Wednesday.
    expect(clippedShiftText(night.startsAt, night.endsAt, { startsBefore: true, endsAfter: false }, "Europe/Berlin").text).toBe("until 14:00 (from Wed 06:00)");
  });
});
