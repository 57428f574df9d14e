import { Link, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { TimelinePageData } from "~/routes/_app.customers.$customerId.timeline";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/card";
import type { TimelineEntry } from "./crm-labels";

const KIND_STYLE: Record<TimelineEntry["kind"], { label: string; dot: string }> = {
  case_opened: { label: "Case opened", dot: "bg-amber-500" },
  case_closed: { label: "Case closed", dot: "bg-green-600" },
  note: { label: "Note", dot: "bg-indigo-500" },
  field_change: { label: "Field change", dot: "bg-slate-400" },
  interaction: { label: "Interaction", dot: "bg-sky-500" },
};

/**
 * One timeline of everything that happened to the customer, newest first. The
 * first page comes with the page; "Load older" fetches the next page by its
 * cursor. When the first page changes (a note was added), older pages are
 * dropped, since their cursor was taken from the old first page.
 */
export function CustomerTimeline({
  customerId,
  first,
  qualityLinks = false,
}: {
  customerId: string;
  first: { items: TimelineEntry[]; nextCursor: string | null };
  /** Interactions link to their quality page (scorecards, scoring), for supervisors. */
  qualityLinks?: boolean;
}) {
  const fetcher = useFetcher<TimelinePageData>();
  const [older, setOlder] = useState<TimelineEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(first.nextCursor);
  const [error, setError] = useState<string | null>(null);
  // The first entry of the page just loaded takes focus: the pressed button was disabled meanwhile, or is gone at the end.
  const [focusAt, setFocusAt] = useState<number | null>(null);
  const focusRef = useRef<HTMLLIElement>(null);
  const firstKey = `${first.items[0]?.ref.id ?? ""}|${first.items[0]?.at ?? ""}|${first.nextCursor ?? ""}|${first.items.length}`;

  useEffect(() => {
    setOlder([]);
    setCursor(first.nextCursor);
    setError(null);
    setFocusAt(null);
    // Reset only when the first page really changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [firstKey, customerId]);

  useEffect(() => {
    const page = fetcher.data;
    if (!page || fetcher.state !== "idle" || page.before !== cursor) return;
    if (page.error) {
      setError(page.error);
      return;
    }
    setError(null);
    if (page.items.length) setFocusAt(first.items.length + older.length);
    setOlder((items) => [...items, ...page.items]);
    setCursor(page.nextCursor);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.data, fetcher.state]);

  const items = [...first.items, ...older];
  const loading = fetcher.state !== "idle";

  useEffect(() => {
    if (focusAt !== null) focusRef.current?.focus();
  }, [focusAt]);

  if (items.length === 0) {
    return <EmptyState title="Nothing has happened yet">Cases, notes and changes to this customer will show here, newest first.</EmptyState>;
  }

  return (
    <div>
      <ol className="relative space-y-4 border-l border-slate-200 pl-5" aria-label="Timeline, newest first" data-testid="customer-timeline">
        {items.map((item, index) => {
          const style = KIND_STYLE[item.kind];
          return (
            <li
              key={`${item.kind}-${item.ref.id}-${item.at}`}
              ref={index === focusAt ? focusRef : undefined}
              tabIndex={index === focusAt ? -1 : undefined}
              className="relative outline-none focus-visible:ring-2 focus-visible:ring-indigo-600"
            >
              <span className={`absolute -left-[1.6rem] top-1.5 h-2.5 w-2.5 rounded-full ring-4 ring-white ${style.dot}`} aria-hidden="true" />
              <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                <p className="text-sm font-medium text-slate-900">
                  <span className="sr-only">{style.label}: </span>
                  {item.title}
                </p>
                <time dateTime={item.at} className="shrink-0 text-xs text-slate-500">
                  {item.when}
                </time>
              </div>
              {item.detail ? <p className="mt-0.5 whitespace-pre-line text-sm text-slate-600">{item.detail}</p> : null}
              {qualityLinks && item.kind === "interaction" ? (
                <Link to={`/quality/interactions/${item.ref.id}`} className="mt-0.5 inline-block text-xs font-medium text-indigo-700 hover:underline">
                  Quality and scorecards<span className="sr-only">: {item.title}</span>
                </Link>
              ) : null}
            </li>
          );
        })}
      </ol>
      <div className="mt-4 flex items-center gap-3">
        {cursor ? (
          <Button
            variant="secondary"
            size="sm"
            disabled={loading}
            onClick={() => fetcher.load(`/customers/${customerId}/timeline?before=${encodeURIComponent(cursor)}`)}
          >
            {loading ? "Loading…" : "Load older"}
          </Button>
        ) : (
          <p className="text-xs text-slate-500">That is everything: the first entry is the oldest.</p>
        )}
        {error ? (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}
