import { Link } from "@remix-run/react";
import { dayHeading, dayOf, dayPlacement, timeRange, type BoardRange } from "~/lib/board-layout";
import { localDateOf } from "../../../server/workforce/local-time";

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
 * times wrap rather than lose their "(+1)"; the day view's bars are wide and one line high.
 */
function ShiftPill({ shift, zone, label, canEdit, href, skillName, stacked = false }: { shift: BoardShift; zone: string; label: string; canEdit: boolean; href: string; skillName?: string; stacked?: boolean }) {
  const open = shift.agentId === null;
  const text = timeRange(shift.startsAt, shift.endsAt, zone);
  const className = `block rounded px-1.5 py-0.5 text-xs font-medium ${stacked ? "leading-snug" : "truncate"} ${toneFor(shift.skillId, open)}`;
  const title = `${label}: ${text}${skillName ? ` · ${skillName}` : ""}${shift.note ? ` · ${shift.note}` : ""}`;
  const content = stacked ? (
    <>
      <span className="block">{text}</span>
      {skillName ? <span className="block truncate font-normal">{skillName}</span> : null}
    </>
  ) : (
    <>
      {text}
      {skillName ? <span className="ml-1 font-normal">{skillName}</span> : null}
    </>
  );
  return canEdit ? (
    <Link to={href} className={className} title={title} aria-label={title} data-shift-id={shift.id}>
      {content}
    </Link>
  ) : (
    <span className={className} title={title} data-shift-id={shift.id}>
      {content}
    </span>
  );
}

function overlapsDay(startsAt: string, endsAt: string, day: string, zone: string): boolean {
  return localDateOf(new Date(startsAt), zone) <= day && localDateOf(new Date(Date.parse(endsAt) - 1), zone) >= day;
}

/** Agents × days (week) or agents × hours (day); open shifts in their own lane at the top. */
export function BoardGrid({ today, range, agents, openShifts, skillNames, canEdit, hrefWith }: Props) {
  const zone = range.zone;

  const rows = [
    { key: "open", label: "Open shifts", sub: "anyone eligible may claim", agentId: null as string | null, list: openShifts, off: [] as BoardTimeOff[] },
    ...agents.map((a) => ({ key: a.id, label: a.name, sub: a.timeZone, agentId: a.id, list: a.shifts.map((s): BoardShift => ({ ...s, agentId: a.id })), off: a.timeOff })),
  ];

  if (range.view === "day") {
    const day = range.days[0]!;
    return (
      <div className="overflow-x-auto" role="region" aria-label="Schedule board, day view">
        <table className="w-full min-w-[56rem] table-fixed border-collapse text-sm">
          <thead>
            <tr>
              <th className="sticky left-0 z-10 w-48 bg-white p-2 text-left text-xs font-medium uppercase text-slate-500">Agent</th>
              <th className="p-0">
                <div className="relative h-6 text-[10px] text-slate-500">
                  {Array.from({ length: 24 }, (_, hour) => (
                    <span key={hour} className="absolute top-1" style={{ left: `${(hour / 24) * 100}%` }}>
                      {String(hour).padStart(2, "0")}
                    </span>
                  ))}
                </div>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} className={`border-t border-slate-100 ${row.agentId === null ? "bg-amber-50/60" : ""}`}>
                <th scope="row" className="sticky left-0 z-10 w-48 bg-inherit p-2 text-left font-medium">
                  <span className="block truncate">{row.label}</span>
                  <span className="block truncate text-xs font-normal text-slate-500">{row.sub}</span>
                </th>
                <td className="relative h-12 p-0">
                  {Array.from({ length: 23 }, (_, i) => (
                    <span key={i} className="absolute inset-y-0 border-l border-slate-100" style={{ left: `${((i + 1) / 24) * 100}%` }} />
                  ))}
                  {row.off.filter((t) => overlapsDay(t.startsAt, t.endsAt, day, zone)).map((t) => {
                    const p = dayPlacement(t.startsAt, t.endsAt, day, zone);
                    return (
                      <span key={t.id} className="absolute inset-y-1 rounded bg-slate-200 px-1 text-xs text-slate-600" style={{ left: `${p.left}%`, width: `${p.width}%` }} title={`Time off: ${t.reason}`}>
                        Time off
                      </span>
                    );
                  })}
                  {row.list.filter((s) => overlapsDay(s.startsAt, s.endsAt, day, zone)).map((s) => {
                    const p = dayPlacement(s.startsAt, s.endsAt, day, zone);
                    return (
                      <div key={s.id} className="absolute inset-y-2" style={{ left: `${p.left}%`, width: `${Math.max(p.width, 2)}%` }}>
                        <ShiftPill shift={s} zone={zone} label={row.label} canEdit={canEdit} href={hrefWith({ panel: "edit", shift: s.id })} skillName={s.skillId ? skillNames[s.skillId] : undefined} />
                      </div>
                    );
                  })}
                  {canEdit && row.agentId ? (
                    <Link to={hrefWith({ panel: "new", agent: row.agentId, day })} className="absolute right-1 top-1 rounded px-1 text-xs text-slate-500 hover:bg-slate-100 hover:text-slate-700" aria-label={`Add a shift for ${row.label} on ${day}`}>
                      +
                    </Link>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <div className="overflow-x-auto" role="region" aria-label="Schedule board, week view">
      <table className="w-full min-w-[60rem] table-fixed border-collapse text-sm">
        <thead>
          <tr>
            <th className="sticky left-0 z-10 w-48 bg-white p-2 text-left text-xs font-medium uppercase text-slate-500">Agent</th>
            {range.days.map((day) => {
              const h = dayHeading(day);
              return (
                <th key={day} className={`p-2 text-left text-xs font-medium ${day === today ? "bg-indigo-50 text-indigo-700" : "text-slate-500"}`} aria-current={day === today ? "date" : undefined}>
                  <Link to={hrefWith({ view: "day", date: day })} className="hover:text-indigo-700 hover:underline">
                    <span className="uppercase">{h.weekday}</span> {h.date}
                  </Link>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className={`border-t border-slate-100 align-top ${row.agentId === null ? "bg-amber-50/60" : ""}`} data-row={row.agentId ?? "open"}>
              <th scope="row" className="sticky left-0 z-10 w-48 bg-inherit p-2 text-left font-medium">
                <span className="block truncate">{row.label}</span>
                <span className="block truncate text-xs font-normal text-slate-500">{row.sub}</span>
              </th>
              {range.days.map((day) => {
                const dayShifts = row.list.filter((s) => dayOf(s.startsAt, zone) === day);
                const dayOff = row.off.filter((t) => overlapsDay(t.startsAt, t.endsAt, day, zone));
                return (
                  <td key={day} className={`group relative space-y-1 p-1 ${day === today ? "bg-indigo-50/40" : ""}`}>
                    {dayOff.length ? (
                      <span className="block rounded bg-[repeating-linear-gradient(45deg,#e2e8f0,#e2e8f0_4px,#f1f5f9_4px,#f1f5f9_8px)] px-1.5 py-0.5 text-xs text-slate-600" title={dayOff.map((t) => t.reason).join("; ")}>
                        Time off
                      </span>
                    ) : null}
                    {dayShifts.map((s) => (
                      <ShiftPill key={s.id} shift={s} zone={zone} label={row.label} canEdit={canEdit} href={hrefWith({ panel: "edit", shift: s.id })} skillName={s.skillId ? skillNames[s.skillId] : undefined} stacked />
                    ))}
                    {canEdit ? (
                      <Link
                        to={hrefWith({ panel: "new", agent: row.agentId ?? "open", day })}
                        className="block rounded px-1 text-center text-xs text-slate-500 opacity-0 hover:bg-slate-100 hover:text-slate-700 focus:text-slate-700 focus:opacity-100 group-hover:opacity-100"
                        aria-label={row.agentId ? `Add a shift for ${row.label} on ${day}` : `Post an open shift on ${day}`}
                      >
                        +
                      </Link>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
