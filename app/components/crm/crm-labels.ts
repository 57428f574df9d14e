import { formatInstant } from "~/lib/format";

/** Browser-safe labels for customer records. */

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
const languageNames = new Intl.DisplayNames(["en"], { type: "language" });

export function countryName(code: string | null | undefined): string | null {
  if (!code) return null;
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

export function languageName(code: string | null | undefined): string | null {
  if (!code) return null;
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}

export const KIND_LABELS = { person: "Person", company: "Company" } as const;

export const MATCH_LABELS = {
  name: "name",
  email: "email",
  phone: "phone",
  external_id: "external id",
} as const;

export const CASE_STATUS_LABELS: Record<string, string> = { new: "New", open: "Open", pending: "Pending", closed: "Closed" };
export const CASE_PRIORITY_LABELS: Record<string, string> = { low: "Low", medium: "Medium", high: "High", urgent: "Urgent" };
export const CASE_ORIGIN_LABELS: Record<string, string> = {
  phone: "Phone",
  email: "Email",
  web: "Web",
  chat: "Chat",
  social: "Social",
  other: "Other",
};

export function priorityTone(priority: string): "slate" | "amber" | "red" | "indigo" {
  if (priority === "urgent") return "red";
  if (priority === "high") return "amber";
  if (priority === "low") return "slate";
  return "indigo";
}

/** The field-history entry a merge writes on the survivor: the merged-in record's name and id, no value before. */
export const MERGED_FROM = "merged_from";

/** Tracked field names as a person reads them ("custom.loyalty_points" → its label). */
export function fieldLabel(field: string, customLabels: Record<string, string>): string {
  if (field.startsWith("custom.")) return customLabels[field.slice(7)] ?? field.slice(7).replaceAll("_", " ");
  const labels: Record<string, string> = {
    name: "Name",
    email: "Email",
    phone: "Phone",
    country: "Country",
    language: "Language",
    segment: "Segment",
    tier: "Tier",
    merged_from: "Merged in",
  };
  return labels[field] ?? field;
}

/** A stored field-history value as text. */
export function historyValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export interface TimelineEntry {
  at: string;
  /** `at` as the viewer reads it, formatted on the server in the viewer's zone. */
  when: string;
  kind: "case_opened" | "case_closed" | "note" | "field_change" | "interaction";
  title: string;
  detail: string | null;
  ref: { type: string; id: string };
}

/**
 * Timeline items as the page shows them: times in the viewer's zone, and a field change
 * titled by the field's label ("Loyalty points changed by …", not "custom.loyalty_points changed by …").
 */
export function timelineEntries(
  items: { at: string; kind: TimelineEntry["kind"]; title: string; detail: string | null; ref: { type: string; id: string } }[],
  zone: string,
  customLabels: Record<string, string> = {},
): TimelineEntry[] {
  return items.map((item) => {
    let title = item.title;
    let detail = item.detail;
    const field = item.kind === "field_change" ? /^(\S+) changed\b/.exec(title)?.[1] : undefined;
    if (field === MERGED_FROM) {
      // A merge's entry names the record merged in ("Max Oberhuber (<id>)"); it had no value before.
      title = `Another record merged in${title.slice(`${field} changed`.length)}`;
      detail = detail?.replace(/^\(empty\) → /, "") ?? null;
    } else if (field) title = fieldLabel(field, customLabels) + title.slice(field.length);
    return { ...item, title, detail, when: formatInstant(item.at, zone) };
  });
}
