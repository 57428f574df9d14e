import { Link } from "@remix-run/react";
import { EmptyState } from "~/components/ui/card";
import { formatInstant } from "~/lib/format";

export interface AuditRow {
  id: number;
  at: string;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  entity_label: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

/** What a change did: only the keys that differ between before and after. */
export function describeChange(before: unknown, after: unknown): string {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const changed = keys.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  return changed
    .map((k) => (k in b ? `${k}: ${JSON.stringify(b[k])} → ${JSON.stringify(a[k])}` : `${k}: ${JSON.stringify(a[k])}`))
    .join("; ");
}

/** Where a record of each type is shown, when it has a page. */
const RECORD_PATHS: Record<string, (id: string) => string> = {
  user: (id) => `/admin/users/${id}`,
};

function RecordLink({ type, id, label }: { type: string; id: string | null; label: string | null }) {
  const text = label ?? (id ? `${type} ${id.slice(0, 8)}` : type);
  const path = id ? RECORD_PATHS[type]?.(id) : undefined;
  return (
    <span className="text-xs">
      <span className="mr-1 text-slate-500">{type}</span>
      {path ? (
        <Link to={path} className="text-indigo-700 hover:underline">
          {text}
        </Link>
      ) : (
        text
      )}
    </span>
  );
}

/** `zone` is the viewer's (from the loader), so the server and the browser write the same times. */
export function AuditTable({ entries, zone, showEntity = true }: { entries: AuditRow[]; zone: string; showEntity?: boolean }) {
  if (entries.length === 0) return <EmptyState title="Nothing recorded yet" />;
  return (
    <div className="relative overflow-x-auto">
      <table className="min-w-full text-sm">
        <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-2 pr-4 font-medium">
              When <span className="normal-case tracking-normal">({zone})</span>
            </th>
            <th className="py-2 pr-4 font-medium">Who</th>
            <th className="py-2 pr-4 font-medium">Action</th>
            {showEntity ? <th className="py-2 pr-4 font-medium">Record</th> : null}
            <th className="py-2 pr-4 font-medium">Change</th>
            <th className="py-2 font-medium">From</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {entries.map((e) => (
            <tr key={e.id}>
              <td className="whitespace-nowrap py-2 pr-4 text-slate-600">{formatInstant(e.at, zone)}</td>
              <td className="py-2 pr-4">{e.actor_label}</td>
              <td className="py-2 pr-4 font-mono text-xs">{e.action}</td>
              {showEntity ? (
                <td className="py-2 pr-4">
                  <RecordLink type={e.entity_type} id={e.entity_id} label={e.entity_label} />
                </td>
              ) : null}
              <td className="max-w-md break-words py-2 pr-4 text-slate-700">{describeChange(e.before, e.after) || "—"}</td>
              <td className="py-2 font-mono text-xs text-slate-500">{e.ip ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
