import type { ReactNode } from "react";

export function Card({ title, actions, children }: { title?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      {title || actions ? (
        <header className="flex items-center justify-between gap-4 border-b border-slate-200 px-5 py-3">
          {title ? <h2 className="text-base font-semibold text-slate-900">{title}</h2> : <span />}
          {actions}
        </header>
      ) : null}
      <div className="p-5">{children}</div>
    </section>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        {/* Focusable from script only: the shell moves the keyboard here after a navigation that left it nowhere. */}
        <h1 tabIndex={-1} className="text-2xl font-semibold tracking-tight text-slate-900 focus:outline-none">
          {title}
        </h1>
        {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
      </div>
      {actions ? <div className="flex gap-2">{actions}</div> : null}
    </div>
  );
}

export function Badge({ tone = "slate", children }: { tone?: "slate" | "green" | "red" | "amber" | "indigo"; children: ReactNode }) {
  const tones = {
    slate: "bg-slate-100 text-slate-700 ring-slate-300",
    green: "bg-green-50 text-green-800 ring-green-300",
    red: "bg-red-50 text-red-800 ring-red-300",
    amber: "bg-amber-50 text-amber-800 ring-amber-300",
    indigo: "bg-indigo-50 text-indigo-800 ring-indigo-300",
  };
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}>
      {children}
    </span>
  );
}

/** A number with its label and an optional line under it, inside a `<dl>`: the totals on the wall and the quality page. */
export function StatTile({
  label,
  value,
  tone = "slate",
  size = "md",
  children,
}: {
  label: string;
  value: ReactNode;
  tone?: "slate" | "red" | "green";
  /** "lg" for a wall read from across the room. */
  size?: "md" | "lg";
  children?: ReactNode;
}) {
  const color = tone === "red" ? "text-red-700" : tone === "green" ? "text-green-700" : "text-slate-900";
  return (
    <div className="rounded-lg bg-white px-4 py-3 shadow-sm ring-1 ring-slate-200">
      <dt className="text-sm text-slate-600">{label}</dt>
      {/* Kept on one line from sm up; on a phone a long value ("24 min 56 s") may wrap rather than leave its tile. */}
      <dd className={`mt-1 font-semibold tabular-nums sm:whitespace-nowrap ${size === "lg" ? "text-xl sm:text-2xl" : "text-lg"} ${color}`}>{value}</dd>
      {children ? <dd className="mt-0.5 text-xs text-slate-500">{children}</dd> : null}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 px-6 py-10 text-center">
      <p className="font-medium text-slate-800">{title}</p>
      {children ? <div className="mt-1 text-sm text-slate-600">{children}</div> : null}
    </div>
  );
}
