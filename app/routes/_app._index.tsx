import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import type { ReactNode } from "react";
import {
  AgentOpenShiftsCard,
  AgentQueueCard,
  AgentShiftsCard,
  AgentStats,
  AgentTimeOffCard,
  type AgentToday,
  type HomeShift,
} from "~/components/home/agent-today";
import {
  PlannerOnShiftCard,
  PlannerOpenShiftsCard,
  PlannerStats,
  PlannerTimeOffCard,
  SupervisorFloorCard,
  SupervisorStats,
  SupervisorTimeOffCard,
  type OnShiftPerson,
  type PendingTimeOff,
  type PlannerToday,
  type SupervisorToday,
} from "~/components/home/floor-today";
import { GoToCard, HomeEmpty, WorkHereCard, type Loaded } from "~/components/home/home-bits";
import { formatSeconds } from "~/components/support/queue-bits";
import { Card, PageHeader } from "~/components/ui/card";
import { RouteErrorPage } from "~/components/ui/route-error";
import { apiFor, requireUser } from "~/lib/api.server";
import { formatNear } from "~/lib/format";
import { navFor, ROLE_LABELS } from "~/lib/roles";
import { clockRange, formatLocalDay, localDayOf, timeOffDays } from "~/lib/shift-format";
import { viewerZoneFrom } from "~/lib/viewer-zone";
import type { Role } from "../../db/roles";
import { instantFromLocal } from "../../server/workforce/local-time";

export const meta: MetaFunction = () => [{ title: "Home · Frontline" }];

/** What each role does here, in its own words. */
const ROLE_INTRO: Record<Role, string> = {
  admin: "Manage who can sign in and what they may do, and review every change in the audit log.",
  hr: "Look up agents: their contracts, hire and termination dates, hours and pay rates, teams and skills; and any customer's history.",
  planner: "Build schedules on the board, post open shifts for agents to claim, and keep agents, teams and skills up to date.",
  supervisor: "Watch the live queue and who is on shift, score interactions, decide time off and review work logged off shift.",
  agent: "Take the next customer who asked for a human, look up any customer's history, and pick up open shifts.",
};

/** Next shifts shown after the current or next one; open shifts, people and requests shown before "see all". */
const COMING_SHIFTS = 4;
const FIRST_FEW = 3;
const PEOPLE_SHOWN = 6;
/** The time-off list answers at most this many; more shows as "200+". */
const TIME_OFF_CAP = 200;
const DAY_MS = 86_400_000;

type Api = Awaited<ReturnType<typeof apiFor>>["api"];

/**
 * One card's data: a refusal the person can act on (not an agent yet) is shown as
 * the server said it; anything else is logged and the card says it could not load.
 */
async function settle<T>(what: string, run: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, data: await run() };
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "PRECONDITION_FAILED" || error.code === "FORBIDDEN")) {
      return { ok: false, error: error.message };
    }
    console.error(`home: could not load ${what}`, error);
    return {
      ok: false,
      error: `Could not load ${what}. Reload the page to try again.`,
    };
  }
}

const shiftOf = (s: HomeShift): HomeShift => ({
  id: s.id,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  skillId: s.skillId,
});

async function agentToday(api: Api, viewerZone: string, now: Date): Promise<{ notAgent: string } | AgentToday> {
  const me = await settle("your agent profile", () => api.agents.me());
  if (!me.ok) return { notAgent: me.error };
  const agent = me.data;
  if (!agent)
    return {
      notAgent: "You are not set up as an agent yet — ask a workforce planner",
    };
  const [shifts, claimable, pendingTimeOff, queue, skills] = await Promise.all([
    settle("your shifts", async () => {
      const { shifts } = await api.shifts.mine({ from: now.toISOString() });
      return shifts
        .filter((s) => Date.parse(s.endsAt) > now.getTime())
        .slice(0, COMING_SHIFTS + 1)
        .map(shiftOf);
    }),
    settle("the open shifts", async () => {
      const open = await api.shifts.claimable();
      return {
        count: open.length,
        first: open.slice(0, FIRST_FEW).map(shiftOf),
      };
    }),
    settle("your time off", async () =>
      (
        await api.timeOff.mine()
      )
        .filter((r) => r.status === "pending")
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
        .map((r) => ({
          id: r.id,
          startsAt: r.startsAt,
          endsAt: r.endsAt,
          reason: r.reason,
        }))
    ),
    settle("the queue", async () => {
      const c = await api.queue.console();
      return {
        waiting: c.queue.counts.waiting,
        youCanServe: c.queue.items.filter((i) => i.status === "waiting" && i.canServe).length,
        presence: c.presence.status,
        offered: Boolean(c.offer),
        talking: c.active.length,
      };
    }),
    settle("skills", () => api.skills.list()),
  ]);
  return {
    agentZone: agent.timeZone,
    viewerZone,
    renderedAt: now.toISOString(),
    skillNames: skills.ok ? Object.fromEntries(skills.data.map((s) => [s.id, s.name])) : {},
    shifts,
    claimable,
    pendingTimeOff,
    queue,
  };
}

function pendingTimeOff(api: Api): Promise<Loaded<PendingTimeOff>> {
  // A supervisor's list holds only the teams they supervise (the server filters).
  return settle("the time-off requests", async () => {
    const pending = await api.timeOff.list({
      status: "pending",
      limit: TIME_OFF_CAP,
    });
    return {
      count: pending.length,
      capped: pending.length >= TIME_OFF_CAP,
      // Whole days in the agent's own zone, as the Time off page names them.
      first: pending.slice(0, FIRST_FEW).map((r) => {
        const days = timeOffDays(r.startsAt, r.endsAt, r.timeZone);
        return {
          id: r.id,
          agentName: r.agentName,
          days: days.label,
          dayCount: days.days,
        };
      }),
    };
  });
}

function person(a: { agentId: string; name: string; teamName: string | null; endsAt: string }, zone: string, now: Date): OnShiftPerson {
  return {
    agentId: a.agentId,
    name: a.name,
    teamName: a.teamName,
    endsLabel: formatNear(a.endsAt, zone, now),
  };
}

async function supervisorToday(api: Api, zone: string, now: Date): Promise<SupervisorToday> {
  // "Today" is the supervisor's own day, as on the wall.
  const localDate = localDayOf(now.toISOString(), zone);
  const dayStart = instantFromLocal(localDate, "00:00", zone);
  const [floor, pending] = await Promise.all([
    settle("the floor", async () => {
      const wall = await api.queue.wall({ dayStart: dayStart.toISOString() });
      const s = wall.stats;
      return {
        waiting: s.waiting,
        onShift: s.onShift,
        available: s.available,
        longestWait: s.longestWaitSeconds === null ? null : formatSeconds(s.longestWaitSeconds),
        slaBreachesToday: s.slaBreachesToday,
        offShiftToReview: s.offShiftToReview,
        people: wall.agents.slice(0, PEOPLE_SHOWN).map((a) => ({ ...person(a, zone, now), presence: a.presence })),
      };
    }),
    pendingTimeOff(api),
  ]);
  return { zone, floor, pendingTimeOff: pending };
}

async function plannerToday(api: Api, zone: string, now: Date): Promise<PlannerToday> {
  const [openShifts, onShift, pending, skills] = await Promise.all([
    settle("the open shifts", async () => {
      // Only the open shifts are wanted: one agent keeps the board's agent page small.
      const board = await api.shifts.board({
        from: now.toISOString(),
        to: new Date(now.getTime() + 7 * DAY_MS).toISOString(),
        limit: 1,
      });
      return board.openShifts;
    }),
    settle("who is on shift", async () => {
      const people = await api.shifts.onShiftNow({});
      return {
        count: people.length,
        people: people.slice(0, PEOPLE_SHOWN).map((a) => person(a, zone, now)),
      };
    }),
    pendingTimeOff(api),
    settle("skills", () => api.skills.list()),
  ]);
  const skillName = new Map(skills.ok ? skills.data.map((s) => [s.id, s.name]) : []);
  const open: PlannerToday["openShifts"] = openShifts.ok
    ? {
        ok: true,
        data: {
          count: openShifts.data.length,
          first: openShifts.data.slice(0, FIRST_FEW).map((s) => ({
            id: s.id,
            label: `${formatLocalDay(localDayOf(s.startsAt, zone), "EEE d MMM")}, ${clockRange(s.startsAt, s.endsAt, zone)}`,
            skill: s.skillId ? skillName.get(s.skillId) ?? "Skill required" : "Any skill",
            underWay: Date.parse(s.startsAt) <= now.getTime(),
          })),
        },
      }
    : openShifts;
  return { zone, openShifts: open, onShift, pendingTimeOff: pending };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, resHeaders } = await requireUser(request, context);
  const zone = viewerZoneFrom(request);
  const now = new Date();
  const base = { user: { name: user.name, role: user.role } };
  // Each role's "today"; admin and HR keep the intro and their pages.
  if (user.role === "agent") {
    const today = await agentToday(api, zone, now);
    return data(
      {
        ...base,
        view: "agent" as const,
        agent: "notAgent" in today ? null : today,
        notAgent: "notAgent" in today ? today.notAgent : null,
      },
      { headers: resHeaders }
    );
  }
  if (user.role === "supervisor") {
    return data(
      {
        ...base,
        view: "supervisor" as const,
        supervisor: await supervisorToday(api, zone, now),
      },
      { headers: resHeaders }
    );
  }
  if (user.role === "planner") {
    return data(
      {
        ...base,
        view: "planner" as const,
        planner: await plannerToday(api, zone, now),
      },
      { headers: resHeaders }
    );
  }
  return data({ ...base, view: "intro" as const }, { headers: resHeaders });
}

export default function Home() {
  const loaded = useLoaderData<typeof loader>();
  const { user } = loaded;
  const links = navFor(user.role).filter((item) => item.to !== "/");
  const goTo = <GoToCard intro={ROLE_INTRO[user.role]} links={links} />;
  const header = <PageHeader title={`Welcome, ${user.name.split(" ")[0]}`} description={`Signed in as ${ROLE_LABELS[user.role]}`} />;

  if (loaded.view === "agent") {
    const t = loaded.agent;
    return (
      <>
        {header}
        {t ? (
          <>
            <AgentStats t={t} />
            <Columns
              left={
                <>
                  <AgentShiftsCard t={t} />
                  <AgentOpenShiftsCard t={t} />
                </>
              }
              right={
                <>
                  <AgentQueueCard t={t} />
                  <AgentTimeOffCard t={t} />
                  {goTo}
                </>
              }
            />
          </>
        ) : (
          <Columns
            left={
              <Card title="Today">
                <HomeEmpty title={loaded.notAgent ?? "Not set up as an agent"}>
                  Once a planner adds you as an agent, your shifts, open shifts and time off show here.
                </HomeEmpty>
              </Card>
            }
            right={goTo}
          />
        )}
      </>
    );
  }
  if (loaded.view === "supervisor") {
    return (
      <>
        {header}
        <SupervisorStats t={loaded.supervisor} />
        <Columns
          left={<SupervisorFloorCard t={loaded.supervisor} />}
          right={
            <>
              <SupervisorTimeOffCard t={loaded.supervisor} />
              {goTo}
            </>
          }
        />
      </>
    );
  }
  if (loaded.view === "planner") {
    return (
      <>
        {header}
        <PlannerStats t={loaded.planner} />
        <Columns
          left={
            <>
              <PlannerOpenShiftsCard t={loaded.planner} />
              <PlannerOnShiftCard t={loaded.planner} />
            </>
          }
          right={
            <>
              <PlannerTimeOffCard t={loaded.planner} />
              {goTo}
            </>
          }
        />
      </>
    );
  }
  return (
    <>
      {header}
      <Columns left={<WorkHereCard intro={ROLE_INTRO[user.role]} />} right={<GoToCard links={links} />} />
    </>
  );
}

/** Two stacks of cards side by side on wide screens (each card as tall as its content), one stack on narrow ones. */
function Columns({ left, right }: { left: ReactNode; right?: ReactNode }) {
  return (
    <div className="grid items-start gap-6 lg:grid-cols-2">
      <div className="min-w-0 space-y-6">{left}</div>
      {right ? <div className="min-w-0 space-y-6">{right}</div> : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title="Home" what="Your home page" link={{ to: "/customers", label: "Go to customers" }} />;
}
