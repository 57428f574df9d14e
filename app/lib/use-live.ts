import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

/**
 * Reloads the page's data whenever a live event of one of the topics arrives
 * (coalesced, so a burst of events means one reload). Returns whether the
 * live connection is up, for a small "Live" indicator.
 */
export function useLiveRevalidation(topics: string[]) {
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const [connected, setConnected] = useState(false);
  const key = topics.join(",");

  useEffect(() => {
    const source = new EventSource("/live/events");
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => revalidate.current(), 150);
    };
    source.addEventListener("ready", () => {
      setConnected(true);
      // Whatever happened while we were not connected.
      schedule();
    });
    for (const topic of [...key.split(","), "resync"]) source.addEventListener(topic, schedule);
    source.onerror = () => setConnected(false);
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [key]);

  return connected;
}
