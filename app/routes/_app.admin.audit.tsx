import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuditTable } from "~/components/audit/audit-table";
import { Button } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/card";
import { requireUser } from "~/lib/api.server";
import { viewerZoneFrom } from "~/lib/viewer-zone";

/** Names for the record types the log holds (the filter lists what is there; others show as written). */
const RECORD_TYPE_LABELS: Record<string, string> = {
  user: "Users",
  agent: "Agents",
  shift: "Shifts",
  team: "Teams",
  skill: "Skills",
  time_off: "Time off",
  customer: "Customers",
  contact: "Contacts",
  case: "Cases",
  interaction: "Interactions",
  handoff: "Handoffs",
  api_key: "API keys",
};

export const meta: MetaFunction = () => [{ title: "Audit log · Frontline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["admin"]);
  const url = new URL(request.url);
  const before = Number(url.searchParams.get("before"));
  const [page, facets] = await Promise.all([
    api.audit.list({
      entityType: url.searchParams.get("entity") || undefined,
      action: url.searchParams.get("action") || undefined,
      before: Number.isInteger(before) && before > 0 ? before : undefined,
      limit: 50,
    }),
    api.audit.facets(),
  ]);
  return data({ ...page, facets, zone: viewerZoneFrom(request) }, { headers: resHeaders });
}

export default function AuditLog() {
  const { entries, nextCursor, facets, zone } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const loading = useNavigation().state === "loading";
  const next = new URLSearchParams(params);
  if (nextCursor) next.set("before", String(nextCursor));
  return (
    <>
      <PageHeader title="Audit log" description="Who did what to which record, when, and from where. Newest first." />
      <Card
        actions={
          <Form method="get" className="flex flex-wrap items-end justify-end gap-2">
            <label className="text-xs text-slate-600">
              Record type
              <select
                name="entity"
                defaultValue={params.get("entity") ?? ""}
                className="mt-1 block w-36 rounded-md border-0 py-1 pl-2 pr-8 text-sm ring-1 ring-inset ring-slate-300"
              >
                <option value="">All records</option>
                {facets.entityTypes.map((t) => (
                  <option key={t} value={t}>
                    {RECORD_TYPE_LABELS[t] ?? t}
                  </option>
                ))}
              </select>
            </label>
            <label className="text-xs text-slate-600">
              Action
              <input
                name="action"
                list="audit-actions"
                defaultValue={params.get("action") ?? ""}
                placeholder="Any action"
                className="mt-1 block w-44 rounded-md border-0 px-2 py-1 text-sm ring-1 ring-inset ring-slate-300"
              />
              <datalist id="audit-actions">
                {facets.actions.map((a) => (
                  <option key={a} value={a} />
                ))}
              </datalist>
            </label>
            <Button type="submit" size="sm" variant="secondary">
              Filter
            </Button>
          </Form>
        }
      >
        <div className={loading ? "opacity-60" : ""} aria-busy={loading}>
          <AuditTable entries={entries} zone={zone} />
        </div>
        <div className="mt-4 flex justify-between text-sm">
          {params.get("before") ? (
            <Link to="?" className="text-indigo-700 hover:underline">
              ← Newest
            </Link>
          ) : (
            <span />
          )}
          {nextCursor ? (
            <Link to={`?${next}`} className="text-indigo-700 hover:underline">
              Older →
            </Link>
          ) : null}
        </div>
      </Card>
    </>
  );
}
