import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { RouteErrorPage } from "~/components/ui/route-error";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { useEffect, useRef, useState } from "react";
import { displayPhone } from "~/components/crm/crm-choices.server";
import { describeReasons } from "~/components/crm/duplicate-banner";
import { countryName, KIND_LABELS, languageName } from "~/components/crm/crm-labels";
import { Button } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { FormError } from "~/components/ui/field";
import { formFailure, requireUser } from "~/lib/api.server";
import { focusIsLost } from "~/lib/focus";
import { MERGE_FIELDS } from "../../server/crm/duplicates.schema";

export const meta: MetaFunction = () => [{ title: "Merge customers · Frontline" }];

/**
 * A refused merge reloads the preview (Remix skips that after a 4xx by default): when another admin merged or
 * changed one of the records meanwhile, the page shows their state now and stops offering the merge.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod?.toUpperCase() === "POST" ? true : defaultShouldRevalidate;

const FIELD_LABELS: Record<(typeof MERGE_FIELDS)[number], string> = {
  name: "Name",
  email: "Email",
  phone: "Phone",
  country: "Country",
  language: "Language",
  segment: "Segment",
  tier: "Tier",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["admin"]);
  const url = new URL(request.url);
  const a = url.searchParams.get("a") ?? "";
  const b = url.searchParams.get("b") ?? "";
  if (!a || !b) throw data("Choose two customers to merge (open this page from a duplicate pair).", { status: 400 });
  try {
    const [keepA, keepB, customFields] = await Promise.all([
      api.customers.mergePreview({ survivorId: a, loserId: b }),
      api.customers.mergePreview({ survivorId: b, loserId: a }),
      api.customFields.list({ entityType: "customer" }),
    ]);
    return data(
      {
        // Phones as people write them (the merge sends which side to keep, never the text shown).
        a: { ...keepA.survivor, phone: displayPhone(keepA.survivor.phone) },
        b: { ...keepA.loser, phone: displayPhone(keepA.loser.phone) },
        pair: keepA.pair,
        problems: { a: keepA.problem, b: keepB.problem },
        customLabels: Object.fromEntries(customFields.map((f) => [f.key, f.label])) as Record<string, string>,
      },
      { headers: resHeaders },
    );
  } catch (error) {
    if (error instanceof TRPCError) throw data(error.message, { status: getHTTPStatusCodeFromError(error) });
    throw error;
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["admin"]);
  const url = new URL(request.url);
  const ids = { a: url.searchParams.get("a") ?? "", b: url.searchParams.get("b") ?? "" };
  const form = await request.formData();
  const keep = form.get("survivor") === "b" ? "b" : "a";
  const gone = keep === "a" ? "b" : "a";
  const pick: Record<string, "survivor" | "loser"> = {};
  for (const [name, value] of form.entries()) {
    if (name.startsWith("field:")) pick[name.slice("field:".length)] = value === keep ? "survivor" : "loser";
  }
  try {
    const result = await api.customers.merge({ survivorId: ids[keep], loserId: ids[gone], pick });
    return redirect(`/customers/${result.survivorId}?merged=1`, { headers: resHeaders });
  } catch (error) {
    return formFailure(error, resHeaders);
  }
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type MergeRecord = Loaded["a"];
type SideKey = "a" | "b";

function isEmpty(v: unknown) {
  return v === null || v === undefined || v === "";
}

function shown(field: string, value: unknown): string {
  if (isEmpty(value)) return "—";
  if (field === "country") return `${countryName(String(value))} (${String(value)})`;
  if (field === "language") return `${languageName(String(value))} (${String(value)})`;
  return String(value);
}

interface Row {
  field: string;
  label: string;
  a: unknown;
  b: unknown;
}

function rowsOf(a: MergeRecord, b: MergeRecord, customLabels: Record<string, string>): Row[] {
  const rows: Row[] = MERGE_FIELDS.map((f) => ({ field: f, label: FIELD_LABELS[f], a: a[f], b: b[f] }));
  const keys = [...new Set([...Object.keys(a.custom), ...Object.keys(b.custom)])].sort();
  for (const key of keys) rows.push({ field: `custom.${key}`, label: customLabels[key] ?? key, a: a.custom[key], b: b.custom[key] });
  return rows;
}

/** The survivor's value unless it is empty, else the other one's. */
function defaultPicks(rows: Row[], keep: SideKey): Record<string, SideKey> {
  const other: SideKey = keep === "a" ? "b" : "a";
  return Object.fromEntries(rows.map((r) => [r.field, isEmpty(r[keep]) ? other : keep]));
}

function countsText(counts: MergeRecord["counts"]) {
  const parts = [`${counts.contacts} contact${counts.contacts === 1 ? "" : "s"}`, `${counts.cases} case${counts.cases === 1 ? "" : "s"}`, `${counts.notes} note${counts.notes === 1 ? "" : "s"}`, `${counts.interactions} interaction${counts.interactions === 1 ? "" : "s"}`];
  return parts.join(", ");
}

export default function MergeCustomers() {
  const { a, b, pair, problems, customLabels } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const rows = rowsOf(a, b, customLabels);
  const [keep, setKeep] = useState<SideKey>("a");
  const [picks, setPicks] = useState<Record<string, SideKey>>(() => defaultPicks(rows, "a"));
  const customers = { a, b };
  const survivor = customers[keep];
  const loser = customers[keep === "a" ? "b" : "a"];
  const problem = problems[keep];
  // Refused: the confirm dialog could not give the focus back to the busy button; it goes to what says why.
  const refusalRef = useRef<HTMLDivElement>(null);
  const problemRef = useRef<HTMLDivElement>(null);
  // The refusal can arrive a render before the reloaded preview that states it, which then replaces the line
  // that had the focus: again, unless the person has moved on meanwhile.
  const focusedFor = useRef<unknown>(null);
  useEffect(() => {
    if (!failure) return;
    if (focusedFor.current === failure && !focusIsLost()) return;
    focusedFor.current = failure;
    (problemRef.current ?? refusalRef.current)?.focus();
  }, [failure, problem]);
  // The reloaded preview usually states the refusal itself; it is said once.
  const refusal = failure?.formError && failure.formError !== problem ? failure.formError : null;
  const chooseSurvivor = (side: SideKey) => {
    setKeep(side);
    setPicks(defaultPicks(rows, side));
  };

  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/customers/duplicates" className="text-indigo-700 hover:underline">
          ← Possible duplicates
        </Link>
      </p>
      <PageHeader
        title="Merge customers"
        description="One record survives with the values you pick; the other's contacts, cases and notes move to it, and its id keeps opening the survivor."
      />
      <Form ref={formRef} method="post" className="space-y-6">
        {refusal ? (
          <div ref={refusalRef} tabIndex={-1} className="rounded-md focus:outline-none">
            <FormError message={refusal} />
          </div>
        ) : null}
        <Card title="Why they look alike">
          <p className="text-sm text-slate-700">
            {pair ? `Flagged: ${describeReasons(pair.reasons, pair.score)}.` : "These two were not flagged as possible duplicates."}
          </p>
        </Card>
        <Card title="Which record survives">
          <fieldset>
            <legend className="sr-only">Which record survives</legend>
            <div className="grid gap-3 sm:grid-cols-2">
              {(["a", "b"] as const).map((side) => {
                const c = customers[side];
                return (
                  <label
                    key={side}
                    className={`flex cursor-pointer gap-3 rounded-md p-3 ring-1 ring-inset has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-600 ${
                      keep === side ? "bg-indigo-50 ring-indigo-400" : "ring-slate-300 hover:bg-slate-50"
                    }`}
                  >
                    <input type="radio" name="survivor" value={side} checked={keep === side} onChange={() => chooseSurvivor(side)} className="mt-1" />
                    <span className="text-sm">
                      <span className="block font-medium text-slate-900">
                        Keep {c.name}
                        {c.archived ? <span className="ml-2 text-xs font-normal text-slate-500">(archived)</span> : null}
                      </span>
                      <span className="block text-slate-600">
                        {KIND_LABELS[c.kind]} · holds {countsText(c.counts)} ·{" "}
                        <Link to={`/customers/${c.id}`} className="text-indigo-700 hover:underline">
                          open record
                        </Link>
                      </span>
                    </span>
                  </label>
                );
              })}
            </div>
          </fieldset>
          <p className="mt-3 text-sm text-slate-700" aria-live="polite">
            {problem
              ? `${loser.name} cannot be merged into ${survivor.name}; the reason is below.`
              : `${loser.name} will be merged into ${survivor.name}: ${countsText(loser.counts)} move to ${survivor.name}.`}
          </p>
        </Card>
        <Card title="Values to keep">
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm">
              <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="py-2 pr-4 font-medium">Field</th>
                  {/* Long values wrap, so both records' columns fit on a phone. */}
                  <th className="py-2 pr-4 font-medium [overflow-wrap:anywhere]">{a.name}</th>
                  <th className="py-2 font-medium [overflow-wrap:anywhere]">{b.name}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((r) => {
                  const same = String(r.a ?? "") === String(r.b ?? "");
                  return (
                    <tr key={r.field}>
                      <th scope="row" className="py-2 pr-4 text-left font-medium text-slate-700">
                        {r.label}
                      </th>
                      {same ? (
                        <td colSpan={2} className="py-2 text-slate-600">
                          {shown(r.field, r.a)} <span className="text-xs text-slate-500">(same in both)</span>
                        </td>
                      ) : (
                        (["a", "b"] as const).map((side) => (
                          <td key={side} className="py-2 pr-4">
                            <label className="flex cursor-pointer items-start gap-2">
                              <input
                                type="radio"
                                name={`field:${r.field}`}
                                value={side}
                                checked={picks[r.field] === side}
                                onChange={() => setPicks((p) => ({ ...p, [r.field]: side }))}
                                disabled={r.field === "name" && isEmpty(r[side])}
                                className="mt-1"
                              />
                              <span className={`[overflow-wrap:anywhere] ${isEmpty(r[side]) ? "text-slate-500" : "text-slate-900"}`}>{shown(r.field, r[side])}</span>
                            </label>
                          </td>
                        ))
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </Card>
        {problem ? (
          <div
            ref={problemRef}
            role="alert"
            tabIndex={-1}
            className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-inset ring-red-200 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            {problem}
          </div>
        ) : null}
        <div className="flex gap-2">
          <ConfirmDialog
            trigger={
              <Button variant="danger" disabled={busy || Boolean(problem)}>
                {busy ? "Merging…" : "Merge…"}
              </Button>
            }
            title={`Merge ${loser.name} into ${survivor.name}?`}
            description={`${survivor.name} keeps the values you picked and receives ${countsText(loser.counts)}. ${loser.name} is archived and its id will open ${survivor.name}. This cannot be undone from here.`}
            confirmLabel="Merge"
            cancelLabel="Not yet"
            onConfirm={() => submit(formRef.current, { method: "post" })}
          />
          <Link
            to="/customers/duplicates"
            className="inline-flex items-center rounded-md px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100"
          >
            Cancel
          </Link>
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title="Merge customers" what="These customers" link={{ to: "/customers/duplicates", label: "Back to possible duplicates" }} />;
}
