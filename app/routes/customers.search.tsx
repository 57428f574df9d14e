import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { displayPhone } from "~/components/crm/crm-choices.server";
import { requireUser } from "~/lib/api.server";

/** Hits shown in the shell's search box: the first page of search.customers, phones formatted for reading. */
const LIMIT = 8;

export interface CustomerSearchResult {
  q: string;
  items: {
    id: string;
    kind: "person" | "company";
    name: string;
    email: string | null;
    phone: string | null;
    country: string | null;
    match: "name" | "email" | "phone" | "external_id";
  }[];
  more: boolean;
  error: string | null;
}

/** GET /customers/search?q=… — used by the search box with a fetcher; any signed-in role. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 200);
  const headers = new Headers(resHeaders);
  headers.set("Cache-Control", "private, no-store");
  if (!q) return data<CustomerSearchResult>({ q, items: [], more: false, error: null }, { headers });
  try {
    const page = await api.search.customers({ q, limit: LIMIT });
    return data<CustomerSearchResult>(
      {
        q,
        items: page.items.map((hit) => ({
          id: hit.id,
          kind: hit.kind,
          name: hit.name,
          email: hit.email,
          phone: displayPhone(hit.phone),
          country: hit.country,
          match: hit.match,
        })),
        more: page.next !== null,
        error: null,
      },
      { headers },
    );
  } catch (error) {
    // Answered as data, not thrown: a failed lookup must not replace the page around the box with an error page.
    const message =
      error instanceof TRPCError && error.code === "BAD_REQUEST" ? error.message : "Search is not available right now. Try again in a moment.";
    if (!(error instanceof TRPCError && error.code === "BAD_REQUEST")) console.error("customer search failed", error);
    return data<CustomerSearchResult>({ q, items: [], more: false, error: message }, { headers });
  }
}
