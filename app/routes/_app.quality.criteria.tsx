import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useRef, useState } from "react";
import { Button } from "~/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { FormError, SelectField, TextField, useRevealFirstError } from "~/components/ui/field";
import { RouteErrorPage } from "~/components/ui/route-error";
import { Toaster } from "~/components/ui/toast";
import { formFailure, requireUser } from "~/lib/api.server";
import { formatInstant } from "~/lib/format";
import { useSuccessKey } from "~/lib/success-key";
import { viewerZoneFrom } from "~/lib/viewer-zone";

export const meta: MetaFunction = () => [{ title: "QA form · Frontline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["supervisor"]);
  const zone = viewerZoneFrom(request);
  const criteria = await api.quality.criteria({ includeRetired: true });
  return data({ criteria: criteria.map((c) => ({ ...c, retiredWhen: c.retiredAt ? formatInstant(c.retiredAt, zone) : null })) }, { headers: resHeaders });
}

function numberOrUndefined(value: FormDataEntryValue | null): number | undefined {
  const s = String(value ?? "").trim();
  return s === "" ? undefined : Number(s);
}

function readCriterion(form: FormData) {
  const kind = String(form.get("kind") ?? "") as "points" | "pass_fail";
  return {
    name: String(form.get("name") ?? ""),
    description: String(form.get("description") ?? ""),
    kind,
    maxPoints: kind === "points" ? numberOrUndefined(form.get("maxPoints")) : undefined,
    weight: numberOrUndefined(form.get("weight")) ?? 1,
    critical: form.get("critical") === "on",
    position: numberOrUndefined(form.get("position")),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["supervisor"]);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const criterionId = String(form.get("criterionId") ?? "");
  const done = (message: string) => data({ ok: true as const, intent, criterionId, message, at: Date.now() }, { headers: resHeaders });
  try {
    if (intent === "retire") {
      const c = await api.quality.retireCriterion({ criterionId });
      return done(`Retired “${c.name}”. Scorecards already made keep it.`);
    }
    if (intent === "update") {
      const c = await api.quality.updateCriterion({ criterionId, ...readCriterion(form) });
      return done(`Saved “${c.name}”.`);
    }
    const c = await api.quality.createCriterion(readCriterion(form));
    return done(`Added “${c.name}” to the QA form.`);
  } catch (error) {
    return formFailure(error, resHeaders, { intent, criterionId, at: Date.now() });
  }
}

type Criterion = ReturnType<typeof useLoaderData<typeof loader>>["criteria"][number];
type Failure = { formError: string; fieldErrors: Record<string, string[] | undefined> } | null;

function CriterionFields({ criterion, failure }: { criterion?: Criterion; failure: Failure }) {
  const [kind, setKind] = useState<string>(criterion?.kind ?? "points");
  const errors = failure?.fieldErrors ?? {};
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <TextField label="Name" name="name" required maxLength={80} defaultValue={criterion?.name} errors={errors.name} />
      </div>
      <div className="sm:col-span-2">
        <TextField
          label="What good looks like"
          name="description"
          maxLength={1000}
          defaultValue={criterion?.description ?? ""}
          errors={errors.description}
          hint="Shown to the supervisor while scoring."
        />
      </div>
      <SelectField
        label="Kind"
        name="kind"
        value={kind}
        onChange={(e) => setKind(e.target.value)}
        options={[
          { value: "points", label: "Points" },
          { value: "pass_fail", label: "Pass / fail" },
        ]}
        errors={errors.kind}
      />
      {kind === "points" ? (
        <TextField label="Out of (points)" name="maxPoints" type="number" min={1} max={100} required defaultValue={criterion?.kind === "points" ? criterion.maxPoints : 5} errors={errors.maxPoints} />
      ) : (
        <p className="self-end pb-2 text-sm text-slate-500">Pass scores 1, fail 0.</p>
      )}
      <TextField label="Weight" name="weight" type="number" min={1} max={100} required defaultValue={criterion?.weight ?? 1} errors={errors.weight} hint="Relative to the other criteria." />
      <TextField label="Order" name="position" type="number" min={0} max={10000} defaultValue={criterion?.position} errors={errors.position} hint="Lower comes first; empty: last." />
      <label className="flex items-start gap-2 text-sm sm:col-span-2">
        <input type="checkbox" name="critical" defaultChecked={criterion?.critical ?? false} className="mt-0.5" />
        <span>
          <span className="font-medium text-slate-800">Critical</span>
          <span className="block text-xs text-slate-500">No points here fails the whole scorecard (0 %), e.g. identity not verified.</span>
        </span>
      </label>
    </div>
  );
}

function CriterionRow({ c, busy, failure, editing, onEdit }: { c: Criterion; busy: boolean; failure: Failure; editing: boolean; onEdit: (on: boolean) => void }) {
  const submit = useSubmit();
  return (
    <li className="py-3" data-testid={`criterion-row-${c.name}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
            {c.name}
            <Badge>{c.kind === "pass_fail" ? "Pass / fail" : `0–${c.maxPoints} points`}</Badge>
            <Badge tone="indigo">Weight {c.weight}</Badge>
            {c.critical ? <Badge tone="red">Critical</Badge> : null}
          </p>
          {c.description ? <p className="mt-0.5 text-sm text-slate-600">{c.description}</p> : null}
        </div>
        <div className="flex gap-2">
          <Button variant="secondary" size="sm" onClick={() => onEdit(!editing)} aria-expanded={editing} disabled={busy}>
            {editing ? "Close" : "Edit"}
          </Button>
          <ConfirmDialog
            trigger={
              <Button variant="ghost" size="sm" disabled={busy}>
                Retire
              </Button>
            }
            title={`Retire “${c.name}”?`}
            description="New scorecards will no longer ask for it. Scorecards already made keep it, with the points they gave. A retired criterion cannot come back; add a new one instead."
            confirmLabel="Retire criterion"
            cancelLabel="Keep it"
            onConfirm={() => submit({ intent: "retire", criterionId: c.id }, { method: "post" })}
          />
        </div>
      </div>
      {editing ? (
        <Form method="post" noValidate className="mt-3 space-y-3 rounded-md bg-slate-50 p-4" aria-label={`Edit ${c.name}`}>
          <input type="hidden" name="intent" value="update" />
          <input type="hidden" name="criterionId" value={c.id} />
          <FormError message={failure?.formError} />
          <CriterionFields criterion={c} failure={failure} />
          <p className="text-xs text-slate-500">Scorecards already made keep the criterion as it was when they were scored.</p>
          <Button type="submit" disabled={busy}>
            {busy ? "Saving…" : "Save"}
          </Button>
        </Form>
      ) : null}
    </li>
  );
}

export default function QaCriteria() {
  const { criteria } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [editing, setEditing] = useState<string | null>(null);
  const createKey = useSuccessKey(result, "create");
  const failure = result && !result.ok ? result : null;
  const createForm = useRef<HTMLFormElement>(null);
  useRevealFirstError(createForm, failure?.intent === "create" ? failure : null);
  const live = criteria.filter((c) => !c.retiredAt);
  const retired = criteria.filter((c) => c.retiredAt);
  const totalWeight = live.reduce((s, c) => s + c.weight, 0);
  const [lastDone, setLastDone] = useState<number | null>(null);
  if (result?.ok && result.intent === "update" && result.at !== lastDone) {
    setLastDone(result.at);
    setEditing(null);
  }

  return (
    <>
      <PageHeader
        title="QA form"
        description="The criteria supervisors score interactions against. A scorecard's percentage is each criterion's share of its points, weighted; not-applicable answers are left out."
        actions={
          <Link to="/quality" className="rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
            Quality overview
          </Link>
        }
      />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_26rem]">
        <div className="space-y-6">
          <Card title={`Criteria in use (${live.length})`}>
            {failure && failure.intent === "retire" ? <FormError message={failure.formError} /> : null}
            {live.length === 0 ? (
              <EmptyState title="The QA form is empty">Add the first criterion: supervisors cannot score until the form has one.</EmptyState>
            ) : (
              <>
                <ul className="divide-y divide-slate-100" aria-label="Criteria in use">
                  {live.map((c) => (
                    <CriterionRow
                      key={c.id}
                      c={c}
                      busy={busy}
                      editing={editing === c.id}
                      onEdit={(on) => setEditing(on ? c.id : null)}
                      failure={failure && failure.intent === "update" && failure.criterionId === c.id ? failure : null}
                    />
                  ))}
                </ul>
                <p className="mt-2 text-xs text-slate-500">Total weight {totalWeight}.</p>
              </>
            )}
          </Card>
          <Card title={`Retired (${retired.length})`}>
            {retired.length === 0 ? (
              <p className="text-sm text-slate-500">None yet. Retired criteria stay on the scorecards that used them.</p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm text-slate-600" aria-label="Retired criteria">
                {retired.map((c) => (
                  <li key={c.id} className="flex flex-wrap justify-between gap-2 py-2">
                    <span>
                      {c.name} <span className="text-xs">({c.kind === "pass_fail" ? "pass/fail" : `0–${c.maxPoints}`}, weight {c.weight})</span>
                    </span>
                    <span className="text-xs text-slate-500">retired {c.retiredWhen}</span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
        <Card title="Add a criterion">
          <Form ref={createForm} method="post" noValidate className="space-y-3" key={createKey} aria-label="Add a criterion">
            <input type="hidden" name="intent" value="create" />
            <FormError message={failure && failure.intent === "create" ? failure.formError : null} />
            <CriterionFields failure={failure && failure.intent === "create" ? failure : null} />
            <Button type="submit" disabled={busy}>
              {busy ? "Adding…" : "Add criterion"}
            </Button>
          </Form>
        </Card>
      </div>
      <Toaster message={result?.ok ? { id: result.at, text: result.message } : null} />
    </>
  );
}

export function ErrorBoundary() {
  return (
    <RouteErrorPage
      title="QA form"
      what="The QA criteria"
      link={{ to: "/quality/criteria", label: "Reload" }}
      byStatus={{ 403: "Only supervisors and admins keep the QA form." }}
    />
  );
}
