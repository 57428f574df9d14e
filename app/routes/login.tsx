import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { FormError, TextField } from "~/components/ui/field";
import { apiFor, formFailure } from "~/lib/api.server";
import { homePathFor } from "~/lib/roles";
import { safeRedirect } from "~/lib/safe-redirect";

export const meta: MetaFunction = () => [{ title: "Sign in · Frontline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, resHeaders } = await apiFor(request, context);
  if (user) throw redirect(homePathFor(user.role), { headers: resHeaders });
  return data(null, { headers: resHeaders });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { api, resHeaders } = await apiFor(request, context);
  try {
    const { user } = await api.auth.login({
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    });
    return redirect(safeRedirect(form.get("redirectTo")) ?? homePathFor(user.role), {
      status: 303,
      headers: resHeaders,
    });
  } catch (error) {
    return formFailure(error, resHeaders);
  }
}

export default function Login() {
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const busy = navigation.state !== "idle";
  return (
    <main className="flex min-h-full items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <p className="text-sm font-semibold uppercase tracking-widest text-indigo-700">Frontline</p>
          <h1 className="mt-2 text-2xl font-semibold">Sign in</h1>
          <p className="mt-1 text-sm text-slate-600">Human support, staffed and scheduled.</p>
        </div>
        <Form method="post" className="space-y-4 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200" noValidate>
          <FormError message={failure?.formError} />
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <TextField
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            errors={failure?.fieldErrors.email}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            errors={failure?.fieldErrors.password}
          />
          <Button type="submit" className="w-full" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </Button>
        </Form>
      </div>
    </main>
  );
}
