import { useEffect, useState } from "react";
import { localClock } from "./agent-labels";

/**
 * The agent's wall clock now, e.g. "Thu 14:05 · UTC+05:30". Starts from the
 * instant the loader rendered (so server and browser agree) and then ticks.
 */
export function AgentLocalTime({ zone, renderedAt, className = "" }: { zone: string; renderedAt: string; className?: string }) {
  const [now, setNow] = useState(() => Date.parse(renderedAt));
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  let clock: { time: string; offset: string };
  try {
    clock = localClock(now, zone);
  } catch {
    return null;
  }
  return (
    <span className={className}>
      <span className="sr-only">Local time </span>
      <time dateTime={new Date(now).toISOString()}>{clock.time}</time> · {clock.offset}
    </span>
  );
}
