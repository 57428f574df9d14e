import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localShiftInstants } from "../../server/workforce/local-time";
import { checkShiftRules, paidHours, type RuleInput } from "../../server/workforce/schedule-rules";

const LA = "America/Los_Angeles";
const shiftOn = (date: string, start: string, end: string, breakMinutes = 0) => ({
  ...localShiftInstants(date, start, end, LA),
  breakMinutes,
});

function input(over: Partial<RuleInput> = {}): RuleInput {
  return {
    shift: { ...shiftOn("2026-12-02", "09:00", "17:00"), skillId: null },
    agent: { timeZone: LA, hireDate: "2026-01-05", terminationDate: null, skillIds: ["billing"] },
    otherShifts: [],
    approvedTimeOff: [],
    rules: { minRestHours: 11, maxWeeklyHours: 48 },
    ...over,
  };
}
const rulesOf = (i: RuleInput) => checkShiftRules(i).map((v) => v.rule);

describe("schedule rules", () => {
  it("passes an ordinary shift", () => {
    expect(checkShiftRules(input())).toEqual([]);
  });

  it("never allows an overlap, and names the clashing shift in the agent's time", () => {
    const v = checkShiftRules(input({ otherShifts: [{ id: "a", ...shiftOn("2026-12-02", "16:00", "20:00") }] }));
    expect(v).toEqual([
      { rule: "OVERLAP", overridable: false, message: "Overlaps the agent's shift Wed 2 Dec, 16:00–20:00." },
    ]);
  });

  it("asks for 11 h rest between shifts, in either direction", () => {
    const lateBefore = { id: "b", ...shiftOn("2026-12-01", "17:00", "23:00") }; // 10 h before 09:00
    const v = checkShiftRules(input({ otherShifts: [lateBefore] }));
    expect(v.map((x) => x.rule)).toEqual(["MIN_REST"]);
    expect(v[0]!.message).toBe("Only 10 h rest after the shift ending Tue 1 Dec, 23:00; at least 11 h required.");
    const earlyAfter = { id: "c", ...shiftOn("2026-12-03", "03:00", "08:00") }; // 10 h after 17:00
    expect(rulesOf(input({ otherShifts: [earlyAfter] }))).toEqual(["MIN_REST"]);
    const exactly11 = { id: "d", ...shiftOn("2026-12-01", "17:00", "22:00") };
    expect(rulesOf(input({ otherShifts: [exactly11] }))).toEqual([]);
  });

  it("treats a back-to-back shift as one block, not a short rest", () => {
    expect(rulesOf(input({ otherShifts: [{ id: "e", ...shiftOn("2026-12-02", "17:00", "20:00") }] }))).toEqual([]);
  });

  it("caps paid hours in the agent's local Monday-to-Sunday week at 48 h", () => {
    // Mon 30 Nov to Fri 4 Dec 2026, 10 h a day with no breaks = 50 h; the candidate is Wednesday.
    const week = ["2026-11-30", "2026-12-01", "2026-12-03", "2026-12-04"].map((d, i) => ({
      id: `w${i}`,
      ...shiftOn(d, "08:00", "18:00"),
    }));
    const candidate = { ...shiftOn("2026-12-02", "08:00", "18:00"), skillId: null };
    const v = checkShiftRules(input({ shift: candidate, otherShifts: week, rules: { minRestHours: 11, maxWeeklyHours: 48 } }));
    expect(v.map((x) => x.rule)).toEqual(["MAX_WEEKLY_HOURS"]);
    expect(v[0]!.message).toBe("Brings the agent's week of 30 Nov to 50 h; the most is 48 h.");
    // Unpaid 30-minute breaks bring it to 47.5 h: allowed.
    const withBreaks = week.map((s) => ({ ...s, breakMinutes: 30 }));
    expect(rulesOf(input({ shift: { ...candidate, breakMinutes: 30 }, otherShifts: withBreaks }))).toEqual([]);
  });

  it("counts only the same local week", () => {
    const lastWeek = Array.from({ length: 5 }, (_, i) => ({ id: `l${i}`, ...shiftOn(`2026-11-2${3 + i}`, "08:00", "18:00") }));
    expect(rulesOf(input({ otherShifts: lastWeek }))).toEqual([]);
  });

  it("blocks approved time off", () => {
    const off = localShiftInstants("2026-12-02", "00:00", "00:00", LA); // the whole day
    expect(rulesOf(input({ approvedTimeOff: [off] }))).toEqual(["TIME_OFF"]);
  });

  it("blocks shifts before hiring and after termination (local dates)", () => {
    expect(rulesOf(input({ agent: { ...input().agent, hireDate: "2026-12-03" } }))).toEqual(["NOT_EMPLOYED"]);
    expect(rulesOf(input({ agent: { ...input().agent, terminationDate: "2026-12-01" } }))).toEqual(["NOT_EMPLOYED"]);
    // Working on the termination date itself is fine.
    expect(rulesOf(input({ agent: { ...input().agent, terminationDate: "2026-12-02" } }))).toEqual([]);
  });

  it("requires the shift's skill", () => {
    const v = checkShiftRules(input({ shift: { ...input().shift, skillId: "spanish" }, skillName: "Spanish" }));
    expect(v).toEqual([{ rule: "MISSING_SKILL", overridable: true, message: "The agent does not have the required skill (Spanish)." }]);
    expect(rulesOf(input({ shift: { ...input().shift, skillId: "billing" } }))).toEqual([]);
  });

  it("computes paid hours across a DST night", () => {
    expect(paidHours(shiftOn("2026-03-07", "22:00", "06:00", 30))).toBe(6.5);
  });

  it("for any other shift: overlap exactly when the intervals intersect; short rest exactly when apart by less than the minimum (property)", () => {
    const HOUR = 3_600_000;
    const candidate = input().shift;
    fc.assert(
      fc.property(
        fc.integer({ min: -40 * 60, max: 40 * 60 }), // the other shift's start, in minutes from the candidate's
        fc.integer({ min: 15, max: 12 * 60 }), // its length in minutes
        fc.integer({ min: 1, max: 14 }), // the minimum rest in hours
        (offsetMinutes, lengthMinutes, minRestHours) => {
          const startsAt = new Date(candidate.startsAt.getTime() + offsetMinutes * 60_000);
          const endsAt = new Date(startsAt.getTime() + lengthMinutes * 60_000);
          const rules = rulesOf(input({ otherShifts: [{ id: "x", startsAt, endsAt, breakMinutes: 0 }], rules: { minRestHours, maxWeeklyHours: 168 } }));
          const overlaps = startsAt < candidate.endsAt && endsAt > candidate.startsAt;
          const gap = overlaps ? 0 : Math.max(candidate.startsAt.getTime() - endsAt.getTime(), startsAt.getTime() - candidate.endsAt.getTime());
          expect(rules.includes("OVERLAP")).toBe(overlaps);
          // Back to back (no gap) is one block, not a short rest.
          expect(rules.includes("MIN_REST")).toBe(!overlaps && gap > 0 && gap < minRestHours * HOUR);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
