import { Button } from "~/components/ui/button";
import { Badge, EmptyState } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { formatPercent, qaTone } from "./quality-format";

interface Scorecard {
  id: string;
  reviewerId: string;
  reviewerName: string;
  comment: string | null;
  scorePercent: number;
  autoFailed: boolean;
  when: string;
  edited: boolean;
  items: { criterionId: string; name: string; kind: "points" | "pass_fail"; maxPoints: number; weight: number; critical: boolean; points: number | null }[];
}

function answer(i: Scorecard["items"][number]): string {
  if (i.points === null) return "N/A";
  if (i.kind === "pass_fail") return i.points === 1 ? "Pass" : "Fail";
  return `${i.points} / ${i.maxPoints}`;
}

/** The scorecards of one interaction, each with its answers as scored (criteria as they were then). */
export function ScorecardList({
  scorecards,
  canDelete,
  busy,
  onDelete,
}: {
  scorecards: Scorecard[];
  canDelete: (s: Scorecard) => boolean;
  busy: boolean;
  onDelete: (scorecardId: string) => void;
}) {
  if (scorecards.length === 0) return <EmptyState title="Not scored yet">A supervisor's scorecard will show here.</EmptyState>;
  return (
    <ul className="space-y-5" aria-label="Scorecards">
      {scorecards.map((s) => (
        <li key={s.id} className="rounded-md border border-slate-200 p-4" data-testid="scorecard">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-sm">
              <span className="font-medium text-slate-900">{s.reviewerName}</span>
              <span className="ml-2 text-xs text-slate-500">
                {s.edited ? "edited " : ""}
                {s.when}
              </span>
            </p>
            <div className="flex items-center gap-2">
              {s.autoFailed ? <Badge tone="red">Critical criterion failed</Badge> : null}
              <Badge tone={qaTone(s.scorePercent)}>{formatPercent(s.scorePercent, 2)}</Badge>
              {canDelete(s) ? (
                <ConfirmDialog
                  trigger={
                    <Button type="button" variant="ghost" size="sm" disabled={busy}>
                      Delete
                    </Button>
                  }
                  title="Delete this scorecard?"
                  description={`${s.reviewerName}'s scorecard (${formatPercent(s.scorePercent, 2)}) leaves the agent's QA average. This cannot be undone.`}
                  confirmLabel="Delete scorecard"
                  cancelLabel="Keep it"
                  onConfirm={() => onDelete(s.id)}
                />
              ) : null}
            </div>
          </div>
          {s.comment ? <p className="mt-2 whitespace-pre-line text-sm text-slate-700">{s.comment}</p> : null}
          <table className="mt-3 w-full text-sm">
            <caption className="sr-only">Answers of {s.reviewerName}'s scorecard</caption>
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Criterion
                </th>
                <th scope="col" className="py-1 pr-3 text-right font-medium">
                  Weight
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  Score
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {s.items.map((i) => (
                <tr key={i.criterionId}>
                  <td className="py-1 pr-3 text-slate-800">
                    {i.name}
                    {i.critical ? <span className="ml-1 text-xs text-red-700">(critical)</span> : null}
                  </td>
                  <td className="py-1 pr-3 text-right tabular-nums text-slate-600">{i.weight}</td>
                  <td className="py-1 text-right tabular-nums">{answer(i)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </li>
      ))}
    </ul>
  );
}
