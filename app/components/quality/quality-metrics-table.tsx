import type { ReactNode } from "react";
import { Badge } from "~/components/ui/card";
import type { QualityMetrics } from "./quality-types";
import { formatAverage, formatDuration, formatPercent, qaTone } from "./quality-format";

export interface MetricsRow extends QualityMetrics {
  key: string;
  /** The first cell: an agent's name (a link), or a shift's times. */
  label: ReactNode;
  sublabel?: ReactNode;
}

const TH_LOOK = "whitespace-nowrap px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-500";
const TH = `${TH_LOOK} text-right`;
// The first column stays put while the numbers scroll sideways on a narrow screen; its hairline edge shows
// that a number passing under it is covered, not cut.
const TD = "whitespace-nowrap px-3 py-2 text-right tabular-nums text-slate-800";

function Count({ n }: { n: number }) {
  return <span className="ml-1 text-xs text-slate-500">({n})</span>;
}

/** One row per agent or per shift, and the totals: the numbers the quality page is about. */
export function QualityMetricsTable({
  caption,
  firstHeader,
  rows,
  totals,
}: {
  caption: string;
  firstHeader: string;
  rows: MetricsRow[];
  totals?: QualityMetrics;
}) {
  const cells = (m: QualityMetrics) => (
    <>
      <td className={TD}>{m.interactions}</td>
      <td className={TD}>{formatDuration(m.avgHandleSeconds)}</td>
      <td className={TD}>
        {formatPercent(m.fcrPercent, 0)}
        {m.firstContacts ? <Count n={m.firstContacts} /> : null}
      </td>
      <td className={TD}>
        {formatAverage(m.csatAverage)}
        {m.csatResponses ? <Count n={m.csatResponses} /> : null}
      </td>
      <td className={TD}>
        {m.qaAverage === null ? "—" : <Badge tone={qaTone(m.qaAverage)}>{formatPercent(m.qaAverage)}</Badge>}
        {m.qaScorecards ? <Count n={m.qaScorecards} /> : null}
      </td>
      <td className={TD}>{formatDuration(m.waitMedianSeconds)}</td>
      <td className={TD}>{formatDuration(m.waitP90Seconds)}</td>
      <td className={TD}>
        {formatPercent(m.slaMetPercent, 0)}
        {m.slaCounted ? <Count n={m.slaCounted} /> : null}
      </td>
    </>
  );
  return (
    <div className="relative overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className={`${TH_LOOK} sticky left-0 bg-white text-left shadow-[inset_-1px_0_0_0_#e2e8f0]`}>
              {firstHeader}
            </th>
            <th scope="col" className={TH}>
              Interactions
            </th>
            <th scope="col" className={TH}>
              Handle time
            </th>
            <th scope="col" className={TH} title="First-contact resolution (first contacts)">
              FCR
            </th>
            <th scope="col" className={TH} title="Average CSAT, 1–5 (answers)">
              CSAT
            </th>
            <th scope="col" className={TH} title="Average QA score (scorecards)">
              QA score
            </th>
            <th scope="col" className={TH}>
              Wait median
            </th>
            <th scope="col" className={TH}>
              Wait p90
            </th>
            <th scope="col" className={TH} title="Handoffs accepted within their SLA (handoffs counted)">
              SLA met
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.key} className="group hover:bg-slate-50">
              <th scope="row" className="sticky left-0 whitespace-nowrap bg-white px-3 py-2 text-left font-medium text-slate-900 shadow-[inset_-1px_0_0_0_#e2e8f0] group-hover:bg-slate-50">
                {r.label}
                {r.sublabel ? <span className="block text-xs font-normal text-slate-500">{r.sublabel}</span> : null}
              </th>
              {cells(r)}
            </tr>
          ))}
        </tbody>
        {totals ? (
          <tfoot className="border-t-2 border-slate-300 bg-slate-50 font-medium">
            <tr>
              <th scope="row" className="sticky left-0 bg-slate-50 px-3 py-2 text-left text-slate-900 shadow-[inset_-1px_0_0_0_#e2e8f0]">
                All
              </th>
              {cells(totals)}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
