import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { RouteErrorPage } from "~/components/ui/route-error";
import { Link, useFetcher, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { displayPhone } from "~/components/crm/crm-choices.server";
import { describeReasons, mergeHref } from "~/components/crm/duplicate-banner";
import { countryName, KIND_LABELS } from "~/components/crm/crm-labels";
import { Button } from "~/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Toaster } from "~/components/ui/toast";
import { formFailure, requireUser } from "~/lib/api.server";
import { formatInstant } from "~/lib/format";
import { viewerZoneFrom } from "~/lib/viewer-zone";

export const meta: MetaFunction = () => [{ title: "Possible duplicates · Customers · Frontline" }];

const PAGE_SIZE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, resHeaders } = await requireUser(request, context);
  const after = new URL(request.url).searchParams.get("after");
  const page = await api.customers.duplicates({ after: after || null, limit: PAGE_SIZE });
  // Phones as people write them, like everywhere else on the customer pages.
  const items = page.items.map((p) => ({ ...p, a: { ...p.a, phone: displayPhone(p.a.phone) }, b: { ...p.b, phone: displayPhone(p.b.phone) } }));
  return data(
    {
      ...page,
      items,
      zone: viewerZoneFrom(request),
      canDismiss: user.role === "admin" || user.role === "supervisor",
      canMerge: user.role === "admin",
    },
    { headers: resHeaders },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["supervisor"]);
  const form = await request.formData();
  try {
    await api.customers.dismissDuplicate({ pairId: String(form.get("pairId") ?? "") });
    return data({ ok: true as const, message: `Dismissed: ${String(form.get("label") ?? "the pair")} are not the same customer.`, at: Date.now() }, { headers: resHeaders });
  } catch (error) {
    return formFailure(error, resHeaders, { at: Date.now() });
  }
}

type Pair = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];
type Side = Pair["a"];

function CustomerSide({ c, zone }: { c: Side; zone: string }) {
  return (
    <div className="min-w-0">
      <Link to={`/customers/${c.id}`} className="font-medium text-indigo-700 hover:underline">
        {c.name}
      </Link>
      <dl className="mt-1 grid grid-cols-[5rem_minmax(0,1fr)] gap-x-2 text-xs text-slate-600">
        <dt className="text-slate-500">Kind</dt>
        <dd>{KIND_LABELS[c.kind]}</dd>
        <dt className="text-slate-500">Email</dt>
        <dd className="truncate">{c.email ?? "—"}</dd>
        <dt className="text-slate-500">Phone</dt>
        <dd>{c.phone ?? "—"}</dd>
        <dt className="text-slate-500">Country</dt>
        <dd>{countryName(c.country) ?? "—"}</dd>
        <dt className="text-slate-500">Created</dt>
        <dd>{formatInstant(c.createdAt, zone)}</dd>
      </dl>
    </div>
  );
}

type DismissFetcher = ReturnType<typeof useFetcher<typeof action>>;

function PairRow({
  pair,
  zone,
  canDismiss,
  canMerge,
  fetcher,
}: {
  pair: Pair;
  zone: string;
  canDismiss: boolean;
  canMerge: boolean;
  fetcher: DismissFetcher;
}) {
  const busy = fetcher.state !== "idle" && fetcher.formData?.get("pairId") === pair.id;
  const label = `${pair.a.name} and ${pair.b.name}`;
  return (
    <li className={`py-4 ${busy ? "opacity-60" : ""}`} aria-busy={busy}>
      <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
        {pair.reasons.map((r) => (
          <Badge key={r} tone={r === "name" ? "amber" : "indigo"}>
            {r === "name" ? `similar name ${Math.round(pair.score * 100)}%` : `same ${r}`}
          </Badge>
        ))}
        <span className="text-xs text-slate-500">found {formatInstant(pair.foundAt, zone)}</span>
        <span className="sr-only">Why: {describeReasons(pair.reasons, pair.score)}</span>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <CustomerSide c={pair.a} zone={zone} />
        <CustomerSide c={pair.b} zone={zone} />
      </div>
      {canDismiss || canMerge ? (
        <div className="mt-3 flex flex-wrap gap-2">
          {canMerge ? (
            <Link
              to={mergeHref(pair.a.id, pair.b.id)}
              className="inline-flex items-center rounded-md bg-indigo-600 px-2.5 py-1 text-sm font-medium text-white shadow-sm hover:bg-indigo-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              Merge…
            </Link>
          ) : null}
          {canDismiss ? (
            <ConfirmDialog
              trigger={
                <Button variant="secondary" size="sm" disabled={busy}>
                  Dismiss
                </Button>
              }
              title="Not the same customer?"
              description={`${label} will no longer be listed as possible duplicates, even if they are found alike again.`}
              confirmLabel="Dismiss pair"
              cancelLabel="Keep listed"
              onConfirm={() => fetcher.submit({ pairId: pair.id, label }, { method: "post" })}
            />
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

export default function Duplicates() {
  const { items, next, zone, canDismiss, canMerge } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const loading = navigation.state === "loading" && navigation.location?.pathname === "/customers/duplicates";
  // One fetcher for the page: a dismissed pair's row disappears, its confirmation must not.
  const fetcher = useFetcher<typeof action>({ key: "dismiss-duplicate" });
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const toast = result
    ? result.ok
      ? { id: result.at, text: result.message }
      : { id: result.at, text: result.formError, tone: "error" as const }
    : null;
  // The dismissed pair's row is gone, and the focus with it (the dialog gave it back to that row's button): put it on the list.
  const pairsRef = useRef<HTMLDivElement>(null);
  const focusedFor = useRef<number | null>(null);
  useEffect(() => {
    if (!result?.ok || focusedFor.current === result.at) return;
    focusedFor.current = result.at;
    pairsRef.current?.focus();
  }, [result]);

  return (
    <>
      <PageHeader
        title="Possible duplicates"
        description="Customers that share an email or phone, or have a very similar name in the same country. Flagged when a customer is created or edited."
      />
      <Card title="Open pairs">
        <div ref={pairsRef} tabIndex={-1} className="outline-none">
          {items.length === 0 ? (
            <EmptyState title={params.get("after") ? "No more pairs" : "No possible duplicates"}>
              {params.get("after") ? (
                <Link to="?" className="text-indigo-700 hover:underline">
                  Back to the newest
                </Link>
              ) : (
                "New customers that look like existing ones will show up here."
              )}
            </EmptyState>
          ) : (
            <ul className={`divide-y divide-slate-100 ${loading ? "opacity-60" : ""}`} aria-busy={loading}>
              {items.map((pair) => (
                <PairRow key={pair.id} pair={pair} zone={zone} canDismiss={canDismiss} canMerge={canMerge} fetcher={fetcher} />
              ))}
            </ul>
          )}
          <div className="mt-4 flex justify-between text-sm">
            {params.get("after") ? (
              <Link to="?" className="text-indigo-700 hover:underline">
                ← Newest
              </Link>
            ) : (
              <span />
            )}
            {next ? (
              <Link to={`?after=${encodeURIComponent(next)}`} className="text-indigo-700 hover:underline">
                Older pairs →
              </Link>
            ) : null}
          </div>
        </div>
      </Card>
      <Toaster message={toast} />
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title="Possible duplicates" what="The possible duplicates" link={{ to: "/customers/duplicates", label: "Reload the list" }} />;
}
