import { useEffect, useState } from "react";
import { shiftLabel, weekdayClockRange } from "~/lib/shift-format";
import { isValidTimeZone } from "../../../server/workforce/local-time";

/**
 * The browser's time zone. The server only knows it from the `viewer_tz`
 * cookie (set on an earlier visit), so the first render uses that hint — the
 * same value on the server and during hydration — and the browser's own
 * answer replaces it after mount.
 */
export function useViewerZone(hint: string | null): string | null {
  const [zone, setZone] = useState(hint);
  useEffect(() => {
    try {
      const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (own) setZone(own);
    } catch {
      // An old browser without zone support: show the agent's zone only.
    }
  }, []);
  return zone;
}

/** "Now", starting from the instant the loader rendered (so server and browser agree), then ticking each minute. */
export function useNow(renderedAt: string): number {
  const [now, setNow] = useState(() => Date.parse(renderedAt));
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * The interval in the agent's own zone, under the same interval shown in the viewer's zone, when the two read
 * differently (as on the home page); otherwise nothing.
 */
export function OwnZoneTime({
  startsAt,
  endsAt,
  agentZone,
  viewerZone,
}: {
  startsAt: string;
  endsAt: string;
  agentZone: string;
  viewerZone: string | null;
}) {
  if (!viewerZone || viewerZone === agentZone) return null;
  let viewer: string;
  try {
    viewer = shiftLabel(startsAt, endsAt, viewerZone);
  } catch {
    return null;
  }
  // Zones with other names but the same clock (Asia/Calcutta, Asia/Kolkata) add nothing.
  if (viewer === shiftLabel(startsAt, endsAt, agentZone)) return null;
  return (
    <p className="text-xs text-slate-500">
      <span className="sr-only">In your own zone: </span>
      {weekdayClockRange(startsAt, endsAt, agentZone)} <span className="whitespace-nowrap">· {agentZone}</span>
    </p>
  );
}

/** The zone times are shown in: this device's once the browser has said it, else the agent's own. */
export function shownZone(agentZone: string, viewerZone: string | null): string {
  return viewerZone && isValidTimeZone(viewerZone) ? viewerZone : agentZone;
}
