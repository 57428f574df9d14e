import type { LoaderFunctionArgs } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { requireUser } from "~/lib/api.server";

/**
 * GET /customers/<id>/export.json: everything kept about one customer, as a JSON file (for a
 * data-subject access request). Only admins: customers.exportRecord refuses everyone else (403).
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context);
  try {
    const record = await api.customers.exportRecord({ customerId: params.customerId ?? "" });
    const headers = new Headers(resHeaders);
    headers.set("Content-Type", "application/json; charset=utf-8");
    headers.set("Content-Disposition", `attachment; filename="customer-${record.customer.id}.json"`);
    headers.set("Cache-Control", "no-store");
    return new Response(JSON.stringify(record, null, 2), { headers });
  } catch (error) {
    if (error instanceof TRPCError) {
      const message = error.code === "FORBIDDEN" ? "Only an admin may export a customer's record." : error.message;
      const headers = new Headers(resHeaders);
      headers.set("Content-Type", "text/plain; charset=utf-8");
      return new Response(message, { status: getHTTPStatusCodeFromError(error), headers });
    }
    throw error;
  }
}
