import { Card } from "~/components/ui/card";
import { fieldLabel, historyValue, MERGED_FROM } from "./crm-labels";

export interface HistoryView {
  id: number;
  field: string;
  oldValue: unknown;
  newValue: unknown;
  changedBy: string | null;
  changedWhen: string;
  changedAt: string;
}

/** Field history: who changed which tracked field, when, from what to what (newest first). */
export function CustomerHistoryCard({ history, customLabels }: { history: HistoryView[]; customLabels: Record<string, string> }) {
  return (
    <Card title="Field history">
      {history.length === 0 ? (
        <p className="text-sm text-slate-500">No field has been changed since the record was created.</p>
      ) : (
        <ol className="space-y-3 text-sm" aria-label="Field changes, newest first">
          {history.map((h) => (
            <li key={h.id}>
              <p className="text-slate-900">
                <span className="font-medium">{fieldLabel(h.field, customLabels)}</span>
                <span className="text-slate-500"> · {h.changedBy ?? "System"}</span>
              </p>
              {h.field === MERGED_FROM ? (
                <p className="break-words text-slate-700">{historyValue(h.newValue)}</p>
              ) : (
                <p className="break-words text-slate-700">
                  <span className="text-slate-500 line-through decoration-slate-300">{historyValue(h.oldValue)}</span>
                  <span aria-label="changed to"> → </span>
                  <span>{historyValue(h.newValue)}</span>
                </p>
              )}
              <time dateTime={h.changedAt} className="text-xs text-slate-500">
                {h.changedWhen}
              </time>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
