import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { BoardGrid } from "~/components/workforce/board-grid";
import { ShiftPanel, TemplatePanel, type PanelFailure } from "~/components/workforce/board-panels";
import { Badge, Card, PageHeader } from "~/components/ui/card";
import { normaliseTimeOfDay, TIME_OF_DAY_MESSAGE } from "~/components/ui/field";
import { Toaster } from "~/components/ui/toast";
import { formFailure, requireUser } from "~/lib/api.server";
import { boardRange, dayHeading, shiftAnchor, timeRange } from "~/lib/board-layout";
import { viewerZoneFrom } from "~/lib/viewer-zone";
import { formatLocal, localShiftInstants } from "../../server/workforce/local-time";

export const meta: MetaFunction = () => [{ title: "Schedule board · Frontline" }];

// Single fetch skips reloading after a refused (4xx) action; a refusal often means the board changed.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod?.toUpperCase() === "POST" || defaultShouldRevalidate;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, resHeaders } = await requireUser(request, context, ["planner", "supervisor"]);
  const url = new URL(request.url);
  const p = url.searchParams;
  const zone = viewerZoneFrom(request);
  const range = boardRange(p.get("view") === "day" ? "day" : "week", p.get("date"), zone);
  const afterName = p.get("afterName");
  const afterId = p.get("afterId");
  const [board, teams, skills, onShift] = await Promise.all([
    api.shifts.board({
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      teamId: p.get("team") || undefined,
      skillId: p.get("skill") || undefined,
      after: afterName && afterId ? { name: afterName, id: afterId } : undefined,
      limit: 100,
    }),
    api.teams.list(),
    api.skills.list(),
    api.shifts.onShiftNow({}),
  ]);
  const shiftId = p.get("shift");
  const editing =
    p.get("panel") === "edit"
      ? (board.openShifts.find((s) => s.id === shiftId) ??
        board.agents.flatMap((a) => a.shifts.filter((s) => s.id === shiftId).map((s) => ({ ...s, agentId: a.id }))).at(0))
      : undefined;
  return data(
    {
      range: { ...range, from: range.from.toISOString(), to: range.to.toISOString() },
      board,
      teams,
      skills,
      onShift,
      editing: editing ?? null,
      canEdit: user.role === "planner" || user.role === "admin",
    },
    { headers: resHeaders },
  );
}

function field(form: FormData, name: string): string {
  return String(form.get(name) ?? "").trim();
}

/** A typed time as 24-hour HH:MM ("930" → "09:30"); what was typed if it is not a time, for the API to refuse. */
function timeField(form: FormData, name: string): string {
  const typed = field(form, name);
  return normaliseTimeOfDay(typed) ?? typed;
}

function overrideOf(form: FormData) {
  const reason = field(form, "overrideReason");
  return reason ? { reason } : undefined;
}

/** Local date and wall-clock times in a zone → the instants the API takes. */
function instantsFrom(form: FormData) {
  const date = field(form, "date");
  const start = timeField(form, "start");
  const end = timeField(form, "end");
  const zone = field(form, "zone") || "UTC";
  try {
    const { startsAt, endsAt } = localShiftInstants(date, start, end, zone);
    return { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
  } catch {
    return null;
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["planner"]);
  const form = await request.formData();
  const intent = field(form, "intent");
  const ok = (message: string) => data({ ok: true as const, intent, message, at: Date.now() }, { headers: resHeaders });
  const invalid = (fieldErrors: Record<string, string[]>) =>
    data({ ok: false as const, intent, formError: "Some fields need attention.", fieldErrors, details: null }, { status: 400, headers: resHeaders });
  try {
    if (intent === "create" || intent === "update") {
      const badTimes = Object.fromEntries((["start", "end"] as const).filter((k) => !normaliseTimeOfDay(field(form, k))).map((k) => [k, [TIME_OF_DAY_MESSAGE]]));
      if (Object.keys(badTimes).length) return invalid(badTimes);
      const times = instantsFrom(form);
      if (!times) return invalid({ date: ["Enter a date, a start and an end."] });
      const common = {
        agentId: field(form, "agentId") || null,
        ...times,
        skillId: field(form, "skillId") || null,
        breakMinutes: Number(field(form, "breakMinutes") || 0),
        note: field(form, "note") || null,
        override: overrideOf(form),
      };
      if (intent === "create") {
        const shift = await api.shifts.create(common);
        return ok(shift.status === "open" ? "Open shift posted. Eligible agents can claim it now." : "Shift created.");
      }
      await api.shifts.update({ shiftId: field(form, "shiftId"), ...common });
      return ok("Shift saved.");
    }
    if (intent === "cancel") {
      await api.shifts.cancel({ shiftId: field(form, "shiftId") });
      return ok("Shift cancelled.");
    }
    if (intent === "template") {
      const result = await api.shifts.createFromTemplate({
        agentId: field(form, "agentId") || null,
        timeZone: field(form, "zone") || undefined,
        fromDate: field(form, "fromDate"),
        toDate: field(form, "toDate"),
        weekdays: form.getAll("weekdays").map(Number),
        start: timeField(form, "start"),
        end: timeField(form, "end"),
        skillId: field(form, "skillId") || null,
        breakMinutes: Number(field(form, "breakMinutes") || 0),
        note: null,
        override: overrideOf(form),
      });
      return ok(`${result.created} shift${result.created === 1 ? "" : "s"} created.`);
    }
    return invalid({ intent: ["Unknown action."] });
  } catch (error) {
    // The rules were shown with a reason box and the planner saved again leaving it empty: the panel says so.
    const reasonMissing = form.has("overrideReason") && !field(form, "overrideReason");
    return formFailure(error, resHeaders, { intent, reasonMissing });
  }
}

export default function ScheduleBoard() {
  const { range, board, teams, skills, onShift, editing, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const submit = useSubmit();
  const zone = range.zone;
  const rangeValue = { ...range, from: new Date(range.from), to: new Date(range.to) };

  const hrefWith = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const key of ["panel", "shift", "agent", "day"]) if (!(key in changes)) next.delete(key);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    return `?${next}`;
  };
  const closeHref = hrefWith({});
  const skillNames = Object.fromEntries(skills.map((s) => [s.id, s.name]));
  const agentOptions = board.agents.map((a) => ({ value: a.id, label: `${a.name} (${a.timeZone})` }));
  const skillOptions = skills.map((s) => ({ value: s.id, label: s.name }));
  const panel = params.get("panel");
  const failure = result && !result.ok ? (result as PanelFailure) : null;
  // After a successful save the panel closes by navigating to the board without panel params.
  const panelOpen = panel && !(result?.ok && navigation.state === "idle" && (result.intent === "create" || result.intent === "update" || result.intent === "cancel" || result.intent === "template"));

  const today = formatLocal(new Date(), zone, "yyyy-MM-dd");
  const defaultDay = range.days.includes(today) ? today : range.days[0]!;
  const first = dayHeading(range.days[0]!);
  const last = dayHeading(range.days[range.days.length - 1]!);
  const title = range.view === "week" ? `${first.date} – ${last.date}` : `${first.weekday} ${first.date}`;

  const zonesFor = (agentId: string | null) => {
    const agentZone = board.agents.find((a) => a.id === agentId)?.timeZone;
    return [
      { value: zone, label: `${zone} (your zone)` },
      ...(agentZone && agentZone !== zone ? [{ value: agentZone, label: `${agentZone} (agent's zone)` }] : []),
    ];
  };

  let panelNode = null;
  if (panelOpen && canEdit && panel === "new") {
    const agentParam = params.get("agent");
    const agentId = agentParam && agentParam !== "open" ? agentParam : "";
    panelNode = (
      <ShiftPanel
        mode="new"
        closeHref={closeHref}
        agents={agentOptions}
        skills={skillOptions}
        zones={zonesFor(agentId)}
        failure={failure?.intent === "create" ? failure : null}
        initial={{ agentId, date: params.get("day") ?? defaultDay, start: "09:00", end: "17:00", zone, breakMinutes: 30, skillId: "", note: "" }}
      />
    );
  } else if (panelOpen && canEdit && panel === "edit" && editing) {
    panelNode = (
      <ShiftPanel
        mode="edit"
        closeHref={closeHref}
        agents={agentOptions}
        skills={skillOptions}
        zones={zonesFor(editing.agentId)}
        failure={failure?.intent === "update" || failure?.intent === "cancel" ? failure : null}
        initial={{
          shiftId: editing.id,
          agentId: editing.agentId ?? "",
          date: formatLocal(new Date(editing.startsAt), zone, "yyyy-MM-dd"),
          start: formatLocal(new Date(editing.startsAt), zone, "HH:mm"),
          end: formatLocal(new Date(editing.endsAt), zone, "HH:mm"),
          zone,
          breakMinutes: editing.breakMinutes,
          skillId: editing.skillId ?? "",
          note: editing.note ?? "",
        }}
      />
    );
  } else if (panelOpen && canEdit && panel === "template") {
    panelNode = (
      <TemplatePanel closeHref={closeHref} agents={agentOptions} skills={skillOptions} zone={zone} fromDate={defaultDay} failure={failure?.intent === "template" ? failure : null} />
    );
  }

  const nextAgents = board.nextCursor ? hrefWith({ afterName: board.nextCursor.name, afterId: board.nextCursor.id }) : null;

  return (
    <>
      <PageHeader
        title="Schedule board"
        description={`Times in ${zone}. ${board.openShifts.length} open shift${board.openShifts.length === 1 ? "" : "s"} in view.`}
        actions={
          canEdit ? (
            <>
              <Link to={hrefWith({ panel: "new", agent: "open", day: defaultDay })} className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-700">
                Post open shift
              </Link>
              <Link to={hrefWith({ panel: "template" })} className="rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
                Repeat a shift
              </Link>
            </>
          ) : null
        }
      />

      <Card>
        <div className="mb-4 flex flex-wrap items-center gap-3">
          <nav aria-label="Dates" className="flex items-center gap-1">
            <Link to={hrefWith({ date: shiftAnchor(rangeValue, -1), afterName: null, afterId: null })} className="rounded-md px-2 py-1 text-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50" aria-label={range.view === "week" ? "Previous week" : "Previous day"}>
              ←
            </Link>
            <Link to={hrefWith({ date: null, afterName: null, afterId: null })} className="rounded-md px-2 py-1 text-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
              Today
            </Link>
            <Link to={hrefWith({ date: shiftAnchor(rangeValue, 1), afterName: null, afterId: null })} className="rounded-md px-2 py-1 text-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50" aria-label={range.view === "week" ? "Next week" : "Next day"}>
              →
            </Link>
          </nav>
          <h2 className="text-base font-semibold" aria-live="polite">
            {title}
          </h2>
          <div className="flex rounded-md ring-1 ring-inset ring-slate-300" role="group" aria-label="View">
            {(["week", "day"] as const).map((v) => (
              <Link key={v} to={hrefWith({ view: v })} aria-current={range.view === v ? "page" : undefined} className={`px-3 py-1 text-sm ${range.view === v ? "bg-indigo-50 font-medium text-indigo-700" : "text-slate-700"}`}>
                {v === "week" ? "Week" : "Day"}
              </Link>
            ))}
          </div>
          <Form method="get" className="ml-auto flex flex-wrap gap-2" onChange={(e) => submit(e.currentTarget, { replace: true })}>
            {["view", "date"].map((k) => (params.get(k) ? <input key={k} type="hidden" name={k} value={params.get(k)!} /> : null))}
            <label className="sr-only" htmlFor="team-filter">
              Team
            </label>
            <select id="team-filter" name="team" defaultValue={params.get("team") ?? ""} className="rounded-md border-0 bg-white py-1.5 pl-2 pr-8 text-sm ring-1 ring-inset ring-slate-300">
              <option value="">All teams</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            <label className="sr-only" htmlFor="skill-filter">
              Skill
            </label>
            <select id="skill-filter" name="skill" defaultValue={params.get("skill") ?? ""} className="rounded-md border-0 bg-white py-1.5 pl-2 pr-8 text-sm ring-1 ring-inset ring-slate-300">
              <option value="">All skills</option>
              {skills.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </Form>
        </div>
        <div className={navigation.state === "loading" ? "opacity-60" : ""} aria-busy={navigation.state === "loading"}>
          {board.agents.length === 0 && board.openShifts.length === 0 ? (
            <p className="rounded-lg border border-dashed border-slate-300 px-6 py-10 text-center text-sm text-slate-600">
              No agents match these filters. Clear the team or skill filter{canEdit ? ", or add agents on the Agents page" : ""}.
            </p>
          ) : (
            <BoardGrid today={today} range={rangeValue} agents={board.agents} openShifts={board.openShifts} skillNames={skillNames} canEdit={canEdit} hrefWith={hrefWith} />
          )}
        </div>
        {nextAgents || params.get("afterName") ? (
          <div className="mt-3 flex justify-between text-sm">
            {params.get("afterName") ? (
              <Link to={hrefWith({ afterName: null, afterId: null })} className="text-indigo-700 hover:underline">
                ← First agents
              </Link>
            ) : (
              <span />
            )}
            {nextAgents ? (
              <Link to={nextAgents} className="text-indigo-700 hover:underline">
                More agents →
              </Link>
            ) : null}
          </div>
        ) : null}
      </Card>

      <div className="mt-6">
        <Card title={`On shift now (${onShift.length})`}>
          {onShift.length === 0 ? (
            <p className="text-sm text-slate-600">Nobody is on shift at this moment.</p>
          ) : (
            <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3" aria-label="Agents on shift now">
              {onShift.map((a) => (
                <li key={a.shiftId} className="rounded-md p-2 ring-1 ring-inset ring-slate-200">
                  <p className="font-medium">{a.name}</p>
                  <p className="text-xs text-slate-500">
                    {timeRange(a.startsAt, a.endsAt, zone)} your time · {a.localShift} {a.timeZone}
                  </p>
                  <p className="mt-1 flex flex-wrap gap-1">
                    {a.skills.map((s: { code: string; name: string; level: number }) => (
                      <Badge key={s.code} tone="indigo">
                        {s.name} {s.level}
                      </Badge>
                    ))}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      {panelNode}
      <Toaster message={result?.ok ? { id: result.at, text: result.message } : null} />
    </>
  );
}
