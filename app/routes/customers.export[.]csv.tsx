import type { LoaderFunctionArgs } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { requireUser } from "~/lib/api.server";
import { customerListParams, listFilters } from "~/lib/customer-list-params";

/**
 * GET /customers/export.csv?<the list's or search's parameters>: every row of that list or search
 * as CSV, streamed. Only admins: the customers.exportCsv procedure refuses everyone else (403).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context);
  const params = customerListParams(new URL(request.url).searchParams);
  let chunks: AsyncIterable<string>;
  try {
    chunks = await api.customers.exportCsv(
      params.q ? { q: params.q, includeArchived: params.includeArchived } : listFilters(params),
    );
  } catch (error) {
    if (error instanceof TRPCError) {
      const message = error.code === "FORBIDDEN" ? "Only an admin may export customers." : error.message;
      const headers = new Headers(resHeaders);
      headers.set("Content-Type", "text/plain; charset=utf-8");
      return new Response(message, { status: getHTTPStatusCodeFromError(error), headers });
    }
    throw error;
  }
  const iterator = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    // The download was abandoned: end the export (its audit entry says how many rows went out).
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
  const headers = new Headers(resHeaders);
  headers.set("Content-Type", "text/csv; charset=utf-8");
  headers.set("Content-Disposition", `attachment; filename="customers-${new Date().toISOString().slice(0, 10)}.csv"`);
  headers.set("Cache-Control", "no-store");
  return new Response(body, { headers });
}
