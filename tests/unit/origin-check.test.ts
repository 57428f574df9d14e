import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "../../server/http/origin-check";

const base = { host: "frontline.example", origin: undefined, secFetchSite: undefined };

describe("cross-site write refusal", () => {
  it("lets reads through whatever their origin", () => {
    expect(isCrossSiteWrite({ ...base, method: "GET", secFetchSite: "cross-site" })).toBe(false);
    expect(isCrossSiteWrite({ ...base, method: "HEAD", origin: "https://evil.example" })).toBe(false);
  });

  it("refuses a browser write labelled cross-site or same-site", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST", secFetchSite: "cross-site" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "DELETE", secFetchSite: "same-site" })).toBe(true);
  });

  it("accepts a same-origin browser write, and one the user typed (none)", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST", secFetchSite: "same-origin" })).toBe(false);
    expect(isCrossSiteWrite({ ...base, method: "POST", secFetchSite: "none" })).toBe(false);
  });

  it("falls back to comparing Origin with the host when Sec-Fetch-Site is absent", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "https://frontline.example" })).toBe(false);
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "https://evil.example" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "https://frontline.example:8443" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "null" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "not a url" })).toBe(true);
  });

  it("lets programs without browser headers through (they carry a key or their own cookie)", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST" })).toBe(false);
  });
});
