import { describe, expect, it } from "vitest";
import { normaliseTimeOfDay } from "../../app/components/ui/field";
import { localTimeField } from "../../server/workforce/workforce.schema";

describe("normaliseTimeOfDay (24-hour time fields)", () => {
  it.each([
    ["09:00", "09:00"],
    ["9:00", "09:00"],
    ["9.30", "09:30"],
    ["0900", "09:00"],
    ["930", "09:30"],
    ["1730", "17:30"],
    ["9", "09:00"],
    ["17", "17:00"],
    ["0", "00:00"],
    ["00:00", "00:00"],
    ["23:59", "23:59"],
    [" 7:05 ", "07:05"],
  ])("reads %j as %j", (typed, written) => {
    expect(normaliseTimeOfDay(typed)).toBe(written);
  });

  it.each(["", "24:00", "2400", "9:60", "960", "99", "9pm", "12:30 AM", "9:3", "12345", "ab:cd", "-1:00", "9::30", "1:2:3"])(
    "refuses %j",
    (typed) => {
      expect(normaliseTimeOfDay(typed)).toBeNull();
    },
  );

  it("writes what the server's localTimeField accepts", () => {
    for (const typed of ["0", "930", "9:05", "2359", "12.00"]) {
      expect(localTimeField.safeParse(normaliseTimeOfDay(typed)).success).toBe(true);
    }
  });
});
