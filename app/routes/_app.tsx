import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/shell/app-shell";
import { requireUser } from "~/lib/api.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, resHeaders } = await requireUser(request, context);
  return data({ user }, { headers: resHeaders });
}

export default function AppLayout() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <AppShell user={user}>
      <Outlet />
    </AppShell>
  );
}
