import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Card, StatTile } from "~/components/ui/card";
import type { NavItem } from "~/lib/roles";

/**
 * One data source of the home page, as the loader hands it over: its data, or
 * the sentence to show in its card when it failed (the other cards still render).
 */
export type Loaded<T> = { ok: true; data: T } | { ok: false; error: string };

/** The card's error text in place of its content. */
export function CardError({ children }: { children: ReactNode }) {
  return (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-inset ring-red-200">
      {children}
    </p>
  );
}

/** Renders the data of a source, or its error. */
export function WhenLoaded<T>({ source, children }: { source: Loaded<T>; children: (data: T) => ReactNode }) {
  return source.ok ? <>{children(source.data)}</> : <CardError>{source.error}</CardError>;
}

/** A link styled like the other in-card links. */
export function CardLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} className="text-sm font-medium text-indigo-700 hover:underline">
      {children}
    </Link>
  );
}

/** A small empty state inside a home card (the cards are short, so no big dashed box). */
export function HomeEmpty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-md bg-slate-50 px-4 py-3 text-sm ring-1 ring-inset ring-slate-200">
      <p className="font-medium text-slate-800">{title}</p>
      {children ? <div className="mt-0.5 text-slate-600">{children}</div> : null}
    </div>
  );
}

/** A row of numbers at the top of the page; a failed source shows "—" and says why under it. */
export function StatRow({ children, label, columns = 4 }: { children: ReactNode; label: string; columns?: 3 | 4 }) {
  return (
    <section className="mb-6">
      <h2 className="sr-only">{label}</h2>
      <dl data-testid="home-stats" className={`grid grid-cols-2 gap-4 ${columns === 3 ? "lg:grid-cols-3" : "lg:grid-cols-4"}`}>
        {children}
      </dl>
    </section>
  );
}

export function SourceStat<T>({
  label,
  source,
  value,
  tone,
  note,
}: {
  label: string;
  source: Loaded<T>;
  value: (data: T) => ReactNode;
  tone?: (data: T) => "slate" | "red" | "green";
  note?: (data: T) => ReactNode;
}) {
  if (!source.ok) {
    return (
      <StatTile label={label} value="—">
        Could not load
      </StatTile>
    );
  }
  return (
    <StatTile label={label} value={value(source.data)} tone={tone?.(source.data) ?? "slate"}>
      {note?.(source.data)}
    </StatTile>
  );
}

/** Where to search from any page. */
export function SearchHint() {
  return (
    <p className="mt-4 text-xs text-slate-500">
      Press <kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-sans">/</kbd> on any page to search customers by name,
      email or phone.
    </p>
  );
}

/** The role's pages; with the role's own words and the search hint unless a card beside it already says them. */
export function GoToCard({ intro, links }: { intro?: string; links: NavItem[] }) {
  return (
    <Card title="Go to">
      {intro ? <p className="mb-4 text-sm text-slate-700">{intro}</p> : null}
      <ul className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-2">
        {links.map((item) => (
          <li key={item.to}>
            <Link to={item.to} className="font-medium text-indigo-700 hover:underline">
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
      {intro ? <SearchHint /> : null}
    </Card>
  );
}

/** The role's own words and the search hint, for roles whose home has no numbers of its own. */
export function WorkHereCard({ intro }: { intro: string }) {
  return (
    <Card title="Your work here">
      <p className="text-sm text-slate-700">{intro}</p>
      <SearchHint />
    </Card>
  );
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
