import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/card";
import { ShiftRow, type MyShift } from "./my-shift-list";

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
        const busy = busyShiftId === shift.id;
        return (
          <ShiftRow
            key={shift.id}
            shift={shift}
            zone={zone}
            viewerZone={viewerZone}
            skillNames={skillNames}
            action={
              <Form method="post">
                <input type="hidden" name="intent" value="claim" />
                <input type="hidden" name="shiftId" value={shift.id} />
                <Button type="submit" size="sm" disabled={busy} aria-busy={busy}>
                  Claim
                </Button>
              </Form>
            }
          />
        );
      })}
    </ul>
  );
}
