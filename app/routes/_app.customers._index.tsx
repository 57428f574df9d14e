import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { RouteErrorPage } from "~/components/ui/route-error";
import { Form, Link, useFetcher, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { Badge, Card, EmptyState, PageHeader } from "~/components/ui/card";
import { displayPhone } from "~/components/crm/crm-choices.server";
import { requireUser } from "~/lib/api.server";
import { customerListParams, customerListQuery, listFilters } from "~/lib/customer-list-params";
import { formatInstant } from "~/lib/format";
import { viewerZoneFrom } from "~/lib/viewer-zone";
import { CONTROL_COMPACT } from "~/components/ui/field";

export const meta: MetaFunction = () => [{ title: "Customers · Frontline" }];

const LIST_PAGE_SIZE = 50;
const SEARCH_PAGE_SIZE = 25;

interface Row {
  id: string;
  kind: "person" | "company";
  name: string;
  email: string | null;
  phone: string | null;
  country: string | null;
  segment: string | null;
  createdAt: string | null;
  archivedAt: string | null;
  match: string | null;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, resHeaders } = await requireUser(request, context);
  const url = new URL(request.url);
  const params = customerListParams(url.searchParams);
  const after = url.searchParams.get("after") || null;
  const customFields = await api.customFields.list({ entityType: "customer" });
  let rows: Row[] = [];
  let next: string | null = null;
  let problem: string | null = null;
  try {
    if (params.q) {
      const page = await api.search.customers({ q: params.q, limit: SEARCH_PAGE_SIZE, after, includeArchived: params.includeArchived });
      rows = page.items.map((c) => ({ ...c, phone: displayPhone(c.phone), segment: null, createdAt: null, archivedAt: null, match: c.match }));
      next = page.next;
    } else {
      const page = await api.customers.list({ ...listFilters(params), after, limit: LIST_PAGE_SIZE });
      rows = page.items.map((c) => ({ ...c, phone: displayPhone(c.phone), match: null }));
      next = page.next;
    }
  } catch (error) {
    // A filter the server refuses (an unknown country code, a value of the wrong type) is shown, not thrown.
    if (isBadRequest(error)) problem = filterProblem(error.message);
    else throw error;
  }
  return data(
    {
      rows,
      next,
      problem,
      searching: Boolean(params.q),
      customFields: customFields.map((f) => ({ key: f.key, label: f.label, type: f.type, options: f.options })),
      canCreate: user.role === "admin" || user.role === "agent" || user.role === "supervisor",
      canExport: user.role === "admin",
      zone: viewerZoneFrom(request),
    },
    { headers: resHeaders },
  );
}

const FILTER_LABELS: Record<string, string> = { country: "Country", segment: "Segment", tier: "Tier", kind: "Kind" };

/** A refused filter as the person reads it: "Segment: at most 80 characters." (the server names the field by its key). */
function filterProblem(message: string): string {
  const match = /^(\w+): (.*)$/s.exec(message);
  const label = match ? FILTER_LABELS[match[1]!] : undefined;
  return match && label ? `${label}: ${match[2]}` : message;
}

function isBadRequest(error: unknown): error is Error {
  return error instanceof Error && (error as Error & { code?: unknown }).code === "BAD_REQUEST";
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

const SELECT = `pr-8 ${CONTROL_COMPACT}`;
const INPUT = CONTROL_COMPACT;
const MATCH_LABEL: Record<string, string> = { name: "Name", email: "Email", phone: "Phone", external_id: "External id" };

export default function Customers() {
  const loaded = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const submit = useSubmit();
  const more = useFetcher<typeof loader>();
  const loading = navigation.state === "loading" && navigation.location?.pathname === "/customers";

  // "More" appends the next keyset page; a new search or filter starts again from the loader's page.
  const [rows, setRows] = useState(loaded.rows);
  const [next, setNext] = useState(loaded.next);
  const [moreProblem, setMoreProblem] = useState<string | null>(null);
  useEffect(() => {
    setRows(loaded.rows);
    setNext(loaded.next);
    setMoreProblem(null);
  }, [loaded]);
  const appended = useRef<LoaderData | null>(null);
  useEffect(() => {
    const page = more.data;
    if (more.state !== "idle" || !page || appended.current === page) return;
    appended.current = page;
    if (page.problem) {
      setMoreProblem(page.problem);
      return;
    }
    setRows((current) => {
      const seen = new Set(current.map((r) => r.id));
      return [...current, ...page.rows.filter((r) => !seen.has(r.id))];
    });
    setNext(page.next);
  }, [more.state, more.data]);

  const loadMore = () => {
    if (!next) return;
    const query = new URLSearchParams(customerListQuery(params));
    query.set("after", next);
    query.set("index", "");
    more.load(`/customers?${query}`);
  };

  const searchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const q = params.get("q") ?? "";
  // The box is not remounted when the search runs (that dropped the cursor and what was typed meanwhile); it
  // takes the URL's text only when the search changed elsewhere ("Clear search", the shell's search box).
  const searchInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const input = searchInput.current;
    if (input && input !== document.activeElement && input.value !== q) input.value = q;
  }, [q]);
  const field = params.get("field") ?? "";
  const [chosenField, setChosenField] = useState(field);
  useEffect(() => setChosenField(field), [field]);
  const fieldDef = loaded.customFields.find((f) => f.key === chosenField);
  const filtered = ["kind", "country", "segment", "tier", "field", "archived"].some((n) => params.get(n));
  const exportQuery = customerListQuery(params);

  return (
    <>
      <PageHeader
        title="Customers"
        description="People and companies we support: find one by name, email, phone or external id, or filter the list."
        actions={
          <>
            {loaded.canExport && !loaded.problem ? (
              <a
                href={`/customers/export.csv${exportQuery ? `?${exportQuery}` : ""}`}
                download
                className="inline-flex items-center rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
                title={loaded.searching ? "Every result of this search, as CSV" : "Every customer in this list (all pages), as CSV"}
              >
                Export CSV
              </a>
            ) : null}
            {loaded.canCreate ? (
              <Link
                to="/customers/new"
                className="inline-flex items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-700"
              >
                New customer
              </Link>
            ) : null}
          </>
        }
      />
      <Card>
        <Form method="get" role="search" className="mb-3 flex flex-wrap items-center gap-2" preventScrollReset>
          <label className="sr-only" htmlFor="customer-search">
            Search customers
          </label>
          <input
            id="customer-search"
            name="q"
            type="search"
            ref={searchInput}
            defaultValue={q}
            placeholder="Name, email, phone or external id"
            className={`${INPUT} w-full md:w-auto md:min-w-[18rem] md:flex-1`}
            onChange={(e) => {
              const form = e.currentTarget.form;
              if (searchTimer.current) clearTimeout(searchTimer.current);
              searchTimer.current = setTimeout(() => form && submit(form, { replace: true, preventScrollReset: true }), 300);
            }}
          />
          {params.get("archived") ? <input type="hidden" name="archived" value="1" /> : null}
          <button type="submit" className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">
            Search
          </button>
          {q ? (
            <Link to="/customers" className="text-sm text-indigo-700 hover:underline">
              Clear search
            </Link>
          ) : null}
          <span role="status" className="text-xs text-slate-500">
            {loading ? "Loading…" : ""}
          </span>
        </Form>

        {loaded.searching ? (
          <p className="mb-4 text-xs text-slate-500">
            Search results are ranked by how well they match. Filters apply to the full list: clear the search to use them.
          </p>
        ) : (
          <Form method="get" className="mb-4 flex flex-wrap items-end gap-2 border-t border-slate-100 pt-3" aria-label="Filter customers">
            <div className="flex flex-col">
              <label htmlFor="filter-kind" className="text-xs font-medium text-slate-600">
                Kind
              </label>
              <select id="filter-kind" name="kind" defaultValue={params.get("kind") ?? ""} className={SELECT}>
                <option value="">People and companies</option>
                <option value="person">People</option>
                <option value="company">Companies</option>
              </select>
            </div>
            <div className="flex flex-col">
              <label htmlFor="filter-country" className="text-xs font-medium text-slate-600">
                Country
              </label>
              <input
                id="filter-country"
                name="country"
                defaultValue={params.get("country") ?? ""}
                placeholder="e.g. DE"
                maxLength={2}
                className={`${INPUT} w-20 uppercase placeholder:normal-case`}
              />
            </div>
            <div className="flex flex-col">
              <label htmlFor="filter-segment" className="text-xs font-medium text-slate-600">
                Segment
              </label>
              <input id="filter-segment" name="segment" defaultValue={params.get("segment") ?? ""} className={`${INPUT} w-32`} />
            </div>
            <div className="flex flex-col">
              <label htmlFor="filter-tier" className="text-xs font-medium text-slate-600">
                Tier
              </label>
              <input id="filter-tier" name="tier" defaultValue={params.get("tier") ?? ""} className={`${INPUT} w-24`} />
            </div>
            {loaded.customFields.length > 0 ? (
              <>
                <div className="flex flex-col">
                  <label htmlFor="filter-field" className="text-xs font-medium text-slate-600">
                    Custom field
                  </label>
                  <select
                    id="filter-field"
                    name="field"
                    value={chosenField}
                    onChange={(e) => setChosenField(e.currentTarget.value)}
                    className={SELECT}
                  >
                    <option value="">None</option>
                    {loaded.customFields.map((f) => (
                      <option key={f.key} value={f.key}>
                        {f.label}
                      </option>
                    ))}
                  </select>
                </div>
                {fieldDef ? (
                  <div className="flex flex-col">
                    <label htmlFor="filter-value" className="text-xs font-medium text-slate-600">
                      {fieldDef.label} is exactly
                    </label>
                    {fieldDef.type === "picklist" ? (
                      <select id="filter-value" name="value" defaultValue={params.get("value") ?? ""} key={fieldDef.key} className={SELECT}>
                        <option value="">Choose…</option>
                        {fieldDef.options.map((o) => (
                          <option key={o} value={o}>
                            {o}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input
                        id="filter-value"
                        name="value"
                        key={fieldDef.key}
                        type={fieldDef.type === "date" ? "date" : fieldDef.type === "number" ? "number" : "text"}
                        step={fieldDef.type === "number" ? "any" : undefined}
                        defaultValue={params.get("value") ?? ""}
                        className={`${INPUT} w-40`}
                      />
                    )}
                  </div>
                ) : null}
              </>
            ) : null}
            <div className="flex flex-col">
              <label htmlFor="filter-sort" className="text-xs font-medium text-slate-600">
                Order
              </label>
              <select id="filter-sort" name="sort" defaultValue={params.get("sort") ?? "name"} className={SELECT}>
                <option value="name">Name A–Z</option>
                <option value="newest">Newest first</option>
              </select>
            </div>
            <label className="flex items-center gap-1.5 pb-1.5 text-sm text-slate-700">
              <input type="checkbox" name="archived" value="1" defaultChecked={params.get("archived") === "1"} className="rounded border-slate-300" />
              Include archived
            </label>
            <button type="submit" className="rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
              Apply filters
            </button>
            {filtered ? (
              <Link to="/customers" className="pb-1.5 text-sm text-indigo-700 hover:underline">
                Clear filters
              </Link>
            ) : null}
          </Form>
        )}

        {loaded.problem ? (
          <div role="alert" className="mb-4 rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-inset ring-red-200">
            {loaded.problem}
          </div>
        ) : null}

        {rows.length === 0 ? (
          loaded.problem ? null : loaded.searching ? (
            <EmptyState title={`No customer matches “${q}”`}>Check the spelling, or search by email, phone or external id.</EmptyState>
          ) : filtered ? (
            <EmptyState title="No customers match these filters">
              <Link to="/customers" className="text-indigo-700 underline">
                Clear the filters
              </Link>{" "}
              to see everyone.
            </EmptyState>
          ) : (
            <EmptyState title="No customers yet">
              {loaded.canCreate ? (
                <>
                  Add the first with{" "}
                  <Link to="/customers/new" className="text-indigo-700 underline">
                    New customer
                  </Link>
                  , or import a Salesforce export.
                </>
              ) : (
                "Customers appear here once support staff add them or an admin imports them."
              )}
            </EmptyState>
          )
        ) : (
          <div className={`-mx-5 overflow-x-auto px-5 ${loading ? "opacity-60" : ""}`} aria-busy={loading}>
            <table className="min-w-full text-sm">
              <caption className="sr-only">{loaded.searching ? `Customers matching “${q}”, best match first` : "Customers"}</caption>
              <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Name
                  </th>
                  <th scope="col" className="hidden py-2 pr-4 font-medium sm:table-cell">
                    Kind
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Email
                  </th>
                  <th scope="col" className="hidden py-2 pr-4 font-medium md:table-cell">
                    Phone
                  </th>
                  <th scope="col" className="py-2 pr-0 font-medium sm:pr-4">
                    Country
                  </th>
                  {loaded.searching ? (
                    <th scope="col" className="hidden py-2 font-medium md:table-cell">
                      Matched on
                    </th>
                  ) : (
                    <>
                      <th scope="col" className="hidden py-2 pr-4 font-medium lg:table-cell">
                        Segment
                      </th>
                      <th scope="col" className="hidden whitespace-nowrap py-2 font-medium lg:table-cell">
                        Created
                      </th>
                    </>
                  )}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((c) => (
                  <tr key={c.id} className="align-top hover:bg-slate-50">
                    <td className="py-2 pr-4 [overflow-wrap:anywhere] sm:[overflow-wrap:normal]">
                      <Link to={`/customers/${c.id}`} className="font-medium text-indigo-700 hover:underline">
                        {c.name}
                      </Link>
                      {c.archivedAt ? (
                        <span className="ml-2">
                          <Badge>Archived</Badge>
                        </span>
                      ) : null}
                      {/* On a phone the Kind column is left out to make room for the email; the kind goes under the name. */}
                      <span className="block text-xs text-slate-500 sm:hidden">{c.kind === "person" ? "Person" : "Company"}</span>
                    </td>
                    <td className="hidden py-2 pr-4 text-slate-700 sm:table-cell">{c.kind === "person" ? "Person" : "Company"}</td>
                    <td className="max-w-[7rem] truncate py-2 pr-3 text-slate-700 sm:max-w-[16rem] sm:pr-4">{c.email ?? <span className="text-slate-500">—</span>}</td>
                    <td className="hidden whitespace-nowrap py-2 pr-4 tabular-nums text-slate-700 md:table-cell">
                      {c.phone ?? <span className="text-slate-500">—</span>}
                    </td>
                    <td className="py-2 pr-0 text-slate-700 sm:pr-4">{c.country ?? <span className="text-slate-500">—</span>}</td>
                    {loaded.searching ? (
                      <td className="hidden py-2 text-slate-500 md:table-cell">{c.match ? MATCH_LABEL[c.match] ?? c.match : ""}</td>
                    ) : (
                      <>
                        <td className="hidden py-2 pr-4 text-slate-700 lg:table-cell">{c.segment ?? <span className="text-slate-500">—</span>}</td>
                        <td className="hidden whitespace-nowrap py-2 text-slate-700 lg:table-cell">
                          {c.createdAt ? formatInstant(c.createdAt, loaded.zone) : ""}
                        </td>
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {moreProblem ? (
          <p role="alert" className="mt-3 text-sm text-red-700">
            {moreProblem}
          </p>
        ) : null}
        <div className="mt-4 flex items-center justify-between text-sm">
          <span className="text-slate-500" aria-live="polite">
            {rows.length > 0 ? `${rows.length.toLocaleString("en")} shown${next ? "" : " — that is all"}` : ""}
          </span>
          {next ? (
            <button
              type="button"
              onClick={loadMore}
              disabled={more.state !== "idle"}
              className="rounded-md bg-white px-3 py-1.5 font-medium text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:text-slate-400"
            >
              {more.state !== "idle" ? "Loading…" : "More"}
            </button>
          ) : null}
        </div>
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title="Customers" what="The customers" link={{ to: "/customers", label: "Reload the list" }} />;
}
