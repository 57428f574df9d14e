import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/api.server";

export interface AgentLookupResult {
  q: string;
  items: { id: string; name: string; teamName: string | null }[];
}

/** GET /agents/lookup?q=… — colleagues a case can be given to (agents.directory), for the owner picker. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["agent", "supervisor"]);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 100);
  const headers = new Headers(resHeaders);
  headers.set("Cache-Control", "private, no-store");
  const items = await api.agents.directory({ q: q || undefined, limit: 12 });
  return data<AgentLookupResult>({ q, items }, { headers });
}
