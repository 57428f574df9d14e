import { PRESENCE_LABELS } from "~/components/support/queue-bits";
import { Badge, Card } from "~/components/ui/card";
import {
  clockRange,
  formatLocalDay,
  localDayOf,
  relativeDay,
  shiftHours,
  timeOffDays,
  weekdayClockRange,
  zoneOffset,
} from "~/lib/shift-format";
import { CardLink, HomeEmpty, plural, SourceStat, StatRow, WhenLoaded, type Loaded } from "./home-bits";

export interface HomeShift {
  id: string;
  startsAt: string;
  endsAt: string;
  skillId: string | null;
}

export interface AgentToday {
  /** The agent's own zone (their shifts are planned in it). */
  agentZone: string;
  /** The viewer's zone (the browser's, from its cookie): times are shown in it first. */
  viewerZone: string;
  renderedAt: string;
  skillNames: Record<string, string>;
  /** The shift under way (if any) and the next ones, by start. */
  shifts: Loaded<HomeShift[]>;
  claimable: Loaded<{ count: number; first: HomeShift[] }>;
  pendingTimeOff: Loaded<{ id: string; startsAt: string; endsAt: string; reason: string }[]>;
  queue: Loaded<{
    waiting: number;
    youCanServe: number;
    presence: string;
    offered: boolean;
    talking: number;
  }>;
}

/** "Today", "Tomorrow" or "Fri 27 Nov" for the local day a shift starts on. */
function dayName(startsAt: string, zone: string, now: number): string {
  const day = localDayOf(startsAt, zone);
  return relativeDay(day, localDayOf(new Date(now).toISOString(), zone)) || formatLocalDay(day, "EEE d MMM");
}

/** Differing clocks only: zones with other names but the same offset add nothing. */
function zonesDiffer(a: string, b: string, at: number): boolean {
  if (a === b) return false;
  try {
    return zoneOffset(a, at) !== zoneOffset(b, at);
  } catch {
    return false;
  }
}

/** A shift in the viewer's zone, and in the agent's own zone under it when that reads differently. */
function ShiftTime({ shift, t, now }: { shift: HomeShift; t: AgentToday; now: number }) {
  const other = zonesDiffer(t.viewerZone, t.agentZone, Date.parse(shift.startsAt));
  return (
    <>
      <time dateTime={shift.startsAt} className="tabular-nums">
        {dayName(shift.startsAt, t.viewerZone, now)}, {clockRange(shift.startsAt, shift.endsAt, t.viewerZone)}
      </time>
      {other ? (
        <span className="block text-xs text-slate-500">
          <span className="sr-only">In your own zone: </span>
          {weekdayClockRange(shift.startsAt, shift.endsAt, t.agentZone)} · {t.agentZone}
        </span>
      ) : null}
    </>
  );
}

function skillOf(shift: HomeShift, names: Record<string, string>): string {
  return shift.skillId ? names[shift.skillId] ?? "Skill required" : "Any skill";
}

export function AgentStats({ t }: { t: AgentToday }) {
  const now = Date.parse(t.renderedAt);
  return (
    <StatRow label="Today at a glance">
      <SourceStat
        label="Your shift"
        source={t.shifts}
        value={(shifts) => {
          const current = shifts.find((s) => Date.parse(s.startsAt) <= now);
          if (current) return "On shift now";
          return shifts[0] ? dayName(shifts[0].startsAt, t.viewerZone, now) : "None";
        }}
        tone={(shifts) => (shifts.some((s) => Date.parse(s.startsAt) <= now) ? "green" : "slate")}
        note={(shifts) => (shifts[0] ? clockRange(shifts[0].startsAt, shifts[0].endsAt, t.viewerZone) : "Nothing scheduled")}
      />
      <SourceStat
        label="Customers waiting"
        source={t.queue}
        value={(q) => q.waiting}
        tone={(q) => (q.waiting > 0 ? "red" : "slate")}
        note={(q) => `${q.youCanServe} you can serve`}
      />
      <SourceStat label="Open shifts to claim" source={t.claimable} value={(c) => c.count} note={() => "next four weeks"} />
      <SourceStat label="Time off pending" source={t.pendingTimeOff} value={(p) => p.length} note={() => "awaiting a decision"} />
    </StatRow>
  );
}

export function AgentShiftsCard({ t }: { t: AgentToday }) {
  const now = Date.parse(t.renderedAt);
  return (
    <Card title="Your shifts" actions={<CardLink to="/my-schedule">My schedule</CardLink>}>
      <WhenLoaded source={t.shifts}>
        {(shifts) => {
          if (shifts.length === 0) {
            return (
              <HomeEmpty title="No shifts scheduled">
                <CardLink to="/my-schedule">See open shifts you can claim</CardLink>
              </HomeEmpty>
            );
          }
          const [first, ...rest] = shifts;
          const current = Date.parse(first!.startsAt) <= now;
          return (
            <div className="space-y-4">
              <div
                className={`rounded-lg px-4 py-3 text-sm ring-1 ring-inset ${
                  current ? "bg-green-50 text-green-900 ring-green-300" : "bg-indigo-50 text-indigo-900 ring-indigo-200"
                }`}
              >
                <p className="font-semibold">{current ? "On shift now" : "Next shift"}</p>
                <p className="mt-0.5">
                  <ShiftTime shift={first!} t={t} now={now} />
                </p>
                <p className="mt-0.5 text-xs opacity-80">
                  {shiftHours(first!.startsAt, first!.endsAt)} · {skillOf(first!, t.skillNames)}
                </p>
              </div>
              {rest.length ? (
                <div>
                  <h3 className="text-sm font-medium text-slate-900">Coming up</h3>
                  <ul className="mt-2 divide-y divide-slate-100 text-sm" aria-label="Coming shifts">
                    {rest.map((shift) => (
                      <li key={shift.id} className="flex flex-wrap items-baseline justify-between gap-x-4 py-2 first:pt-0 last:pb-0">
                        <span className="text-slate-800">
                          <ShiftTime shift={shift} t={t} now={now} />
                        </span>
                        <span className="text-xs text-slate-500">{skillOf(shift, t.skillNames)}</span>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : (
                <p className="text-sm text-slate-600">No other shifts in the next five weeks.</p>
              )}
              <p className="text-xs text-slate-500">
                Times in {t.viewerZone} ({zoneOffset(t.viewerZone, now)})
                {zonesDiffer(t.viewerZone, t.agentZone, now) ? `; your own zone is ${t.agentZone} (${zoneOffset(t.agentZone, now)})` : ""}.
              </p>
            </div>
          );
        }}
      </WhenLoaded>
    </Card>
  );
}

export function AgentOpenShiftsCard({ t }: { t: AgentToday }) {
  const now = Date.parse(t.renderedAt);
  return (
    <Card title="Open shifts you can claim">
      <WhenLoaded source={t.claimable}>
        {({ count, first }) =>
          count === 0 ? (
            <HomeEmpty title="No open shifts for you right now">
              When a planner posts a shift that fits your skills and schedule, it shows up on My schedule.
            </HomeEmpty>
          ) : (
            <div className="space-y-3">
              <p className="text-sm text-slate-700">
                {plural(count, "open shift")} in the next four weeks fit
                {count === 1 ? "s" : ""} your skills and schedule.
              </p>
              <ul className="divide-y divide-slate-100 text-sm" aria-label="Open shifts">
                {first.map((shift) => (
                  <li key={shift.id} className="flex flex-wrap items-baseline justify-between gap-x-4 py-2 first:pt-0 last:pb-0">
                    <span className="text-slate-800">
                      <ShiftTime shift={shift} t={t} now={now} />
                    </span>
                    <span className="text-xs text-slate-500">{skillOf(shift, t.skillNames)}</span>
                  </li>
                ))}
              </ul>
              <CardLink to="/my-schedule">
                {count > first.length ? `See all ${count} and claim on My schedule` : "Claim on My schedule"}
              </CardLink>
            </div>
          )
        }
      </WhenLoaded>
    </Card>
  );
}

export function AgentQueueCard({ t }: { t: AgentToday }) {
  return (
    <Card title="Customers waiting for a human">
      <WhenLoaded source={t.queue}>
        {(q) => {
          const presence = PRESENCE_LABELS[q.presence] ?? {
            label: q.presence,
            tone: "slate" as const,
          };
          return (
            <div className="space-y-3 text-sm">
              <p className="flex flex-wrap items-center gap-2 text-slate-700">
                You are <Badge tone={presence.tone}>{presence.label}</Badge>
                {q.offered ? <Badge tone="indigo">A customer is offered to you</Badge> : null}
                {q.talking ? <Badge tone="indigo">{plural(q.talking, "conversation")} open</Badge> : null}
              </p>
              {q.waiting === 0 ? (
                <HomeEmpty title="Nobody is waiting">New requests for a human are offered to available agents on the console.</HomeEmpty>
              ) : (
                <p className="text-slate-700">
                  <span className="font-semibold text-slate-900">{plural(q.waiting, "customer")}</span> waiting, {q.youCanServe} of them
                  with skills you have.
                </p>
              )}
              {q.presence !== "available" && q.waiting > 0 ? (
                <p className="text-slate-600">
                  Set yourself Available on the console and the next customer you can serve is offered to you.
                </p>
              ) : null}
              <CardLink to="/console">{q.waiting > 0 ? "Take the next customer on the console" : "Open the console"}</CardLink>
            </div>
          );
        }}
      </WhenLoaded>
    </Card>
  );
}

export function AgentTimeOffCard({ t }: { t: AgentToday }) {
  return (
    <Card title="Your time-off requests">
      <WhenLoaded source={t.pendingTimeOff}>
        {(pending) =>
          pending.length === 0 ? (
            <HomeEmpty title="No requests waiting for a decision">
              <CardLink to="/my-schedule">Request time off on My schedule</CardLink>
            </HomeEmpty>
          ) : (
            <div className="space-y-3">
              <ul className="divide-y divide-slate-100 text-sm" aria-label="Pending time-off requests">
                {pending.map((r) => {
                  const days = timeOffDays(r.startsAt, r.endsAt, t.agentZone);
                  return (
                    <li key={r.id} className="flex flex-wrap items-baseline justify-between gap-x-4 py-2 first:pt-0 last:pb-0">
                      <span className="text-slate-800">
                        {days.label} <span className="text-slate-500">· {plural(days.days, "day")}</span>
                      </span>
                      <Badge tone="amber">Pending</Badge>
                    </li>
                  );
                })}
              </ul>
              <CardLink to="/my-schedule">Manage time off on My schedule</CardLink>
            </div>
          )
        }
      </WhenLoaded>
    </Card>
  );
}
