import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { withReadablePhoneChanges } from "~/components/crm/crm-choices.server";
import { timelineEntries, type TimelineEntry } from "~/components/crm/crm-labels";
import { requireUser } from "~/lib/api.server";
import { viewerZoneFrom } from "~/lib/viewer-zone";

export interface TimelinePageData {
  /** The cursor this page was asked for. */
  before: string;
  items: TimelineEntry[];
  nextCursor: string | null;
  error: string | null;
}

const PAGE_SIZE = 25;

/** GET /customers/:id/timeline?before=… — an older page of the customer's timeline (the "Load older" button). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  // A person who opens this address (a shared or bookmarked link) gets the customer's page, not raw data.
  if (request.headers.get("Sec-Fetch-Dest") === "document") return redirect(`/customers/${encodeURIComponent(params.customerId ?? "")}`);
  const { api, resHeaders } = await requireUser(request, context);
  const before = new URL(request.url).searchParams.get("before") ?? "";
  try {
    const [page, customFields] = await Promise.all([
      api.customers.timeline({ customerId: params.customerId ?? "", before: before || null, limit: PAGE_SIZE }),
      api.customFields.list({ entityType: "customer" }),
    ]);
    const customLabels = Object.fromEntries(customFields.map((f) => [f.key, f.label]));
    return data<TimelinePageData>(
      { before, items: timelineEntries(withReadablePhoneChanges(page.items), viewerZoneFrom(request), customLabels), nextCursor: page.nextCursor, error: null },
      { headers: resHeaders },
    );
  } catch (error) {
    // As data, so the page around the button stays and says what went wrong.
    const message =
      error instanceof TRPCError && (error.code === "BAD_REQUEST" || error.code === "NOT_FOUND")
        ? error.message
        : "Older entries could not be loaded. Try again in a moment.";
    if (!(error instanceof TRPCError)) console.error("timeline page failed", error);
    return data<TimelinePageData>({ before, items: [], nextCursor: before || null, error: message }, { headers: resHeaders });
  }
}
