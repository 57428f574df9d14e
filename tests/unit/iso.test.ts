import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoFromMs, isoOf, isoOrNull } from "../../server/iso";

describe("isoFromMs writes what Date#toISOString writes", () => {
  it("at the edges of days, months, leap years and centuries", () => {
    const instants = [
      "1970-01-01T00:00:00.000Z",
      "1999-12-31T23:59:59.999Z",
      "2000-02-29T12:00:00.000Z",
      "2000-03-01T00:00:00.000Z",
      "2024-02-29T23:59:59.999Z",
      "2026-03-08T10:00:00.000Z",
      "2100-02-28T23:59:59.999Z",
      "2100-03-01T00:00:00.000Z",
      "9999-12-31T23:59:59.999Z",
    ].map((s) => Date.parse(s));
    for (const ms of instants) expect(isoFromMs(ms)).toBe(new Date(ms).toISOString());
  });

  it("for any instant from 1970 to 9999, fractions of a millisecond included (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 253_402_300_799_999, noNaN: true }), (ms) => isoFromMs(ms) === new Date(ms).toISOString()),
      { numRuns: 50_000 },
    );
    fc.assert(fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (ms) => isoFromMs(ms) === new Date(ms).toISOString()), {
      numRuns: 50_000,
    });
  });

  it("hands instants before 1970 or after 9999 to Date, and refuses what Date refuses", () => {
    for (const ms of [-1, -86_400_000 * 365.25 * 100, 253_402_300_800_000, 8.64e15]) expect(isoFromMs(ms)).toBe(new Date(ms).toISOString());
    expect(() => isoFromMs(Number.NaN)).toThrow(RangeError);
  });

  it("takes Dates and PGlite's timestamp text, and keeps null", () => {
    expect(isoOf(new Date("2026-11-26T07:00:00.250Z"))).toBe("2026-11-26T07:00:00.250Z");
    expect(isoOf("2026-11-26 08:00:00+01")).toBe("2026-11-26T07:00:00.000Z");
    expect(isoOrNull(null)).toBeNull();
  });

  it("reads PostgreSQL's timestamp text at any offset as Date does (property)", () => {
    const fractions = fc.oneof(fc.constant(""), fc.integer({ min: 1, max: 6 }).chain((n) => fc.stringMatching(new RegExp(`^\\.\\d{${n}}$`))));
    const offsets = fc.constantFrom("+00:00", "+00", "Z", "+05:30", "-08:00", "+01");
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse("1970-01-02T00:00:00Z"), max: Date.parse("9999-12-30T00:00:00Z") }),
        fc.constantFrom("T", " "),
        fractions,
        offsets,
        (ms, sep, fraction, offset) => {
          const text = new Date(ms).toISOString().slice(0, 19).replace("T", sep) + fraction + offset;
          return isoOf(text) === new Date(text.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00")).toISOString();
        },
      ),
      { numRuns: 20_000 },
    );
    expect(isoOf("2026-11-26T09:07:18.156196+00:00")).toBe("2026-11-26T09:07:18.156Z");
    expect(isoOf("2026-11-26T01:07:18.9+08:00")).toBe("2026-11-25T17:07:18.900Z");
  });
});
