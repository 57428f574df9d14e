import { describe, expect, it } from "vitest";
import { createUuidV7, uuidV7 } from "../../server/uuid-v7";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("uuidV7", () => {
  it("makes version-7, RFC-variant UUIDs whose first 48 bits are the time in milliseconds", () => {
    const before = Date.now();
    const id = uuidV7();
    const after = Date.now();
    expect(id).toMatch(UUID);
    const ms = parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after + 1);
  });

  it("sorts in the order made, within a millisecond and past 4,096 ids in one millisecond", () => {
    const next = createUuidV7(() => 1_700_000_000_000);
    const ids = Array.from({ length: 10_000 }, next);
    for (const id of ids) expect(id).toMatch(UUID);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keeps the order when the clock steps back", () => {
    let t = 1_700_000_000_500;
    const next = createUuidV7(() => t);
    const a = next();
    t -= 400;
    const b = next();
    t += 1000;
    const c = next();
    expect([a, b, c].sort()).toEqual([a, b, c]);
  });
});
