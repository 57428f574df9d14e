import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { AuditTable } from "~/components/audit/audit-table";
import { useRef } from "react";
import { Button } from "~/components/ui/button";
import { Badge, Card, PageHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { FormError, SelectField, TextField, useRevealFirstError } from "~/components/ui/field";
import { Toaster } from "~/components/ui/toast";
import { formFailure, requireUser } from "~/lib/api.server";
import { useSuccessKey } from "~/lib/success-key";
import { formatInstant } from "~/lib/format";
import { ROLE_LABELS } from "~/lib/roles";
import { viewerZoneFrom } from "~/lib/viewer-zone";
import { ROLES, type Role } from "../../db/roles";
import { PASSWORD_MIN_LENGTH } from "../../server/validation/fields";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.user.name ?? "User"} · Users · Frontline` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { api, user: me, resHeaders } = await requireUser(request, context, ["admin"]);
  const userId = params.userId ?? "";
  try {
    const [user, audit] = await Promise.all([
      api.users.get({ userId }),
      api.audit.list({ entityType: "user", entityId: userId, limit: 20 }),
    ]);
    return data({ user: { ...user, disabled: user.disabled_at !== null }, audit: audit.entries, isMe: me.id === user.id, zone: viewerZoneFrom(request) }, { headers: resHeaders });
  } catch {
    throw data("No such user.", { status: 404 });
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["admin"]);
  const userId = params.userId ?? "";
  const form = await request.formData();
  const intent = form.get("intent");
  const ok = (message: string) => data({ ok: true as const, intent, message, at: Date.now() }, { headers: resHeaders });
  try {
    if (intent === "role") {
      const role = String(form.get("role")) as Role;
      await api.users.setRole({ userId, role });
      return ok(`Role changed to ${ROLE_LABELS[role] ?? role}.`);
    }
    if (intent === "disable" || intent === "enable") {
      await api.users.setDisabled({ userId, disabled: intent === "disable" });
      return ok(intent === "disable" ? "User disabled and signed out everywhere." : "User enabled.");
    }
    if (intent === "password") {
      await api.users.resetPassword({ userId, password: String(form.get("password") ?? "") });
      return ok("Password reset. Their sessions were signed out.");
    }
    return data(
      { ok: false as const, intent, formError: "Unknown action.", fieldErrors: {} as Record<string, string[] | undefined> },
      { status: 400 },
    );
  } catch (error) {
    return formFailure(error, resHeaders, { intent });
  }
}

export default function UserDetail() {
  const { user, audit, isMe, zone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const busyIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const failure = result && !result.ok ? result : null;
  const passwordKey = useSuccessKey(result, "password");
  const failureFor = (intent: string) => (failure?.intent === intent ? failure : null);
  const passwordForm = useRef<HTMLFormElement>(null);
  useRevealFirstError(passwordForm, failureFor("password"));

  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/admin/users" className="text-indigo-700 hover:underline">
          ← Users
        </Link>
      </p>
      <PageHeader
        title={user.name}
        description={
          <span className="flex items-center gap-2">
            {user.email} · {ROLE_LABELS[user.role]}
            {user.disabled ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Active</Badge>}
          </span>
        }
        actions={
          user.disabled ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="enable" />
              <Button type="submit" variant="secondary" disabled={busyIntent === "enable"}>
                Enable user
              </Button>
            </Form>
          ) : isMe ? null : (
            <ConfirmDialog
              trigger={<Button variant="danger">Disable user</Button>}
              title={`Disable ${user.name}?`}
              description="They are signed out everywhere at once and cannot sign in until enabled again. Their records stay."
              confirmLabel="Disable"
              onConfirm={() => submit({ intent: "disable" }, { method: "post" })}
            />
          )
        }
      />
      <FormError message={failureFor("disable")?.formError ?? failureFor("enable")?.formError} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Role">
          <Form method="post" noValidate className="space-y-4">
            <input type="hidden" name="intent" value="role" />
            <FormError message={failureFor("role")?.formError} />
            <SelectField
              label="Role"
              name="role"
              defaultValue={user.role}
              options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
              errors={failureFor("role")?.fieldErrors.role}
              hint="Takes effect on their next request."
            />
            <Button type="submit" disabled={busyIntent === "role"}>
              Save role
            </Button>
          </Form>
        </Card>
        <Card title="Reset password">
          <Form ref={passwordForm} method="post" noValidate className="space-y-4" key={passwordKey}>
            <input type="hidden" name="intent" value="password" />
            <FormError message={failureFor("password")?.formError} />
            <TextField
              label="New password"
              name="password"
              type="password"
              autoComplete="new-password"
              required
              minLength={PASSWORD_MIN_LENGTH}
              hint="Signs them out everywhere. Share the new password privately."
              errors={failureFor("password")?.fieldErrors.password}
            />
            <Button type="submit" disabled={busyIntent === "password"}>
              Reset password
            </Button>
          </Form>
        </Card>
      </div>
      <div className="mt-6">
        <Card title="History">
          <p className="mb-3 text-xs text-slate-500">Created {formatInstant(user.created_at, zone)}</p>
          <AuditTable entries={audit} zone={zone} showEntity={false} />
        </Card>
      </div>
      <Toaster message={result?.ok ? { id: result.at, text: result.message } : null} />
    </>
  );
}
