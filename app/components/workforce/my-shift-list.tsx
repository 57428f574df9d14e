import { useState } from "react";
import { Button } from "~/components/ui/button";
import { Badge, EmptyState } from "~/components/ui/card";
import { clockRange, formatLocalDay, groupByLocalDay, localDayOf, relativeDay, shiftHours, shiftLabel } from "~/lib/shift-format";
import { OfferBackDialog, type MyActionFailure } from "./my-offer-back-dialog";
import { ViewerTime } from "./my-viewer-zone";

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
  const shown = showAll ? coming : coming.slice(0, FIRST_SHOWN);
  const today = localDayOf(new Date(now).toISOString(), zone);
  return (
    <div>
      <ul className="divide-y divide-slate-100" aria-label="Upcoming shifts">
        {groupByLocalDay(shown, zone).map((group) => {
          const relative = relativeDay(group.date, today);
          return (
            <li key={group.date} className="grid gap-x-4 gap-y-1 py-3 first:pt-0 last:pb-0 sm:grid-cols-[8.5rem_minmax(0,1fr)]">
              <h3 className="text-sm font-medium text-slate-900">
                {formatLocalDay(group.date, "EEE d MMM")}
                {relative ? <span className="ml-2 text-xs font-normal text-slate-500 sm:ml-0 sm:block">{relative}</span> : null}
              </h3>
              <ul className="space-y-2">
                {group.items.map((shift) => {
                  const label = shiftLabel(shift.startsAt, shift.endsAt, zone);
                  const started = Date.parse(shift.startsAt) <= now;
                  const inTimeOff = timeOff.some((t) => t.startsAt < shift.endsAt && t.endsAt > shift.startsAt);
                  return (
                    <li
                      key={shift.id}
                      aria-label={label}
                      className={`flex items-center justify-between gap-3 rounded-md ${
                        started ? "-mx-2 bg-green-50 px-2 py-1.5 ring-1 ring-inset ring-green-300" : ""
                      }`}
                    >
                      <div className="min-w-0 flex-1 space-y-0.5">
                        <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                          <time dateTime={shift.startsAt} className="text-sm font-medium tabular-nums text-slate-900">
                            {clockRange(shift.startsAt, shift.endsAt, zone)}
                          </time>
                          <span className="text-xs text-slate-500">{shiftFacts(shift, skillNames)}</span>
                          {started ? <Badge tone="green">On shift now</Badge> : null}
                          {inTimeOff ? <Badge tone="amber">In your approved time off</Badge> : null}
                        </p>
                        <ViewerTime startsAt={shift.startsAt} endsAt={shift.endsAt} agentZone={zone} viewerZone={viewerZone} />
                        {shift.note ? <p className="text-sm text-slate-600">{shift.note}</p> : null}
                      </div>
                      {started ? null : (
                        <OfferBackDialog
                          shiftId={shift.id}
                          label={label}
                          failure={failure?.shiftId === shift.id ? failure : null}
                          busy={busyShiftId === shift.id}
                        />
                      )}
                    </li>
                  );
                })}
              </ul>
            </li>
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
