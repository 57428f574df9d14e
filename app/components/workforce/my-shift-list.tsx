import { useState, type ReactNode } from "react";
import { Button } from "~/components/ui/button";
import { Badge, EmptyState } from "~/components/ui/card";
import { clockRange, formatLocalDay, localDayOf, relativeDay, shiftHours, shiftLabel } from "~/lib/shift-format";
import { OfferBackDialog, type MyActionFailure } from "./my-offer-back-dialog";
import { OwnZoneTime, shownZone } from "./my-viewer-zone";

export interface MyShift {
  id: string;
  startsAt: string;
  endsAt: string;
  skillId: string | null;
  breakMinutes: number;
  note: string | null;
}

/** What a shift asks for, in one line: "8 h · 30 min break · Billing". */
export function shiftFacts(shift: MyShift, skillNames: Record<string, string>): string {
  const facts = [shiftHours(shift.startsAt, shift.endsAt)];
  if (shift.breakMinutes > 0) facts.push(`${shift.breakMinutes} min break`);
  facts.push(shift.skillId ? (skillNames[shift.skillId] ?? "Skill required") : "Any skill");
  return facts.join(" · ");
}

/**
 * One shift as a row, laid out the same in every list on My schedule (upcoming and open shifts alike): when (the
 * day and hours in this device's zone, then in the agent's own zone if that reads differently), what (length,
 * break, skill, badges), the note, and the row's action, in fixed columns so the lists line up.
 */
export function ShiftRow({
  shift,
  zone,
  viewerZone,
  skillNames,
  relative,
  badges,
  action,
  highlight = false,
}: {
  shift: MyShift;
  zone: string;
  viewerZone: string | null;
  skillNames: Record<string, string>;
  /** "Today", "Tomorrow"… beside the date. */
  relative?: string | null;
  badges?: ReactNode;
  action?: ReactNode;
  /** The shift under way. */
  highlight?: boolean;
}) {
  const shown = shownZone(zone, viewerZone);
  return (
    <li
      aria-label={shiftLabel(shift.startsAt, shift.endsAt, shown)}
      // One column of text plus the action on a phone; when | what + note | action from sm up. The "when" column is
      // wider where the page is one column (lg), so the own-zone line fits on one line.
      className={`grid grid-cols-[minmax(0,1fr)_auto] items-start gap-x-4 gap-y-1 sm:grid-cols-[9.5rem_minmax(0,1fr)_auto] lg:grid-cols-[14rem_minmax(0,1fr)_auto] xl:grid-cols-[9.5rem_minmax(0,1fr)_auto] ${
        highlight ? "-mx-2 my-1 rounded-md bg-green-50 px-2 py-2 ring-1 ring-inset ring-green-300" : "py-3 first:pt-0 last:pb-0"
      }`}
    >
      <div className="col-start-1 row-start-1 min-w-0 space-y-0.5">
        <p className="text-sm font-medium text-slate-900">
          {formatLocalDay(localDayOf(shift.startsAt, shown), "EEE d MMM")}
          {relative ? <span className="ml-2 text-xs font-normal text-slate-500">{relative}</span> : null}
        </p>
        <time dateTime={shift.startsAt} className="block text-sm tabular-nums text-slate-700">
          {clockRange(shift.startsAt, shift.endsAt, shown)}
        </time>
        <OwnZoneTime startsAt={shift.startsAt} endsAt={shift.endsAt} agentZone={zone} viewerZone={shown} />
      </div>
      <div className="col-start-1 row-start-2 min-w-0 space-y-0.5 sm:col-start-2 sm:row-start-1">
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-700">
          <span>{shiftFacts(shift, skillNames)}</span>
          {badges}
        </p>
        {shift.note ? <p className="text-sm text-slate-500">{shift.note}</p> : null}
      </div>
      <div className="col-start-2 row-start-1 justify-self-end sm:col-start-3">{action}</div>
    </li>
  );
}

/** About a week of shifts at first, so the open shifts below stay in reach. */
const FIRST_SHOWN = 7;

/** The agent's own coming shifts by local day; the one under way is marked, later ones can be offered back. */
export function MyShiftList({
  shifts,
  zone,
  viewerZone,
  now,
  skillNames,
  timeOff,
  failure,
  busyShiftId,
}: {
  shifts: MyShift[];
  zone: string;
  viewerZone: string | null;
  now: number;
  skillNames: Record<string, string>;
  /** Approved time off: a shift inside it is flagged, since approval leaves shifts in place until a planner moves them. */
  timeOff: { startsAt: string; endsAt: string }[];
  failure: MyActionFailure | null;
  busyShiftId: string | null;
}) {
  const [showAll, setShowAll] = useState(false);
  const coming = shifts.filter((s) => Date.parse(s.endsAt) > now);
  if (coming.length === 0) {
    return (
      <EmptyState title="No shifts ahead">
        You have no scheduled shifts in the next five weeks. Pick up an open shift below.
      </EmptyState>
    );
  }
  const shownShifts = showAll ? coming : coming.slice(0, FIRST_SHOWN);
  const inZone = shownZone(zone, viewerZone);
  const today = localDayOf(new Date(now).toISOString(), inZone);
  return (
    <div>
      <ul className="divide-y divide-slate-100" aria-label="Upcoming shifts">
        {shownShifts.map((shift) => {
          const started = Date.parse(shift.startsAt) <= now;
          const inTimeOff = timeOff.some((t) => t.startsAt < shift.endsAt && t.endsAt > shift.startsAt);
          return (
            <ShiftRow
              key={shift.id}
              shift={shift}
              zone={zone}
              viewerZone={viewerZone}
              skillNames={skillNames}
              relative={relativeDay(localDayOf(shift.startsAt, inZone), today)}
              highlight={started}
              badges={
                <>
                  {started ? <Badge tone="green">On shift now</Badge> : null}
                  {inTimeOff ? <Badge tone="amber">In your approved time off</Badge> : null}
                </>
              }
              action={
                started ? null : (
                  <OfferBackDialog
                    shiftId={shift.id}
                    label={shiftLabel(shift.startsAt, shift.endsAt, inZone)}
                    failure={failure?.shiftId === shift.id ? failure : null}
                    busy={busyShiftId === shift.id}
                  />
                )
              }
            />
          );
        })}
      </ul>
      {coming.length > FIRST_SHOWN ? (
        <div className="mt-3 border-t border-slate-100 pt-3">
          <Button variant="ghost" size="sm" onClick={() => setShowAll(!showAll)} aria-expanded={showAll}>
            {showAll ? "Show fewer" : `Show all ${coming.length} shifts`}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
