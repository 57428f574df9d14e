import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { apiFor } from "~/lib/api.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, resHeaders } = await apiFor(request, context);
  await api.auth.logout();
  return redirect("/login", { status: 303, headers: resHeaders });
}

export async function loader() {
  return redirect("/");
}
