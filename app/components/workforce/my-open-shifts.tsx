import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/card";
import { clockRange, formatLocalDay, localDayOf, shiftLabel } from "~/lib/shift-format";
import { shiftFacts, type MyShift } from "./my-shift-list";
import { ViewerTime } from "./my-viewer-zone";

/** Open shifts this agent may take (the server already left out those that break a rule); first claim wins. */
export function MyOpenShifts({
  shifts,
  zone,
  viewerZone,
  skillNames,
  busyShiftId,
}: {
  shifts: MyShift[];
  zone: string;
  viewerZone: string | null;
  skillNames: Record<string, string>;
  busyShiftId: string | null;
}) {
  if (shifts.length === 0) {
    return (
      <EmptyState title="No open shifts for you right now">
        When a planner posts a shift that fits your skills and schedule, it shows up here.
      </EmptyState>
    );
  }
  return (
    <ul className="divide-y divide-slate-100" aria-label="Open shifts">
      {shifts.map((shift) => {
        const label = shiftLabel(shift.startsAt, shift.endsAt, zone);
        const busy = busyShiftId === shift.id;
        return (
          <li key={shift.id} aria-label={label} className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3 first:pt-0 last:pb-0">
            <div className="w-32 shrink-0">
              <p className="text-sm font-medium text-slate-900">{formatLocalDay(localDayOf(shift.startsAt, zone), "EEE d MMM")}</p>
              <time dateTime={shift.startsAt} className="text-sm tabular-nums text-slate-700">
                {clockRange(shift.startsAt, shift.endsAt, zone)}
              </time>
            </div>
            <div className="min-w-0 flex-1 space-y-0.5">
              <p className="text-sm text-slate-700">{shiftFacts(shift, skillNames)}</p>
              {shift.note ? <p className="text-sm text-slate-500">{shift.note}</p> : null}
              <ViewerTime startsAt={shift.startsAt} endsAt={shift.endsAt} agentZone={zone} viewerZone={viewerZone} />
            </div>
            <Form method="post" className="ml-auto">
              <input type="hidden" name="intent" value="claim" />
              <input type="hidden" name="shiftId" value={shift.id} />
              <Button type="submit" size="sm" disabled={busy} aria-busy={busy}>
                Claim
              </Button>
            </Form>
          </li>
        );
      })}
    </ul>
  );
}
