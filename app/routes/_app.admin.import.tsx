import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, useActionData, useLoaderData, useNavigation, useRevalidator, useRouteError } from "@remix-run/react";
import { useEffect, useMemo } from "react";
import { Button } from "~/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "~/components/ui/card";
import { FormError } from "~/components/ui/field";
import { Toaster } from "~/components/ui/toast";
import { requireUser } from "~/lib/api.server";
import { formatInstant } from "~/lib/format";
import { IMPORT_FILE_NAMES, MAX_IMPORT_BYTES, startImportFromUpload } from "~/lib/import-upload.server";
import { useSuccessKey } from "~/lib/success-key";
import { viewerZoneFrom } from "~/lib/viewer-zone";
import { DomainError } from "../../server/domain-error";
import type { ImportRunView } from "../../server/crm/import-runs.service";

export const meta: MetaFunction = () => [{ title: "Import from Salesforce · Frontline" }];

const OBJECTS = ["Account", "Contact", "Case", "Task"] as const;
const ACTIVE = new Set(["queued", "running"]);
const LISTED = 100;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["admin"]);
  const runs = await api.imports.list({ limit: 20 });
  const wanted = new URL(request.url).searchParams.get("run") ?? runs[0]?.id ?? null;
  let run: ImportRunView | null = null;
  let notice: string | null = null;
  if (wanted) {
    try {
      run = await api.imports.get({ id: wanted });
    } catch {
      notice = "That import was not found; showing the latest instead.";
      run = runs[0] ? await api.imports.get({ id: runs[0].id }) : null;
    }
  }
  const limits = { fileNames: IMPORT_FILE_NAMES, maxMegabytes: MAX_IMPORT_BYTES / 1024 / 1024 };
  return data({ runs, run, notice, limits, zone: viewerZoneFrom(request) }, { headers: resHeaders });
}

const STATUS_OF: Record<string, number> = { BAD_REQUEST: 400, CONFLICT: 409, NOT_FOUND: 404, FORBIDDEN: 403 };

export async function action({ request, context }: ActionFunctionArgs) {
  // The role is checked before a single byte of the upload is read.
  const { user, resHeaders } = await requireUser(request, context, ["admin"]);
  try {
    const run = await startImportFromUpload(request, context.db, { id: user.id, label: user.email, ip: context.clientIp });
    const names = run.files.map((f) => f.name).join(", ");
    return data({ ok: true as const, intent: "upload", runId: run.id, message: `Import started: ${names}.`, at: Date.now() }, { headers: resHeaders });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data({ ok: false as const, formError: error.message }, { status: error.reason === "TOO_LARGE" ? 413 : (STATUS_OF[error.kind] ?? 400), headers: resHeaders });
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Run = NonNullable<LoaderData["run"]>;

const STATUS_BADGE: Record<string, { tone: "slate" | "green" | "red" | "amber" | "indigo"; label: string }> = {
  queued: { tone: "slate", label: "Queued" },
  running: { tone: "indigo", label: "Running" },
  succeeded: { tone: "green", label: "Finished" },
  failed: { tone: "red", label: "Failed" },
};

function StatusBadge({ status }: { status: string }) {
  const b = STATUS_BADGE[status] ?? { tone: "slate" as const, label: status };
  return <Badge tone={b.tone}>{b.label}</Badge>;
}

function formatBytes(n: number) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const num = (n: number | null | undefined) => (n === null || n === undefined ? "—" : n.toLocaleString("en"));

export default function AdminImport() {
  const { runs, run, notice, limits, zone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : null;
  const formKey = useSuccessKey(result, "upload");
  const navigation = useNavigation();
  const uploading = navigation.state === "submitting";
  const anyActive = runs.some((r) => ACTIVE.has(r.status)) || (run !== null && ACTIVE.has(run.status));
  const revalidator = useRevalidator();

  // While an import runs, ask for fresh progress every second (only when the last answer is in).
  useEffect(() => {
    if (!anyActive) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, 1000);
    return () => clearInterval(timer);
  }, [anyActive, revalidator]);

  const toast = result?.ok ? { id: result.at, text: result.message } : null;

  return (
    <>
      <PageHeader
        title="Import from Salesforce"
        description="Bring accounts, contacts, cases and logged calls and emails over from a Salesforce data export. Re-importing the same export changes nothing; a newer one updates the records it knows by their Salesforce Id."
      />
      <div className="space-y-6">
        <Card title="Start an import">
          <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
            <div className="space-y-2 text-sm text-slate-700">
              <p>
                In Salesforce, <strong>Setup → Data Export</strong> writes a ZIP file of CSVs every week. Unzip it and choose these files
                (Salesforce&apos;s own column names, as exported):
              </p>
              <ul className="list-disc space-y-0.5 pl-5">
                <li>
                  <code>Account.csv</code> — companies and person accounts become customers
                </li>
                <li>
                  <code>Contact.csv</code> — people at those companies (or customers of their own)
                </li>
                <li>
                  <code>Case.csv</code> — cases, linked to their account or contact
                </li>
                <li>
                  <code>Task.csv</code> (optional) — logged calls and emails become interactions on the customer&apos;s timeline; to-dos are skipped
                </li>
              </ul>
              <p className="text-slate-600">
                Each file is imported completely or not at all. Rows with bad data are skipped and listed with their line, deleted rows
                are not imported, and merged records point at the record they were merged into. Up to {limits.maxMegabytes} MB
                together; one import runs at a time.
              </p>
            </div>
            <Form method="post" encType="multipart/form-data" key={formKey} className="space-y-3">
              <div className="space-y-1">
                <label htmlFor="import-files" className="block text-sm font-medium text-slate-700">
                  Export files
                </label>
                <input
                  id="import-files"
                  name="files"
                  type="file"
                  multiple
                  required
                  accept=".csv,text/csv"
                  aria-describedby="import-files-hint"
                  aria-invalid={Boolean(failure)}
                  className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-indigo-700 hover:file:bg-indigo-100"
                />
                <p id="import-files-hint" className="text-xs text-slate-500">
                  {limits.fileNames.join(", ")} — hold Ctrl or ⌘ to choose several.
                </p>
              </div>
              <FormError message={failure?.formError} />
              <Button type="submit" disabled={uploading || anyActive}>
                {uploading ? "Uploading…" : "Start import"}
              </Button>
              {anyActive && !uploading ? <p className="text-xs text-slate-500">An import is running; you can start the next one when it ends.</p> : null}
            </Form>
          </div>
        </Card>

        {notice ? (
          <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
            {notice}
          </p>
        ) : null}

        {run ? <RunDetails run={run} zone={zone} /> : null}

        <Card title="Earlier imports">
          {runs.length === 0 ? (
            <EmptyState title="No imports yet">Choose the files of a Salesforce export above to start the first one.</EmptyState>
          ) : (
            <div className={`overflow-x-auto ${navigation.state === "loading" ? "opacity-60" : ""}`} aria-busy={navigation.state === "loading"}>
              <table className="min-w-full text-sm">
                <caption className="sr-only">Earlier imports, newest first</caption>
                <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th className="py-2 pr-4 font-medium">Started</th>
                    <th className="py-2 pr-4 font-medium">By</th>
                    <th className="py-2 pr-4 font-medium">Files</th>
                    <th className="py-2 pr-4 font-medium">Status</th>
                    <th className="py-2 pr-4 text-right font-medium">Created</th>
                    <th className="py-2 pr-4 text-right font-medium">Updated</th>
                    <th className="py-2 text-right font-medium">Rejected</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {runs.map((r) => (
                    <tr key={r.id} className={r.id === run?.id ? "bg-indigo-50/50" : "hover:bg-slate-50"}>
                      <td className="py-2 pr-4">
                        <Link to={`?run=${r.id}`} className="font-medium text-indigo-700 hover:underline" aria-current={r.id === run?.id ? "true" : undefined}>
                          {formatInstant(r.startedAt, zone)}
                        </Link>
                      </td>
                      <td className="py-2 pr-4 text-slate-600">{r.startedBy?.email ?? "—"}</td>
                      <td className="py-2 pr-4 text-slate-600">{r.files.map((f) => f.name).join(", ")}</td>
                      <td className="py-2 pr-4">
                        <StatusBadge status={r.status} />
                      </td>
                      <td className="py-2 pr-4 text-right tabular-nums">{num(r.totals?.created)}</td>
                      <td className="py-2 pr-4 text-right tabular-nums">{num(r.totals?.updated)}</td>
                      <td className="py-2 text-right tabular-nums">{num(r.totals?.rejected)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
      <Toaster message={toast} />
    </>
  );
}

function RunDetails({ run, zone }: { run: Run; zone: string }) {
  const active = ACTIVE.has(run.status);
  const summary = run.summary;
  const json = useMemo(() => (summary ? JSON.stringify(summary, null, 2) : null), [summary]);
  const download = () => {
    if (!json) return;
    const url = URL.createObjectURL(new Blob([json], { type: "application/json" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `salesforce-import-${run.startedAt.slice(0, 10)}-${run.id.slice(0, 8)}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const rejectedTotal = summary ? OBJECTS.reduce((n, o) => n + (summary.objects[o]?.rejected ?? 0), 0) : 0;
  const warningsTotal = summary ? OBJECTS.reduce((n, o) => n + (summary.objects[o]?.warnings ?? 0), 0) : 0;

  return (
    <Card
      title={
        <span className="flex items-center gap-2">
          Import of {formatInstant(run.startedAt, zone)} <StatusBadge status={run.status} />
        </span>
      }
      actions={
        json ? (
          <Button size="sm" variant="secondary" onClick={download}>
            Download JSON summary
          </Button>
        ) : null
      }
    >
      <section aria-label="Import progress" aria-live="polite" aria-busy={active} className="space-y-4">
        <p className="text-sm text-slate-600">
          Started by {run.startedBy?.email ?? "someone no longer here"}
          {run.finishedAt ? `, ended ${formatInstant(run.finishedAt, zone)}` : ""}
          {summary ? ` · ${summary.seconds.toLocaleString("en")} s` : ""} · files:{" "}
          {run.files.map((f) => `${f.name} (${formatBytes(f.size)})`).join(", ")}
        </p>
        {active ? (
          <p className="flex items-center gap-2 text-sm text-indigo-800">
            <span className="inline-block h-2 w-2 animate-pulse rounded-full bg-indigo-600" aria-hidden />
            {run.status === "queued" ? "Waiting to start…" : (run.progress?.message ?? "Reading the files…")}
          </p>
        ) : null}
        {run.error ? (
          <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-inset ring-red-200">
            {run.error}
          </div>
        ) : null}
        <ObjectTable run={run} />
        {summary?.customFieldsCreated.length ? (
          <p className="text-sm text-slate-600">
            New custom fields, for columns with no field of their own (<code>*__c</code>, Website, Industry):{" "}
            {summary.customFieldsCreated.join(", ")}.
          </p>
        ) : null}
        {summary ? (
          <>
            <IssueTable title="Rejected rows" total={rejectedTotal} rows={summary.rejectedRows} empty="No row was rejected." />
            <IssueTable title="Warnings" total={warningsTotal} rows={summary.warnings} empty="No warnings: every value was read as given." />
            <details className="rounded-md ring-1 ring-slate-200">
              <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-700">JSON summary</summary>
              <pre className="max-h-96 overflow-auto border-t border-slate-200 bg-slate-50 p-3 text-xs">{json}</pre>
            </details>
          </>
        ) : null}
      </section>
    </Card>
  );
}

function ObjectTable({ run }: { run: Run }) {
  const summary = run.summary;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Rows per object</caption>
        <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-2 pr-4 font-medium">Object</th>
            <th className="py-2 pr-4 font-medium">State</th>
            {["Rows read", "Created", "Updated", "Unchanged", "Rejected", "Merged", "Deleted", "Skipped"].map((h) => (
              <th key={h} className="py-2 pr-4 text-right font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {OBJECTS.map((object) => {
            const p = run.progress?.objects[object];
            const s = summary?.objects[object];
            const file = s?.file ?? p?.file ?? null;
            const state = s?.error ? "failed" : summary && file ? "done" : (p?.state ?? (file ? "waiting" : "absent"));
            return (
              <tr key={object} data-object={object}>
                <th scope="row" className="py-2 pr-4 text-left font-medium">
                  {object}
                  <span className="block text-xs font-normal text-slate-500">{file ?? "not in this export"}</span>
                </th>
                <td className="py-2 pr-4">
                  <ObjectState state={state} />
                  {s?.error ? <span className="block max-w-xs text-xs text-red-700">{s.error}</span> : null}
                  {s?.note ? <span className="block max-w-xs text-xs text-slate-500">{s.note}</span> : null}
                </td>
                <td className="py-2 pr-4 text-right tabular-nums">{file ? num(s?.rows ?? p?.rowsRead) : "—"}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{file ? num(s?.created ?? p?.created) : "—"}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{file ? num(s?.updated ?? p?.updated) : "—"}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{file ? num(s?.unchanged ?? p?.unchanged) : "—"}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{file ? num(s?.rejected ?? p?.rejected) : "—"}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{file ? num(s?.merged) : "—"}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{file ? num(s?.deleted) : "—"}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{file ? num(s?.skipped) : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function ObjectState({ state }: { state: string }) {
  switch (state) {
    case "done":
      return <Badge tone="green">Done</Badge>;
    case "reading":
      return <Badge tone="indigo">Reading…</Badge>;
    case "failed":
      return <Badge tone="red">Rolled back</Badge>;
    case "waiting":
      return <Badge tone="slate">Waiting</Badge>;
    default:
      return <span className="text-slate-500">—</span>;
  }
}

function IssueTable({ title, total, rows, empty }: { title: string; total: number; rows: { file: string; line: number; reason: string }[]; empty: string }) {
  const shown = rows.slice(0, LISTED);
  return (
    <section aria-label={title}>
      <h3 className="mb-2 text-sm font-semibold text-slate-900">
        {title} {total ? <span className="font-normal text-slate-500">({total.toLocaleString("en")})</span> : null}
      </h3>
      {shown.length === 0 ? (
        <p className="text-sm text-slate-500">{empty}</p>
      ) : (
        <div className="max-h-80 overflow-auto rounded-md ring-1 ring-slate-200">
          <table className="min-w-full text-sm">
            <thead className="sticky top-0 bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-3 py-2 font-medium">File</th>
                <th className="px-3 py-2 text-right font-medium">Line</th>
                <th className="px-3 py-2 font-medium">Reason</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {shown.map((r, i) => (
                <tr key={`${r.file}:${r.line}:${i}`}>
                  <td className="px-3 py-1.5">{r.file}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{r.line}</td>
                  <td className="px-3 py-1.5">{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total > shown.length ? (
        <p className="mt-1 text-xs text-slate-500">
          Showing the first {shown.length.toLocaleString("en")} of {total.toLocaleString("en")}; the JSON summary lists up to 1,000.
        </p>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? typeof error.data === "string"
      ? error.data
      : `The imports could not be shown (${error.status}).`
    : "The imports could not be loaded. Try again in a moment.";
  return (
    <>
      <PageHeader title="Import from Salesforce" />
      <div role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-inset ring-red-200">
        {message}{" "}
        <Link to="/admin/import" className="font-medium underline">
          Reload
        </Link>
      </div>
    </>
  );
}
