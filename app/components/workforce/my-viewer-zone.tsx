import { useEffect, useState } from "react";
import { shiftLabel, weekdayClockRange } from "~/lib/shift-format";

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

/** The interval in the viewer's zone, when that reads differently from the agent's zone; otherwise nothing. */
export function ViewerTime({
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
      <span className="sr-only">On this device: </span>
      {weekdayClockRange(startsAt, endsAt, viewerZone)} <span className="whitespace-nowrap">· {viewerZone}</span>
    </p>
  );
}
