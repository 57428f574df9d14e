import { Link } from "@remix-run/react";
import type { DuplicateReason } from "../../../db/schema";

/** One open duplicate pair as seen from a customer: the other customer (as loader data delivers it). */
export interface DuplicateBannerMatch {
  pairId: string;
  reasons: DuplicateReason[];
  score: number;
  customer: { id: string; name: string; email: string | null; phone: string | null; country: string | null };
}

/** Why two customers look alike, in words: "same email, similar name (87%)". */
export function describeReasons(reasons: readonly string[], score: number): string {
  const parts = reasons.map((r) => (r === "name" ? `similar name (${Math.round(score * 100)}%)` : `same ${r}`));
  return parts.join(", ");
}

/** The URL of the merge page for two customers; `keep` is the one offered as the survivor. */
export function mergeHref(keep: string, other: string): string {
  return `/customers/merge?a=${encodeURIComponent(keep)}&b=${encodeURIComponent(other)}`;
}

/**
 * "Possible duplicate of …" for a customer's open duplicate pairs (customers.duplicatesOf), with a
 * link to each other record and, for admins, to the merge page. Renders nothing when there are none.
 */
export function DuplicateBanner({
  customerId,
  matches,
  canMerge,
}: {
  customerId: string;
  matches: readonly DuplicateBannerMatch[];
  canMerge: boolean;
}) {
  if (matches.length === 0) return null;
  return (
    <section
      aria-label="Possible duplicates"
      className="mb-4 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-300"
    >
      <ul className="space-y-1">
        {matches.map((m) => (
          <li key={m.pairId} className="flex flex-wrap items-baseline gap-x-2">
            <span>
              Possible duplicate of{" "}
              <Link to={`/customers/${m.customer.id}`} className="font-medium underline hover:text-amber-700">
                {m.customer.name}
              </Link>{" "}
              <span className="text-amber-800">({describeReasons(m.reasons, m.score)})</span>
            </span>
            {canMerge ? (
              <Link to={mergeHref(customerId, m.customer.id)} className="font-medium text-indigo-700 underline hover:text-indigo-900">
                Merge…
              </Link>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
