import { PRESENCE_LABELS } from "~/components/support/queue-bits";
import { Badge, Card } from "~/components/ui/card";
import { CardLink, HomeEmpty, plural, SourceStat, StatRow, WhenLoaded, type Loaded } from "./home-bits";

/** Someone on shift now, with times already in the viewer's zone. */
export interface OnShiftPerson {
  agentId: string;
  name: string;
  teamName: string | null;
  endsLabel: string;
  presence?: string;
}

export interface PendingTimeOff {
  /** How many are pending (the list holds at most `capped` of them). */
  count: number;
  capped: boolean;
  /** The first few, with their whole days in the agent's zone ("Tue 1 Dec 2026"). */
  first: { id: string; agentName: string; days: string; dayCount: number }[];
}

export interface SupervisorToday {
  zone: string;
  floor: Loaded<{
    waiting: number;
    onShift: number;
    available: number;
    longestWait: string | null;
    slaBreachesToday: number;
    offShiftToReview: number;
    people: OnShiftPerson[];
  }>;
  pendingTimeOff: Loaded<PendingTimeOff>;
}

export interface PlannerToday {
  zone: string;
  openShifts: Loaded<{
    count: number;
    first: { id: string; label: string; skill: string; underWay: boolean }[];
  }>;
  onShift: Loaded<{ count: number; people: OnShiftPerson[] }>;
  pendingTimeOff: Loaded<PendingTimeOff>;
}

const countOf = (p: PendingTimeOff) => `${p.count}${p.capped ? "+" : ""}`;

function OnShiftList({ people, total, zone }: { people: OnShiftPerson[]; total: number; zone: string }) {
  if (total === 0) {
    return (
      <HomeEmpty title="Nobody is on shift right now">
        <CardLink to="/schedule">See the schedule board</CardLink>
      </HomeEmpty>
    );
  }
  return (
    <div className="space-y-2">
      <ul className="divide-y divide-slate-100 text-sm" aria-label="On shift now">
        {people.map((p) => {
          const presence = p.presence
            ? PRESENCE_LABELS[p.presence] ?? {
                label: p.presence,
                tone: "slate" as const,
              }
            : null;
          return (
            <li key={p.agentId} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2 first:pt-0 last:pb-0">
              <span className="min-w-0">
                <span className="font-medium text-slate-900">{p.name}</span>
                {p.teamName ? <span className="text-slate-500"> · {p.teamName}</span> : null}
              </span>
              <span className="flex items-center gap-2 text-xs text-slate-500">
                until {p.endsLabel}
                {presence ? <Badge tone={presence.tone}>{presence.label}</Badge> : null}
              </span>
            </li>
          );
        })}
      </ul>
      {total > people.length ? <p className="text-xs text-slate-500">and {total - people.length} more</p> : null}
      <p className="text-xs text-slate-500">Times in {zone}.</p>
    </div>
  );
}

function TimeOffCard({ source, who }: { source: Loaded<PendingTimeOff>; who: string }) {
  return (
    <Card title="Time off to decide" actions={<CardLink to="/time-off">Time off</CardLink>}>
      <WhenLoaded source={source}>
        {(p) =>
          p.count === 0 ? (
            <HomeEmpty title="No requests waiting">{who}</HomeEmpty>
          ) : (
            <div className="space-y-3">
              <p className="text-sm text-slate-700">
                <span className="font-semibold text-slate-900">{countOf(p)}</span> {p.count === 1 ? "request waits" : "requests wait"} for a
                decision.
              </p>
              <ul className="divide-y divide-slate-100 text-sm" aria-label="Pending time-off requests">
                {p.first.map((r) => (
                  <li key={r.id} className="flex flex-wrap items-baseline justify-between gap-x-4 py-2 first:pt-0 last:pb-0">
                    <span className="font-medium text-slate-900">{r.agentName}</span>
                    <span className="text-slate-600">
                      {r.days} <span className="text-slate-500">· {plural(r.dayCount, "day")}</span>
                    </span>
                  </li>
                ))}
              </ul>
              <CardLink to="/time-off">Decide on the Time off page</CardLink>
            </div>
          )
        }
      </WhenLoaded>
    </Card>
  );
}

export function SupervisorStats({ t }: { t: SupervisorToday }) {
  return (
    <StatRow label="The floor now">
      <SourceStat
        label="Waiting for a human"
        source={t.floor}
        value={(f) => f.waiting}
        tone={(f) => (f.waiting > 0 && f.available === 0 ? "red" : "slate")}
        note={(f) => (f.longestWait ? `longest ${f.longestWait}` : "nobody waiting")}
      />
      <SourceStat label="On shift now" source={t.floor} value={(f) => f.onShift} note={(f) => `${f.available} available`} />
      <SourceStat
        label="SLA breaches today"
        source={t.floor}
        value={(f) => f.slaBreachesToday}
        tone={(f) => (f.slaBreachesToday ? "red" : "slate")}
        note={(f) => `${f.offShiftToReview} off-shift to review`}
      />
      <SourceStat label="Time off to decide" source={t.pendingTimeOff} value={countOf} note={() => "your teams"} />
    </StatRow>
  );
}

export function SupervisorFloorCard({ t }: { t: SupervisorToday }) {
  return (
    <Card title="The floor now" actions={<CardLink to="/wall">Supervisor wall</CardLink>}>
      <WhenLoaded source={t.floor}>
        {(f) => (
          <div className="space-y-4">
            <p className="text-sm text-slate-700">
              {f.waiting === 0 ? (
                "Nobody is waiting for a human."
              ) : (
                <>
                  <span className="font-semibold text-slate-900">{plural(f.waiting, "customer")}</span> waiting for a human
                  {f.longestWait ? `, the longest for ${f.longestWait}` : ""}.
                </>
              )}
            </p>
            <OnShiftList people={f.people} total={f.onShift} zone={t.zone} />
          </div>
        )}
      </WhenLoaded>
    </Card>
  );
}

export function SupervisorTimeOffCard({ t }: { t: SupervisorToday }) {
  return <TimeOffCard source={t.pendingTimeOff} who="Requests from agents in the teams you supervise show here." />;
}

export function PlannerStats({ t }: { t: PlannerToday }) {
  return (
    <StatRow label="Planning at a glance" columns={3}>
      <SourceStat
        label="Open shifts, next 7 days"
        source={t.openShifts}
        value={(o) => o.count}
        tone={(o) => (o.count > 0 ? "red" : "green")}
        note={() => "not yet claimed"}
      />
      <SourceStat label="On shift now" source={t.onShift} value={(o) => o.count} />
      <SourceStat label="Time off pending" source={t.pendingTimeOff} value={countOf} note={() => "all teams"} />
    </StatRow>
  );
}

export function PlannerOpenShiftsCard({ t }: { t: PlannerToday }) {
  return (
    <Card title="Open shifts, next 7 days" actions={<CardLink to="/schedule">Board</CardLink>}>
      <WhenLoaded source={t.openShifts}>
        {(o) =>
          o.count === 0 ? (
            <HomeEmpty title="Every shift in the next 7 days is staffed">
              <CardLink to="/schedule">Post open shifts on the board</CardLink>
            </HomeEmpty>
          ) : (
            <div className="space-y-3">
              <p className="text-sm text-slate-700">
                <span className="font-semibold text-slate-900">{plural(o.count, "open shift")}</span> not yet claimed.
              </p>
              <ul className="divide-y divide-slate-100 text-sm" aria-label="Open shifts">
                {o.first.map((s) => (
                  <li key={s.id} className="flex flex-wrap items-baseline justify-between gap-x-4 py-2 first:pt-0 last:pb-0">
                    <span className="tabular-nums text-slate-800">
                      {s.label}
                      {s.underWay ? (
                        <span className="ml-2">
                          <Badge tone="amber">Under way</Badge>
                        </span>
                      ) : null}
                    </span>
                    <span className="text-xs text-slate-500">{s.skill}</span>
                  </li>
                ))}
              </ul>
              <p className="text-xs text-slate-500">Times in {t.zone}.</p>
              <CardLink to="/schedule">{o.count > o.first.length ? `See all ${o.count} on the board` : "Open the board"}</CardLink>
            </div>
          )
        }
      </WhenLoaded>
    </Card>
  );
}

export function PlannerOnShiftCard({ t }: { t: PlannerToday }) {
  return (
    <Card title="On shift now" actions={<CardLink to="/schedule?view=day">Today on the board</CardLink>}>
      <WhenLoaded source={t.onShift}>{(o) => <OnShiftList people={o.people} total={o.count} zone={t.zone} />}</WhenLoaded>
    </Card>
  );
}

export function PlannerTimeOffCard({ t }: { t: PlannerToday }) {
  return <TimeOffCard source={t.pendingTimeOff} who="Agents' requests show here while they wait for a planner or supervisor." />;
}
