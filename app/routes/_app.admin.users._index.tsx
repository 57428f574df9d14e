import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { useRef } from "react";
import { Button } from "~/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "~/components/ui/card";
import { FormError, SelectField, TextField, useRevealFirstError } from "~/components/ui/field";
import { Toaster } from "~/components/ui/toast";
import { formFailure, requireUser } from "~/lib/api.server";
import { useSuccessKey } from "~/lib/success-key";
import { formatAgo, formatInstant } from "~/lib/format";
import { ROLE_LABELS } from "~/lib/roles";
import { viewerZoneFrom } from "~/lib/viewer-zone";
import { ROLES, type Role } from "../../db/roles";
import { PASSWORD_MIN_LENGTH } from "../../server/validation/fields";

export const meta: MetaFunction = () => [{ title: "Users · Frontline" }];

const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["admin"]);
  const url = new URL(request.url);
  const role = url.searchParams.get("role");
  const status = url.searchParams.get("status");
  const page = await api.users.list({
    search: url.searchParams.get("q") || undefined,
    role: ROLES.includes(role as Role) ? (role as Role) : undefined,
    status: status === "active" || status === "disabled" ? status : "all",
    after: url.searchParams.get("after") || undefined,
    limit: 50,
  });
  const zone = viewerZoneFrom(request);
  // "3 minutes ago" is worked out here once, so the browser does not redraw it a minute later while hydrating.
  const lastSignIn = (at: string | Date | null) => (at ? { ago: formatAgo(at), exact: formatInstant(at, zone) } : null);
  return data(
    { ...page, users: page.users.map((u) => ({ ...u, disabled: u.disabled_at !== null, lastSignIn: lastSignIn(u.last_sign_in_at) })), zone },
    { headers: resHeaders },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["admin"]);
  const form = await request.formData();
  try {
    const user = await api.users.create({
      email: String(form.get("email") ?? ""),
      name: String(form.get("name") ?? ""),
      role: String(form.get("role") ?? "") as Role,
      password: String(form.get("password") ?? ""),
    });
    return data({ ok: true as const, intent: "create", message: `Created ${user.email}.`, at: Date.now() }, { headers: resHeaders });
  } catch (error) {
    return formFailure(error, resHeaders);
  }
}

export default function Users() {
  const { users, nextCursor, zone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : null;
  const createForm = useRef<HTMLFormElement>(null);
  useRevealFirstError(createForm, failure);
  const createKey = useSuccessKey(result, "create");
  const navigation = useNavigation();
  const submit = useSubmit();
  const [params] = useSearchParams();
  const creating = navigation.state === "submitting" && navigation.formMethod === "POST";
  const loading = navigation.state === "loading" && navigation.location?.pathname === "/admin/users";
  const nextParams = new URLSearchParams(params);
  if (nextCursor) nextParams.set("after", nextCursor);

  return (
    <>
      <PageHeader title="Users" description="Who can sign in, with which role. Every change is written to the audit log." />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <Card title="All users">
          <Form method="get" role="search" className="mb-4 flex flex-wrap gap-2" onChange={(e) => submit(e.currentTarget, { replace: true })}>
            <label className="sr-only" htmlFor="user-search">
              Search users
            </label>
            <input
              id="user-search"
              name="q"
              type="search"
              defaultValue={params.get("q") ?? ""}
              placeholder="Search name or email"
              className="min-w-0 flex-1 rounded-md border-0 px-3 py-1.5 text-sm ring-1 ring-inset ring-slate-300"
            />
            <label className="sr-only" htmlFor="role-filter">
              Role
            </label>
            <select
              id="role-filter"
              name="role"
              defaultValue={params.get("role") ?? ""}
              className="rounded-md border-0 py-1.5 pl-2 pr-8 text-sm ring-1 ring-inset ring-slate-300"
            >
              <option value="">All roles</option>
              {roleOptions.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            <label className="sr-only" htmlFor="status-filter">
              Status
            </label>
            <select
              id="status-filter"
              name="status"
              defaultValue={params.get("status") ?? ""}
              className="rounded-md border-0 py-1.5 pl-2 pr-8 text-sm ring-1 ring-inset ring-slate-300"
            >
              <option value="">Any status</option>
              <option value="active">Active</option>
              <option value="disabled">Disabled</option>
            </select>
          </Form>
          {users.length === 0 ? (
            <EmptyState title="No users match">Try another search, or clear the filters.</EmptyState>
          ) : (
            <div className={`relative overflow-x-auto ${loading ? "opacity-60" : ""}`} aria-busy={loading}>
              <table className="min-w-full text-sm">
                <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th className="py-2 pr-4 font-medium">Name</th>
                    <th className="py-2 pr-4 font-medium">Email</th>
                    <th className="py-2 pr-4 font-medium">Role</th>
                    <th className="py-2 pr-4 font-medium">Status</th>
                    <th className="py-2 font-medium">Last sign-in</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {users.map((u) => (
                    <tr key={u.id} className="hover:bg-slate-50">
                      <td className="py-2 pr-4">
                        <Link to={`/admin/users/${u.id}`} className="font-medium text-indigo-700 hover:underline">
                          {u.name}
                        </Link>
                      </td>
                      <td className="py-2 pr-4">{u.email}</td>
                      <td className="py-2 pr-4">{ROLE_LABELS[u.role]}</td>
                      <td className="py-2 pr-4">
                        {u.disabled ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Active</Badge>}
                      </td>
                      <td className="py-2 text-slate-600">{u.lastSignIn ? <span title={`${u.lastSignIn.exact} (${zone})`}>{u.lastSignIn.ago}</span> : "Never"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="mt-4 flex justify-between text-sm">
            {params.get("after") ? (
              <Link to="?" className="text-indigo-700 hover:underline">
                ← First page
              </Link>
            ) : (
              <span />
            )}
            {nextCursor ? (
              <Link to={`?${nextParams}`} className="text-indigo-700 hover:underline">
                Next page →
              </Link>
            ) : null}
          </div>
        </Card>

        <Card title="Add a user">
          <Form ref={createForm} method="post" noValidate className="space-y-4" key={createKey}>
            <FormError message={failure?.formError} />
            <TextField label="Name" name="name" required errors={failure?.fieldErrors.name} />
            <TextField label="Email" name="email" type="email" required errors={failure?.fieldErrors.email} />
            <SelectField label="Role" name="role" defaultValue="agent" options={roleOptions} errors={failure?.fieldErrors.role} />
            <TextField
              label="Initial password"
              name="password"
              type="password"
              autoComplete="new-password"
              required
              minLength={PASSWORD_MIN_LENGTH}
              hint={`At least ${PASSWORD_MIN_LENGTH} characters. Share it privately; they can change it under My account.`}
              errors={failure?.fieldErrors.password}
            />
            <Button type="submit" disabled={creating}>
              {creating ? "Adding…" : "Add user"}
            </Button>
          </Form>
        </Card>
      </div>
      <Toaster message={result?.ok ? { id: result.at, text: result.message } : null} />
    </>
  );
}
