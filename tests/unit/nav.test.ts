import { describe, expect, it } from "vitest";
import { currentNavItem, navFor } from "../../app/lib/roles";

describe("the navigation item a page lights", () => {
  const supervisor = navFor("supervisor").map((item) => item.to);

  it("is the longest item the page is under: Duplicates alone on /customers/duplicates", () => {
    expect(supervisor).toContain("/customers/duplicates");
    expect(currentNavItem(supervisor, "/customers/duplicates")).toBe("/customers/duplicates");
    expect(currentNavItem(supervisor, "/customers")).toBe("/customers");
    expect(currentNavItem(supervisor, "/customers/0190c0de-0000-7000-8000-000000000001")).toBe("/customers");
  });

  it("matches whole path segments, and Home only on /", () => {
    const paths = ["/", "/customers", "/agents"];
    expect(currentNavItem(paths, "/")).toBe("/");
    expect(currentNavItem(paths, "/customersx")).toBeNull();
    expect(currentNavItem(paths, "/account")).toBeNull();
    expect(currentNavItem(paths, "/agents/abc")).toBe("/agents");
  });
});
