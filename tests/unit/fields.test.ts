import { describe, expect, it } from "vitest";
import { emailField, newPasswordField, roleField } from "../../server/validation/fields";
import { localDateField } from "../../server/workforce/workforce.schema";
import { safeRedirect } from "../../app/lib/safe-redirect";
import { homePathFor, navFor } from "../../app/lib/roles";
import { describeChange } from "../../app/components/audit/audit-table";

describe("shared field schemas", () => {
  it("normalises email to trimmed lower case and explains a bad one", () => {
    expect(emailField.parse("  Ada.Okafor@Example.COM ")).toBe("ada.okafor@example.com");
    expect(emailField.safeParse("ada@").error?.issues[0]?.message).toBe("Enter a valid email address.");
    expect(emailField.safeParse("").error?.issues[0]?.message).toBe("Enter an email address.");
  });

  it("says one thing per wrong date: missing, the wrong shape, or no such day", () => {
    const messages = (value: string) => localDateField.safeParse(value).error?.issues.map((i) => i.message);
    expect(messages("")).toEqual(["Pick a date."]);
    expect(messages("8/3/2026")).toEqual(["Use a date like 2026-03-08."]);
    expect(messages("2026-13-40")).toEqual(["Not a real date."]);
    expect(localDateField.parse("2026-03-08")).toBe("2026-03-08");
  });

  it("asks for a password of at least 12 characters", () => {
    expect(newPasswordField.safeParse("elevenchars").success).toBe(false);
    expect(newPasswordField.safeParse("twelve chars").success).toBe(true);
  });

  it("knows exactly the five roles", () => {
    expect(roleField.options).toEqual(["admin", "hr", "planner", "supervisor", "agent"]);
  });
});

describe("redirect after sign-in", () => {
  it("keeps same-site paths and drops everything else", () => {
    expect(safeRedirect("/admin/users?q=a")).toBe("/admin/users?q=a");
    expect(safeRedirect("//evil.example/")).toBeNull();
    expect(safeRedirect("/\\evil.example")).toBeNull();
    expect(safeRedirect("https://evil.example/")).toBeNull();
    expect(safeRedirect(null)).toBeNull();
  });
});

describe("navigation by role", () => {
  it("shows admin pages to admins only", () => {
    expect(navFor("admin").map((i) => i.to)).toContain("/admin/users");
    for (const role of ["hr", "planner", "supervisor", "agent"] as const) {
      expect(navFor(role).some((i) => i.to.startsWith("/admin"))).toBe(false);
    }
    expect(homePathFor("admin")).toBe("/admin/users");
    expect(homePathFor("agent")).toBe("/my-schedule");
    expect(homePathFor("planner")).toBe("/schedule");
    expect(homePathFor("supervisor")).toBe("/schedule");
    expect(homePathFor("hr")).toBe("/");
  });
});

describe("audit change summary", () => {
  it("names only the fields that changed", () => {
    expect(describeChange({ role: "agent", name: "A" }, { role: "planner", name: "A" })).toBe('role: "agent" → "planner"');
    expect(describeChange(null, { email: "a@b.co" })).toBe('email: "a@b.co"');
  });
});
