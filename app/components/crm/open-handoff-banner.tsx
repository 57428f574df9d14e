import { Link } from "@remix-run/react";
import { CASE_ORIGIN_LABELS, languageName } from "./crm-labels";

/** The customer's open request for a human as the page shows it (times already in the viewer's zone). */
export interface OpenHandoffView {
  status: "waiting" | "offered" | "active";
  channel: string;
  reason: string;
  language: string | null;
  skill: string | null;
  priority: boolean;
  requestedWhen: string;
  offeredWhen: string | null;
  acceptedWhen: string | null;
  agentName: string | null;
  /** Past its SLA when the page was read, and still not taken: "due 03:07". */
  overdueSince: string | null;
}

/**
 * "Waiting for a human since 03:06", "Being offered to …", or "Talking with … since …": the request the
 * customer made through a bot or the API that is still open, so whoever opens the record knows someone
 * is (or is about to be) on it. Agents are pointed at their console, supervisors at the wall.
 */
export function OpenHandoffBanner({ handoff, link }: { handoff: OpenHandoffView | null; link: { to: string; label: string } | null }) {
  if (!handoff) return null;
  const taken = handoff.status === "active";
  const details = [
    CASE_ORIGIN_LABELS[handoff.channel] ?? handoff.channel,
    handoff.skill,
    handoff.language ? languageName(handoff.language) : null,
    handoff.priority ? "Priority" : null,
  ].filter(Boolean);
  const headline =
    handoff.status === "waiting"
      ? `Waiting for a human since ${handoff.requestedWhen}`
      : handoff.status === "offered"
        ? `Being offered to ${handoff.agentName ?? "an agent"} (asked ${handoff.requestedWhen}, offered ${handoff.offeredWhen})`
        : `Talking with ${handoff.agentName ?? "an agent"} since ${handoff.acceptedWhen}`;
  return (
    <section
      aria-label="Request for a human"
      className={`mb-4 rounded-md px-4 py-3 text-sm ring-1 ring-inset ${
        taken ? "bg-indigo-50 text-indigo-900 ring-indigo-200" : "bg-amber-50 text-amber-900 ring-amber-300"
      }`}
    >
      <p className="flex flex-wrap items-baseline gap-x-2">
        <strong className="font-semibold">{headline}</strong>
        {handoff.overdueSince ? (
          <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800">Past its SLA (due {handoff.overdueSince})</span>
        ) : null}
        {link ? (
          <Link to={link.to} className="ml-auto font-medium underline">
            {link.label}
          </Link>
        ) : null}
      </p>
      <p className="mt-1">
        {details.join(" · ")}: “{handoff.reason}”
      </p>
    </section>
  );
}
