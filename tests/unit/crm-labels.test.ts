import { describe, expect, it } from "vitest";
import { fieldLabel, timelineEntries } from "../../app/components/crm/crm-labels";

const at = "2026-11-27T03:10:00.000Z";
const change = (title: string, detail: string) => ({ at, kind: "field_change" as const, title, detail, ref: { type: "field_history", id: "1" } });

describe("timeline entries and field labels", () => {
  it("titles a field change by the field's label, custom fields by theirs", () => {
    const [phone, points] = timelineEntries(
      [change("phone changed by Sofia Lindqvist", "(empty) → +4670"), change("custom.loyalty_points changed", "10 → 20")],
      "UTC",
      { loyalty_points: "Loyalty points" },
    );
    expect(phone).toMatchObject({ title: "Phone changed by Sofia Lindqvist", detail: "(empty) → +4670", when: "27 Nov 2026, 03:10" });
    expect(points!.title).toBe("Loyalty points changed");
  });

  it("reads a merge's entry as the record merged in, not as a field that changed from empty", () => {
    const [merged, byNobody] = timelineEntries(
      [change("merged_from changed by Ada Admin", "(empty) → Max Oberhuber (0193b6a0-0000-7000-8000-000000000001)"), change("merged_from changed", "(empty) → Max")],
      "UTC",
    );
    expect(merged).toMatchObject({ title: "Another record merged in by Ada Admin", detail: "Max Oberhuber (0193b6a0-0000-7000-8000-000000000001)" });
    expect(byNobody).toMatchObject({ title: "Another record merged in", detail: "Max" });
    expect(fieldLabel("merged_from", {})).toBe("Merged in");
  });
});
