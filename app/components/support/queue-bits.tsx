import { useEffect, useRef, useState } from "react";
import { Badge } from "~/components/ui/card";

/**
 * Small pieces shared by the agent console and the supervisor wall: a clock
 * that ticks with the server's time, wait and countdown labels, SLA badges,
 * and the live indicator.
 */

/** The current time as the server sees it (corrected by the offset measured at load), ticking every second. */
export function useServerNow(serverNowIso: string): number {
  const offset = useRef(0);
  // The first render is the server's instant on both sides, so hydration sees the same "waited" texts.
  const [clientNow, setClientNow] = useState(() => Date.parse(serverNowIso));
  useEffect(() => {
    offset.current = Date.parse(serverNowIso) - Date.now();
    setClientNow(Date.now());
  }, [serverNowIso]);
  useEffect(() => {
    const timer = setInterval(() => setClientNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return clientNow + offset.current;
}

/** "42 s", "3 min 05 s", "1 h 02 min". */
export function formatSeconds(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

export function waitedSeconds(requestedAt: string, now: number): number {
  return (now - Date.parse(requestedAt)) / 1000;
}

/** The handoff's SLA as a badge: time left to accept, or how far past it is. */
export function SlaBadge({ slaDueAt, escalatedAt, now }: { slaDueAt: string; escalatedAt: string | null; now: number }) {
  const left = (Date.parse(slaDueAt) - now) / 1000;
  if (escalatedAt || left <= 0) {
    return (
      <Badge tone="red">
        <span className="whitespace-nowrap" title={escalatedAt ? "Past its SLA: escalated to supervisors" : "Past its SLA"}>
          {`Over SLA ${formatSeconds(Math.max(0, -left))}`}
        </span>
      </Badge>
    );
  }
  return (
    <Badge tone={left <= 15 ? "amber" : "green"}>
      <span className="whitespace-nowrap">{`SLA in ${formatSeconds(left)}`}</span>
    </Badge>
  );
}

export function LiveIndicator({ connected }: { connected: boolean }) {
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-slate-600" role="status" aria-live="polite">
      <span className={`h-2 w-2 rounded-full ${connected ? "bg-green-500" : "bg-slate-300"}`} aria-hidden="true" />
      {connected ? "Live" : "Connecting…"}
    </span>
  );
}

export const CHANNEL_LABELS: Record<string, string> = { phone: "Phone", chat: "Chat", email: "Email", social: "Social" };

export const PRESENCE_LABELS: Record<string, { label: string; tone: "green" | "amber" | "slate" }> = {
  available: { label: "Available", tone: "green" },
  busy: { label: "Busy", tone: "amber" },
  away: { label: "Away", tone: "slate" },
};

export function TranscriptView({ lines }: { lines: { from: "bot" | "customer" | "system"; text: string }[] }) {
  if (lines.length === 0) return <p className="text-sm text-slate-500">No transcript: the customer came straight to a human.</p>;
  return (
    <ol className="space-y-2" aria-label="Transcript before the handoff">
      {lines.map((line, i) => (
        <li key={i} className={`flex ${line.from === "customer" ? "justify-end" : "justify-start"}`}>
          <div
            className={`max-w-[85%] rounded-lg px-3 py-2 text-sm ${
              line.from === "customer" ? "bg-indigo-600 text-white" : line.from === "bot" ? "bg-slate-100 text-slate-800" : "bg-amber-50 text-amber-900"
            }`}
          >
            <span className="sr-only">{line.from === "customer" ? "Customer" : line.from === "bot" ? "Bot" : "System"}: </span>
            <span className="whitespace-pre-line">{line.text}</span>
          </div>
        </li>
      ))}
    </ol>
  );
}
