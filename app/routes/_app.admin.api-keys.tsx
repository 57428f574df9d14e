import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useRef, useState } from "react";
import { Button } from "~/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { FormError, TextField, useRevealFirstError } from "~/components/ui/field";
import { Toaster } from "~/components/ui/toast";
import { formFailure, requireUser } from "~/lib/api.server";
import { formatAgo } from "~/lib/format";
import { useNow } from "~/components/workforce/my-viewer-zone";
import { useSuccessKey } from "~/lib/success-key";

export const meta: MetaFunction = () => [{ title: "API keys · Frontline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["admin"]);
  return data({ keys: await api.apiKeys.list(), renderedAt: new Date().toISOString() }, { headers: resHeaders });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["admin"]);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  try {
    if (intent === "revoke") {
      const key = await api.apiKeys.revoke({ apiKeyId: String(form.get("apiKeyId") ?? "") });
      return data({ ok: true as const, intent, message: `Revoked "${key.name}". Programs using it now get 401.`, token: null, at: Date.now() }, { headers: resHeaders });
    }
    const rate = String(form.get("rateLimitPerMinute") ?? "").trim();
    const created = await api.apiKeys.create({
      name: String(form.get("name") ?? ""),
      rateLimitPerMinute: rate === "" ? undefined : Number(rate),
    });
    return data(
      { ok: true as const, intent: "create", message: `Created "${created.name}".`, token: created.token, name: created.name, at: Date.now() },
      { headers: resHeaders },
    );
  } catch (error) {
    return formFailure(error, resHeaders, { intent });
  }
}

function NewKeyPanel({ name, token }: { name: string; token: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="rounded-md border border-emerald-300 bg-emerald-50 p-4" role="status">
      <p className="text-sm font-medium text-emerald-900">The key for “{name}”. Copy it now: it is shown only this once.</p>
      <div className="mt-2 flex gap-2">
        <input
          readOnly
          aria-label="New API key"
          value={token}
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border-0 bg-white px-2 py-1.5 font-mono text-xs ring-1 ring-inset ring-emerald-300"
        />
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(token).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="mt-2 text-xs text-emerald-900">
        Programs send it as <code className="font-mono">Authorization: Bearer {token.slice(0, 12)}…</code>
      </p>
    </div>
  );
}

export default function ApiKeys() {
  const { keys, renderedAt } = useLoaderData<typeof loader>();
  const now = useNow(renderedAt);
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : null;
  // A refused create puts focus on the field to fix (the disabled submit button dropped it).
  const createForm = useRef<HTMLFormElement>(null);
  useRevealFirstError(createForm, failure?.intent !== "revoke" ? failure : null);
  const createKey = useSuccessKey(result, "create");
  const navigation = useNavigation();
  const submit = useSubmit();
  const busy = navigation.state === "submitting";
  const created = result?.ok && result.intent === "create" && result.token ? result : null;

  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys let the bot, the website and the app ask for a human through the handoff API. Only a hash of each key is stored; a revoked key stops working at once."
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <Card title="Keys">
          {keys.length === 0 ? (
            <EmptyState title="No API keys yet">Create one for each program that calls Frontline, so each can be revoked on its own.</EmptyState>
          ) : (
            <div className="relative overflow-x-auto">
              <table className="min-w-full text-sm">
                <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th className="py-2 pr-4 font-medium">Name</th>
                    <th className="py-2 pr-4 font-medium">Key starts</th>
                    <th className="py-2 pr-4 font-medium">Limit</th>
                    <th className="py-2 pr-4 font-medium">Last used</th>
                    <th className="py-2 pr-4 font-medium">Created</th>
                    <th className="py-2 font-medium">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {keys.map((k) => (
                    <tr key={k.id} className={k.revokedAt ? "text-slate-500" : undefined}>
                      <td className="py-2 pr-4 font-medium">{k.name}</td>
                      <td className="py-2 pr-4 font-mono text-xs">{k.tokenPrefix}…</td>
                      <td className="py-2 pr-4">{k.rateLimitPerMinute.toLocaleString("en-US")} / min</td>
                      <td className="py-2 pr-4">{k.lastUsedAt ? formatAgo(k.lastUsedAt, now) : "Never"}</td>
                      <td className="py-2 pr-4">
                        {formatAgo(k.createdAt, now)}
                        {k.createdBy ? <span className="block text-xs text-slate-500">by {k.createdBy}</span> : null}
                      </td>
                      <td className="py-2 text-right">
                        {k.revokedAt ? (
                          <Badge tone="red">Revoked {formatAgo(k.revokedAt, now)}</Badge>
                        ) : (
                          <ConfirmDialog
                            trigger={
                              <Button type="button" variant="secondary" disabled={busy}>
                                Revoke
                              </Button>
                            }
                            title={`Revoke “${k.name}”?`}
                            description="Programs using this key get 401 from their next request. This cannot be undone; you can create a new key."
                            confirmLabel="Revoke key"
                            cancelLabel="Keep key"
                            onConfirm={() => submit({ intent: "revoke", apiKeyId: k.id }, { method: "post" })}
                          />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>

        <div className="space-y-4">
          {created ? <NewKeyPanel name={created.name} token={created.token} /> : null}
          <Card title="Create a key">
            <Form ref={createForm} method="post" noValidate className="space-y-4" key={createKey}>
              <input type="hidden" name="intent" value="create" />
              <FormError message={failure?.intent !== "revoke" ? failure?.formError : undefined} />
              <TextField label="Name" name="name" required hint="The program that will use it, e.g. “Website chat bot”." errors={failure?.fieldErrors.name} />
              <TextField
                label="Requests a minute"
                name="rateLimitPerMinute"
                type="number"
                min={1}
                max={100000}
                placeholder="600"
                hint="More in one minute get 429 with Retry-After."
                errors={failure?.fieldErrors.rateLimitPerMinute}
              />
              <Button type="submit" disabled={busy}>
                {busy ? "Creating…" : "Create key"}
              </Button>
            </Form>
          </Card>
          {failure?.intent === "revoke" ? <FormError message={failure.formError} /> : null}
        </div>
      </div>
      <Toaster message={result?.ok ? { id: result.at, text: result.message } : null} />
    </>
  );
}
