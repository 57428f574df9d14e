/**
 * The customer list's URL (/customers?q=…&kind=…&country=…&segment=…&tier=…&field=…&value=…&archived=1&sort=…)
 * read into what customers.list, search.customers and the CSV export take. The page and the export
 * read the same URL, so an export is exactly the list or search on screen. Values are passed on as
 * typed; the procedures validate them.
 */
export interface CustomerListParams {
  q?: string;
  kind?: "person" | "company";
  country?: string;
  segment?: string;
  tier?: string;
  includeArchived: boolean;
  custom?: { key: string; value: string };
  sort: "name" | "newest";
}

/** The URL parameters that select rows (paging parameters excluded). */
export const CUSTOMER_LIST_PARAM_NAMES = ["q", "kind", "country", "segment", "tier", "field", "value", "archived", "sort"] as const;

export function customerListParams(search: URLSearchParams): CustomerListParams {
  const text = (name: string) => {
    const value = search.get(name)?.trim();
    return value ? value.slice(0, 1000) : undefined;
  };
  const kind = text("kind");
  const field = text("field");
  const value = text("value");
  return {
    q: text("q")?.slice(0, 200),
    kind: kind === "person" || kind === "company" ? kind : undefined,
    country: text("country"),
    segment: text("segment"),
    tier: text("tier"),
    includeArchived: search.get("archived") === "1",
    custom: field && value ? { key: field, value } : undefined,
    sort: search.get("sort") === "newest" ? "newest" : "name",
  };
}

/** The filters only (a search takes none of them). */
export function listFilters(p: CustomerListParams) {
  const { q: _q, ...filters } = p;
  return filters;
}

/** The query string of the same list or search, without paging (for the export link). */
export function customerListQuery(search: URLSearchParams): string {
  const out = new URLSearchParams();
  // A search covers all customers: its export takes no list filters.
  const names = search.get("q")?.trim() ? (["q", "archived"] as const) : CUSTOMER_LIST_PARAM_NAMES;
  for (const name of names) {
    const value = search.get(name);
    if (value) out.set(name, value);
  }
  return out.toString();
}
