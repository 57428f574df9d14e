import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { Card, EmptyState, PageHeader } from "~/components/ui/card";
import { FormError, normaliseTimeOfDay } from "~/components/ui/field";
import { Toaster } from "~/components/ui/toast";
import { MyAvailability } from "~/components/workforce/my-availability";
import { MyOpenShifts } from "~/components/workforce/my-open-shifts";
import { MyShiftList, type MyShift } from "~/components/workforce/my-shift-list";
import { MyTimeOff } from "~/components/workforce/my-time-off";
import { shownZone, useNow, useViewerZone } from "~/components/workforce/my-viewer-zone";
import { formFailure, requireUser } from "~/lib/api.server";
import { clockRange, formatLocalDay, localDayOf, relativeDay, shiftLabel, timeOffDays, zoneOffset } from "~/lib/shift-format";
import { useSuccessKey } from "~/lib/success-key";
import { VIEWER_ZONE_COOKIE, viewerZoneFrom } from "~/lib/viewer-zone";

export const meta: MetaFunction = () => [{ title: "My schedule · Frontline" }];

/** The browser's zone from an earlier visit's cookie, or null when the browser has not said yet. */
function viewerZoneHint(request: Request): string | null {
  const cookie = request.headers.get("cookie") ?? "";
  return new RegExp(`(?:^|;\\s*)${VIEWER_ZONE_COOKIE}=`).test(cookie) ? viewerZoneFrom(request) : null;
}

/**
 * Reload the lists after a refused action too (Remix skips that by default):
 * a refusal usually means the data moved on, e.g. a shift someone else took.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod?.toUpperCase() === "POST" || defaultShouldRevalidate;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["agent"]);
  const now = new Date();
  const base = { renderedAt: now.toISOString(), viewerZoneHint: viewerZoneHint(request) };
  const agent = await api.agents.me();
  if (!agent) {
    return data(
      { ...base, agent: null, shifts: [], openShifts: [], timeOff: [], availability: [], skillNames: {} as Record<string, string> },
      { headers: resHeaders },
    );
  }
  const [mine, openShifts, timeOff, availability, skills] = await Promise.all([
    api.shifts.mine({ from: now.toISOString() }),
    api.shifts.claimable(),
    api.timeOff.mine(),
    api.availability.mine(),
    api.skills.list(),
  ]);
  return data(
    {
      ...base,
      agent: { name: agent.name, timeZone: agent.timeZone },
      shifts: mine.shifts,
      openShifts,
      timeOff,
      availability,
      skillNames: Object.fromEntries(skills.map((s) => [s.id, s.name])) as Record<string, string>,
    },
    { headers: resHeaders },
  );
}

function field(form: FormData, name: string): string {
  return String(form.get(name) ?? "").trim();
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["agent"]);
  const form = await request.formData();
  const intent = field(form, "intent");
  const shiftId = field(form, "shiftId") || null;
  const ok = (message: string) => data({ ok: true as const, intent, message, at: Date.now() }, { headers: resHeaders });
  // Messages name shift times in the viewer's zone, like the page; time-off days are the agent's own.
  const zone = async () => (await api.agents.me())?.timeZone ?? "UTC";
  const viewerZone = viewerZoneHint(request);
  const shown = async () => viewerZone ?? (await zone());
  try {
    if (intent === "claim") {
      const shift = await api.shifts.claim({ shiftId: shiftId ?? "" });
      return ok(`Shift claimed: ${shiftLabel(shift.startsAt, shift.endsAt, await shown())}`);
    }
    if (intent === "offerBack") {
      const shift = await api.shifts.offerBack({ shiftId: shiftId ?? "", reason: field(form, "reason") });
      return ok(`Shift offered back: ${shiftLabel(shift.startsAt, shift.endsAt, await shown())}. It is open for others to claim.`);
    }
    if (intent === "requestTimeOff") {
      const request = await api.timeOff.request({ fromDate: field(form, "fromDate"), toDate: field(form, "toDate"), reason: field(form, "reason") });
      return ok(`Time off requested: ${timeOffDays(request.startsAt, request.endsAt, await zone()).label}. A supervisor will decide.`);
    }
    if (intent === "cancelTimeOff") {
      await api.timeOff.cancel({ requestId: field(form, "requestId") });
      return ok("Time-off request cancelled.");
    }
    if (intent === "availability") {
      const weekdays = form.getAll("weekday");
      const starts = form.getAll("start");
      const ends = form.getAll("end");
      // Typed times as 24-hour HH:MM ("930" → "09:30"); anything else goes as typed for the API to refuse.
      const time = (typed: FormDataEntryValue | undefined) => normaliseTimeOfDay(String(typed ?? "")) ?? String(typed ?? "");
      const slots = weekdays.map((weekday, i) => ({ weekday: Number(weekday), start: time(starts[i]), end: time(ends[i]) }));
      const saved = await api.availability.setMine({ slots });
      return ok(saved.length ? `Availability saved: ${saved.length} time slot${saved.length === 1 ? "" : "s"} a week.` : "Availability cleared.");
    }
    return data(
      { ok: false as const, intent, shiftId, at: Date.now(), formError: "Unknown action.", fieldErrors: {} as Record<string, string[] | undefined>, details: null },
      { status: 400, headers: resHeaders },
    );
  } catch (error) {
    return formFailure(error, resHeaders, { intent, shiftId, at: Date.now() });
  }
}

export default function MySchedule() {
  const { agent, renderedAt, viewerZoneHint, shifts, openShifts, timeOff, availability, skillNames } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const viewerZone = useViewerZone(viewerZoneHint);
  const now = useNow(renderedAt);
  const timeOffFormKey = useSuccessKey(result, "requestTimeOff");
  // The editor starts again from what was stored, so only once the lists have reloaded: the action's answer
  // arrives first, and a new key then would remount it with the week as it was before the save.
  const availabilityKey = useSuccessKey(navigation.state === "idle" ? result : undefined, "availability");

  if (!agent) {
    return (
      <>
        <PageHeader title="My schedule" />
        <Card>
          <EmptyState title="You are not set up as an agent yet — ask a workforce planner">
            Once a planner adds you as an agent, your shifts, the open shifts you can pick up, your time off and your availability
            show here.
          </EmptyState>
        </Card>
      </>
    );
  }

  const zone = agent.timeZone;
  const submitting = navigation.state === "submitting" ? navigation.formData : undefined;
  const busyIntent = submitting?.get("intent") ?? null;
  const busyShiftId = submitting ? String(submitting.get("shiftId") ?? "") || null : null;
  const failure = result && !result.ok ? result : null;
  const failureFor = (intent: string) => (failure?.intent === intent ? failure : null);
  const toast = result
    ? result.ok
      ? { id: result.at, text: result.message }
      : result.intent === "claim"
        ? { id: result.at, text: result.formError, tone: "error" as const }
        : null
    : null;
  const today = localDayOf(new Date(now).toISOString(), zone);
  // Shift times in this device's zone, with the agent's own under each (as on the home page); time off and
  // availability stay in the agent's own zone, whose local days and hours they are.
  const shown = shownZone(zone, viewerZone);
  const current = shifts.find((s) => Date.parse(s.startsAt) <= now && Date.parse(s.endsAt) > now);
  const next = shifts.find((s) => Date.parse(s.startsAt) > now);

  return (
    <>
      <PageHeader
        title="My schedule"
        description={
          <ZoneNote zone={zone} shown={shown} now={now} />
        }
      />
      <NowBanner current={current} next={next} zone={shown} today={localDayOf(new Date(now).toISOString(), shown)} />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_26rem]">
        <div className="min-w-0 space-y-6">
          <Card title="Upcoming shifts">
            <MyShiftList
              shifts={shifts}
              zone={zone}
              viewerZone={viewerZone}
              now={now}
              skillNames={skillNames}
              timeOff={timeOff.filter((t) => t.status === "approved")}
              failure={failureFor("offerBack")}
              busyShiftId={busyIntent === "offerBack" ? busyShiftId : null}
            />
          </Card>
          <Card
            title="Open shifts you can pick up"
            actions={<span className="text-sm text-slate-500">{openShifts.length} in the next four weeks</span>}
          >
            <div className="space-y-3">
              <FormError message={failureFor("claim")?.formError} />
              <MyOpenShifts
                shifts={openShifts}
                zone={zone}
                viewerZone={viewerZone}
                skillNames={skillNames}
                busyShiftId={busyIntent === "claim" ? busyShiftId : null}
              />
            </div>
          </Card>
        </div>
        <div className="min-w-0 space-y-6">
          <Card title="Time off">
            <MyTimeOff
              requests={timeOff}
              zone={zone}
              today={today}
              failure={failureFor("requestTimeOff") ?? failureFor("cancelTimeOff")}
              busy={busyIntent === "requestTimeOff"}
              resetKey={timeOffFormKey}
            />
          </Card>
          <Card title="Availability">
            <MyAvailability
              key={availabilityKey}
              slots={availability}
              zone={zone}
              failure={failureFor("availability")}
              busy={busyIntent === "availability"}
            />
          </Card>
        </div>
      </div>
      <Toaster message={toast} />
    </>
  );
}

/** Which zone the times are in; the agent's own is named too when this device's clock reads differently (e.g. while travelling). */
function ZoneNote({ zone, shown, now }: { zone: string; shown: string; now: number }) {
  if (shown === zone || zoneOffset(shown, now) === zoneOffset(zone, now)) return <>Times in your zone, {zone} ({zoneOffset(zone, now)}).</>;
  return (
    <>
      Times in this device&apos;s zone, {shown} ({zoneOffset(shown, now)}); your own zone, {zone} ({zoneOffset(zone, now)}), is under each
      shift. Time off and availability are in your own zone.
    </>
  );
}

/** The shift under way, or the next one, at a glance. */
function NowBanner({ current, next, zone, today }: { current?: MyShift; next?: MyShift; zone: string; today: string }) {
  if (current) {
    return (
      <p className="mb-6 rounded-lg bg-green-50 px-4 py-3 text-sm text-green-900 ring-1 ring-inset ring-green-300">
        <span className="font-semibold">On shift now</span> · {clockRange(current.startsAt, current.endsAt, zone)}
      </p>
    );
  }
  if (!next) return null;
  const day = localDayOf(next.startsAt, zone);
  const relative = relativeDay(day, today);
  return (
    <p className="mb-6 rounded-lg bg-indigo-50 px-4 py-3 text-sm text-indigo-900 ring-1 ring-inset ring-indigo-200">
      <span className="font-semibold">Next shift</span> · {relative || formatLocalDay(day, "EEEE d MMMM")},{" "}
      {clockRange(next.startsAt, next.endsAt, zone)}
    </p>
  );
}
