import { describe, expect, it } from "vitest";
import { driverPairKeys, pairKeys } from "../../server/crm/customer-search";

const words = (...list: [string, number][]) => list.map(([token, score]) => ({ token, score, customers: 1 }));

describe("pair keys for a two-word name search", () => {
  it("pairs each first-word candidate with each second-word one, words in byte order, best score first", () => {
    const keys = pairKeys(words(["john", 1], ["jon", 0.7]), words(["smith", 1], ["smithers", 0.8]));
    expect(keys).toEqual([
      { key: "john smith", score: 2 },
      { key: "john smithers", score: 1.8 },
      { key: "jon smith", score: 1.7 },
      { key: "jon smithers", score: 1.5 },
    ]);
    // Reversed words make the same keys: a customer stores its pair once.
    expect(pairKeys(words(["smith", 1]), words(["john", 1]))).toEqual([{ key: "john smith", score: 2 }]);
  });

  it("keeps the best score where two candidates make the same pair, and never pairs a word with itself", () => {
    const keys = pairKeys(words(["ann", 1], ["anna", 0.8]), words(["anna", 1], ["ann", 0.8]));
    expect(keys).toEqual([{ key: "ann anna", score: 2 }]);
  });

  it("adds scores exactly to four places (they are compared with the database's numeric)", () => {
    expect(pairKeys(words(["a1", 0.7389]), words(["b1", 0.1612]))).toEqual([{ key: "a1 b1", score: 0.9001 }]);
  });

  it("gives up past 2,000 pairs (the several-word plan takes over)", () => {
    const many = (prefix: string, n: number) => words(...Array.from({ length: n }, (_, i) => [`${prefix}${i}`, 0.5] as [string, number]));
    expect(pairKeys(many("a", 40), many("b", 50))).toHaveLength(2000);
    expect(pairKeys(many("a", 41), many("b", 50))).toBeNull();
  });
});

describe("driverPairKeys (the several-word plan's pairs)", () => {
  it("takes the most likely pairs, best first, each once", () => {
    // "ann" and "anna" are candidates of both query words: ann+anna and anna+ann make one pair.
    const first = words(["ann", 1], ["anna", 0.9], ["annie", 0.5]);
    const second = words(["anna", 1], ["ann", 0.95], ["hanna", 0.6]);
    expect(driverPairKeys(first, second)).toEqual(["ann anna", "ann hanna", "anna hanna", "anna annie", "ann annie", "annie hanna"]);
  });

  it("fills the limit with distinct pairs rather than repeats", () => {
    const first = words(["ann", 1], ["anna", 0.9], ["annie", 0.5]);
    const second = words(["anna", 1], ["ann", 0.95], ["hanna", 0.6]);
    // Best first: ann+anna (2), anna+ann (1.85, the same pair again), ann+hanna (1.6).
    expect(driverPairKeys(first, second, 2)).toEqual(["ann anna", "ann hanna"]);
  });
});
