import { Link } from "@remix-run/react";
import { clipInterval, clippedShiftText, dayBounds, dayHeading, dayHourTicks, dayPlacement, weekCellDay, type BoardRange, type Clip } from "~/lib/board-layout";

export interface BoardShift {
  id: string;
  agentId: string | null;
  startsAt: string;
  endsAt: string;
  skillId: string | null;
  note: string | null;
}
export interface BoardTimeOff {
  id: string;
  startsAt: string;
  endsAt: string;
  reason: string;
}
export interface BoardAgent {
  id: string;
  name: string;
  timeZone: string;
  /** The agent's shifts (their agent is this agent). */
  shifts: Omit<BoardShift, "agentId">[];
  timeOff: BoardTimeOff[];
}

interface Props {
  /** The viewer's local date, highlighted. */
  today: string;
  range: BoardRange;
  agents: BoardAgent[];
  openShifts: BoardShift[];
  skillNames: Record<string, string>;
  canEdit: boolean;
  /** Builds a link keeping the board's filters. */
  hrefWith: (params: Record<string, string | null>) => string;
}

// The -700 shades: white text on them reaches WCAG AA contrast (4.5:1) at block sizes; the -600 ones did not.
const SKILL_TONES = ["bg-indigo-700", "bg-emerald-700", "bg-sky-700", "bg-amber-700", "bg-rose-700", "bg-violet-700", "bg-teal-700"];
function toneFor(skillId: string | null, open: boolean): string {
  if (open) return "bg-white text-amber-900 ring-1 ring-inset ring-amber-400 border-dashed";
  if (!skillId) return "bg-slate-700 text-white";
  let hash = 0;
  for (const c of skillId) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return `${SKILL_TONES[hash % SKILL_TONES.length]} text-white`;
}

/**
 * One shift. In the week view (`stacked`) a day column is narrow, so the skill goes on its own line and the
 * times wrap rather than lose their "(+1)"; the day view's bars are wide and one line high. A shift cut at
 * the edge of what the board shows (a night carried over from the day or week before, or one running on past
 * it) gets a flat edge with an arrow on that side, the far end's weekday in its text, and both full dates in
 * its accessible name. A day-view bar is a size container: narrower than 13rem it shows only the end inside
 * the day ("–06:00"), narrower than 4rem only its arrow (the tooltip and name still say it all).
 */
function ShiftPill({ shift, zone, label, canEdit, href, skillName, clip, stacked = false }: { shift: BoardShift; zone: string; label: string; canEdit: boolean; href: string; skillName?: string; clip: Pick<Clip, "startsBefore" | "endsAfter">; stacked?: boolean }) {
  const open = shift.agentId === null;
  const cut = clip.startsBefore || clip.endsAfter;
  const named = clippedShiftText(shift.startsAt, shift.endsAt, clip, zone);
  const { full, text } = named;
  // Literal class names, so Tailwind finds them.
  const startEdge = open ? "border-l-amber-500" : "border-l-white/70";
  const endEdge = open ? "border-r-amber-500" : "border-r-white/70";
  const edges = `${clip.startsBefore ? `rounded-l-none border-l-4 border-dotted ${startEdge}` : ""} ${clip.endsAfter ? `rounded-r-none border-r-4 border-dotted ${endEdge}` : ""}`;
  const cutAttr = cut ? [clip.startsBefore ? "start" : "", clip.endsAfter ? "end" : ""].filter(Boolean).join(" ") : undefined;
  const className = `rounded py-0.5 ${cut ? "px-1" : "px-1.5"} text-xs font-medium focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600 ${stacked ? "block leading-snug" : "flex items-center whitespace-nowrap"} ${toneFor(shift.skillId, open)} ${edges}`;
  // An uncut shift keeps its short name ("Ana: 09:00–17:00"): its column or the page heading gives the day.
  const title = `${label}: ${cut ? full : named.text}${skillName ? ` · ${skillName}` : ""}${shift.note ? ` · ${shift.note}` : ""}`;
  const before = clip.startsBefore ? <span aria-hidden="true" className="mr-1 shrink-0">◀</span> : null;
  const after = clip.endsAfter ? <span aria-hidden="true" className="ml-1 shrink-0">▶</span> : null;
  // Stacked, the times wrap; in a one-line bar only the text is cut short, never the arrows.
  const content = stacked ? (
    <>
      <span className="block">
        {before}
        {text}
        {after}
      </span>
      {skillName ? <span className="block truncate font-normal">{skillName}</span> : null}
    </>
  ) : (
    <>
      {before}
      {cut ? (
        // Literal class names, so Tailwind finds them: the container is the bar's wrapper in the day view.
        <span className="min-w-0 flex-1 truncate [@container(max-width:4rem)]:hidden">
          <span className="[@container(max-width:13rem)]:hidden">{text}</span>
          <span className="hidden [@container(max-width:13rem)]:inline">{named.short}</span>
          {skillName ? <span className="ml-1 font-normal [@container(max-width:13rem)]:hidden">{skillName}</span> : null}
        </span>
      ) : (
        <span className="min-w-0 flex-1 truncate">
          {text}
          {skillName ? <span className="ml-1 font-normal">{skillName}</span> : null}
        </span>
      )}
      {after}
    </>
  );
  return canEdit ? (
    <Link to={href} className={className} title={title} aria-label={title} data-shift-id={shift.id} data-cut={cutAttr}>
      {content}
    </Link>
  ) : (
    <span className={className} title={title} data-shift-id={shift.id} data-cut={cutAttr}>
      {content}
      <span className="sr-only"> ({title})</span>
    </span>
  );
}

function overlapsDay(startsAt: string, endsAt: string, day: string, zone: string): boolean {
  const { from, to } = dayBounds(day, zone);
  return clipInterval(startsAt, endsAt, from, to) !== null;
}

// The scroller is `relative` so the sr-only texts inside (absolutely placed) are clipped by it rather than
// widening the page on a phone.
// The agent column stays put while the days scroll sideways (narrow screens): it needs a solid background and
// its own edge line, as a collapsed table border does not travel with a sticky cell.
const STICKY_COLUMN = "sticky left-0 z-20 w-32 p-2 text-left shadow-[inset_-1px_0_0_#e2e8f0] xl:w-48";
const ADD_LINK = "rounded px-1 text-xs text-slate-600 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600";

/** Agents × days (week) or agents × hours (day); open shifts in their own lane at the top. */
export function BoardGrid({ today, range, agents, openShifts, skillNames, canEdit, hrefWith }: Props) {
  const zone = range.zone;

  const rows = [
    { key: "open", label: "Open shifts", sub: "anyone eligible may claim", agentId: null as string | null, list: openShifts, off: [] as BoardTimeOff[] },
    ...agents.map((a) => ({ key: a.id, label: a.name, sub: a.timeZone, agentId: a.id, list: a.shifts.map((s): BoardShift => ({ ...s, agentId: a.id })), off: a.timeOff })),
  ];
  const rowHeader = (row: (typeof rows)[number]) => (
    <th scope="row" className={`${STICKY_COLUMN} font-medium ${row.agentId === null ? "bg-amber-50" : "bg-white"}`}>
      <span className="block truncate" title={row.label}>
        {row.label}
      </span>
      <span className="block truncate text-xs font-normal text-slate-500" title={row.sub}>
        {row.sub}
      </span>
    </th>
  );

  if (range.view === "day") {
    const day = range.days[0]!;
    const ticks = dayHourTicks(day, zone);
    return (
      <div className="relative overflow-x-auto" role="region" aria-label="Schedule board, day view" tabIndex={0}>
        <table className="w-full min-w-[40rem] table-fixed border-collapse text-sm">
          <thead>
            <tr>
              <th className={`${STICKY_COLUMN} bg-white text-xs font-medium uppercase text-slate-500`}>Agent</th>
              <th className="p-0">
                <div className="relative h-6 text-[10px] text-slate-500">
                  {ticks.map((t) => (
                    // Every other hour below 1280 px, where an hour is ~20 px wide.
                    <span key={t.left} className={`absolute top-1 -translate-x-1/2 first:translate-x-0 ${Number(t.label) % 2 ? "hidden xl:inline" : ""}`} style={{ left: `${t.left}%` }}>
                      {t.label}
                    </span>
                  ))}
                </div>
              </th>
              {canEdit ? (
                <th className="w-9 p-0">
                  <span className="sr-only">Add</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} className={`border-t border-slate-100 ${row.agentId === null ? "bg-amber-50/60" : ""}`} data-row={row.agentId ?? "open"}>
                {rowHeader(row)}
                <td className="relative h-12 p-0">
                  {ticks.slice(1).map((t) => (
                    <span key={t.left} className="absolute inset-y-0 border-l border-slate-100" style={{ left: `${t.left}%` }} />
                  ))}
                  {row.off.map((t) => {
                    const p = dayPlacement(t.startsAt, t.endsAt, day, zone);
                    if (!p) return null;
                    return (
                      <span key={t.id} className="absolute inset-y-1 truncate rounded bg-slate-200 px-1 text-xs text-slate-700" style={{ left: `${p.left}%`, width: `${p.width}%` }} title={`Time off: ${t.reason}`}>
                        Time off
                      </span>
                    );
                  })}
                  {row.list.map((s) => {
                    const p = dayPlacement(s.startsAt, s.endsAt, day, zone);
                    if (!p) return null;
                    // A very short block keeps a usable width, pulled back from the day's right edge if need be.
                    const width = Math.max(p.width, 2);
                    return (
                      <div key={s.id} className="absolute inset-y-2 [container-type:inline-size]" style={{ left: `${Math.min(p.left, 100 - width)}%`, width: `${width}%` }}>
                        <ShiftPill shift={s} zone={zone} label={row.label} canEdit={canEdit} href={hrefWith({ panel: "edit", shift: s.id })} skillName={s.skillId ? skillNames[s.skillId] : undefined} clip={p} />
                      </div>
                    );
                  })}
                </td>
                {canEdit ? (
                  // The add link has its own cell, so it never covers a late shift.
                  <td className="w-9 p-0 text-center">
                    <Link
                      to={hrefWith({ panel: "new", agent: row.agentId ?? "open", day })}
                      className={`${ADD_LINK} inline-block px-2 py-1 text-sm`}
                      aria-label={row.agentId ? `Add a shift for ${row.label} on ${day}` : `Post an open shift on ${day}`}
                      title={row.agentId ? `Add a shift for ${row.label}` : "Post an open shift"}
                    >
                      +
                    </Link>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <div className="relative overflow-x-auto" role="region" aria-label="Schedule board, week view" tabIndex={0}>
      <table className="w-full min-w-[40rem] table-fixed border-collapse text-sm">
        <thead>
          <tr>
            <th className={`${STICKY_COLUMN} bg-white text-xs font-medium uppercase text-slate-500`}>Agent</th>
            {range.days.map((day) => {
              const h = dayHeading(day);
              return (
                <th key={day} className={`px-1 py-2 text-left text-xs font-medium xl:px-2 ${day === today ? "bg-indigo-50 text-indigo-700" : "text-slate-500"}`} aria-current={day === today ? "date" : undefined}>
                  <Link to={hrefWith({ view: "day", date: day })} className="hover:text-indigo-700 hover:underline">
                    <span className="uppercase">{h.weekday}</span> <span className="whitespace-nowrap">{h.date}</span>
                  </Link>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            // Each shift in the cell of the day it starts on; one carried over from before the week on its first day.
            const byDay = new Map<string, { shift: BoardShift; clip: Clip }[]>();
            for (const s of row.list) {
              const day = weekCellDay(s.startsAt, s.endsAt, range);
              const clip = clipInterval(s.startsAt, s.endsAt, range.from, range.to);
              if (day && clip) byDay.set(day, [...(byDay.get(day) ?? []), { shift: s, clip }]);
            }
            return (
              <tr key={row.key} className={`border-t border-slate-100 align-top ${row.agentId === null ? "bg-amber-50/60" : ""}`} data-row={row.agentId ?? "open"}>
                {rowHeader(row)}
                {range.days.map((day) => {
                  const dayOff = row.off.filter((t) => overlapsDay(t.startsAt, t.endsAt, day, zone));
                  return (
                    <td key={day} className={`group relative space-y-1 p-1 ${day === today ? "bg-indigo-50/40" : ""}`}>
                      {dayOff.length ? (
                        <span className="block rounded bg-[repeating-linear-gradient(45deg,#e2e8f0,#e2e8f0_4px,#f1f5f9_4px,#f1f5f9_8px)] px-1.5 py-0.5 text-xs text-slate-600" title={dayOff.map((t) => t.reason).join("; ")}>
                          Time off
                        </span>
                      ) : null}
                      {(byDay.get(day) ?? []).map(({ shift: s, clip }) => (
                        <ShiftPill key={s.id} shift={s} zone={zone} label={row.label} canEdit={canEdit} href={hrefWith({ panel: "edit", shift: s.id })} skillName={s.skillId ? skillNames[s.skillId] : undefined} clip={clip} stacked />
                      ))}
                      {canEdit ? (
                        <Link
                          to={hrefWith({ panel: "new", agent: row.agentId ?? "open", day })}
                          className={`${ADD_LINK} block text-center opacity-0 focus:opacity-100 group-hover:opacity-100`}
                          aria-label={row.agentId ? `Add a shift for ${row.label} on ${day}` : `Post an open shift on ${day}`}
                        >
                          +
                        </Link>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
