import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import { Button } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/card";
import { FormError, TextField, useRevealFirstError } from "~/components/ui/field";
import { Toaster } from "~/components/ui/toast";
import { formFailure, requireUser } from "~/lib/api.server";
import { useSuccessKey } from "~/lib/success-key";
import { ROLE_LABELS } from "~/lib/roles";
import { PASSWORD_MIN_LENGTH } from "../../server/validation/fields";

export const meta: MetaFunction = () => [{ title: "My account · Frontline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  return { user };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context);
  const form = await request.formData();
  try {
    await api.auth.changePassword({
      currentPassword: String(form.get("currentPassword") ?? ""),
      newPassword: String(form.get("newPassword") ?? ""),
    });
    return data(
      { ok: true as const, intent: "changePassword", message: "Password changed. Your other sessions were signed out.", at: Date.now() },
      { headers: resHeaders },
    );
  } catch (error) {
    return formFailure(error, resHeaders);
  }
}

export default function Account() {
  const { user } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const failure = result && !result.ok ? result : null;
  const formKey = useSuccessKey(result, "changePassword");
  // A refused change puts focus on the field to fix (the disabled submit button dropped it).
  const formRef = useRef<HTMLFormElement>(null);
  useRevealFirstError(formRef, failure);
  return (
    <>
      <PageHeader title="My account" />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Profile">
          <dl className="grid grid-cols-3 gap-y-2 text-sm">
            <dt className="text-slate-500">Name</dt>
            <dd className="col-span-2">{user.name}</dd>
            <dt className="text-slate-500">Email</dt>
            <dd className="col-span-2">{user.email}</dd>
            <dt className="text-slate-500">Role</dt>
            <dd className="col-span-2">{ROLE_LABELS[user.role]}</dd>
          </dl>
        </Card>
        <Card title="Change password">
          <Form ref={formRef} method="post" noValidate className="space-y-4" key={formKey}>
            <FormError message={failure?.formError} />
            <TextField
              label="Current password"
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              required
              errors={failure?.fieldErrors.currentPassword}
            />
            <TextField
              label="New password"
              name="newPassword"
              type="password"
              autoComplete="new-password"
              required
              minLength={PASSWORD_MIN_LENGTH}
              hint={`At least ${PASSWORD_MIN_LENGTH} characters. Changing it signs out your other sessions.`}
              errors={failure?.fieldErrors.newPassword}
            />
            <Button type="submit" disabled={busy}>
              {busy ? "Saving…" : "Change password"}
            </Button>
          </Form>
        </Card>
      </div>
      <Toaster message={result?.ok ? { id: result.at, text: result.message } : null} />
    </>
  );
}
