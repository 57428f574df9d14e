import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useRouteError,
  useSearchParams,
} from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Button } from "~/components/ui/button";
import { Badge, Card, PageHeader } from "~/components/ui/card";
import { FormError, useRevealFirstError } from "~/components/ui/field";
import { Toaster, type ToastMessage } from "~/components/ui/toast";
import { AgentFormFields } from "~/components/workforce/agent-form-fields";
import { formErrorsWith, readAgentForm } from "~/components/workforce/agent-form-data";
import { centsToDecimal, employmentTypeLabel, formatMoney, laborRegionLabel } from "~/components/workforce/agent-labels";
import { AgentLocalTime } from "~/components/workforce/agent-local-time";
import { timeZoneChoices } from "~/components/workforce/agent-time-zones";
import { formFailure, requireUser } from "~/lib/api.server";
import { availabilityRange, isOvernight, WEEKDAYS, weekdayName } from "~/lib/shift-format";
import { updateAgentInput } from "../../server/workforce/workforce.schema";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.agent.name ?? "Agent"} · Agents · Frontline` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { api, user, resHeaders } = await requireUser(request, context, ["planner", "supervisor", "hr"]);
  const agentId = params.agentId ?? "";
  let agent;
  try {
    agent = await api.agents.get({ agentId });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) {
      throw data("There is no such agent. It may have been a mistyped link.", { status: 404 });
    }
    throw error;
  }
  const canEdit = user.role === "planner" || user.role === "admin";
  // Availability is for those who plan and run the floor (planners, supervisors).
  const canSeeAvailability = canEdit || user.role === "supervisor";
  const now = new Date();
  const [availability, teams, skills] = await Promise.all([
    canSeeAvailability ? api.agents.availability({ agentId }) : Promise.resolve(null),
    canEdit ? api.teams.list() : Promise.resolve([]),
    canEdit ? api.skills.list() : Promise.resolve([]),
  ]);
  return data(
    {
      agent,
      availability,
      teams,
      skills,
      canEdit,
      zones: canEdit ? timeZoneChoices(now, agent.timeZone) : null,
      renderedAt: now.toISOString(),
      today: now.toISOString().slice(0, 10),
    },
    { headers: resHeaders },
  );
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["planner"]);
  const form = await request.formData();
  const { values, errors } = readAgentForm(form);
  const input = { agentId: params.agentId ?? "", ...values };
  if (Object.keys(errors).length) {
    return data(
      {
        ok: false as const,
        formError: "Some fields need attention.",
        fieldErrors: formErrorsWith(updateAgentInput, input, errors),
        details: null,
      },
      { status: 400, headers: resHeaders },
    );
  }
  try {
    const agent = await api.agents.update(input);
    return data({ ok: true as const, message: `Saved ${agent.name}'s record.`, at: Date.now() }, { headers: resHeaders });
  } catch (error) {
    return formFailure(error, resHeaders);
  }
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-slate-900 sm:col-span-2">{children}</dd>
    </>
  );
}

function LevelMeter({ level }: { level: number }) {
  return (
    <span className="flex items-center gap-0.5" aria-hidden="true">
      {[1, 2, 3, 4, 5].map((n) => (
        <span key={n} className={`h-2 w-4 rounded-sm ${n <= level ? "bg-indigo-500" : "bg-slate-200"}`} />
      ))}
    </span>
  );
}

export default function AgentDetail() {
  const { agent, availability, teams, skills, canEdit, zones, renderedAt, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const saving = navigation.state === "submitting";
  const failure = result && !result.ok ? result : null;
  const formRef = useRef<HTMLFormElement>(null);
  useRevealFirstError(formRef, failure);
  const [params, setParams] = useSearchParams();
  const [toast, setToast] = useState<ToastMessage | null>(null);

  // Arriving from "Add agent": confirm once, then drop the marker so a reload does not repeat it.
  const created = params.get("created") === "1";
  useEffect(() => {
    if (!created) return;
    setToast({ id: `created-${agent.id}`, text: `${agent.name} is now an agent.` });
    setParams(
      (prev) => {
        prev.delete("created");
        return prev;
      },
      { replace: true, preventScrollReset: true },
    );
  }, [created, agent.id, agent.name, setParams]);
  useEffect(() => {
    if (result?.ok) setToast({ id: result.at, text: result.message });
  }, [result]);

  const left = agent.terminationDate !== null && agent.terminationDate < today;
  const byDay = WEEKDAYS.map(({ label: name }, i) => ({
    name,
    slots: (availability ?? []).filter((s) => s.weekday === i + 1),
    // The night from the day before (Sunday's for Monday) that runs into this one.
    carried: (availability ?? []).find((s) => s.weekday === (i === 0 ? 7 : i) && isOvernight(s) && s.end !== "00:00"),
  }));

  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/agents" className="text-indigo-700 hover:underline">
          ← Agents
        </Link>
      </p>
      <PageHeader
        title={agent.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span>
              {agent.email} · {agent.employeeNumber}
            </span>
            {agent.teamName ? <Badge tone="indigo">{agent.teamName}</Badge> : <Badge>No team</Badge>}
            {agent.terminationDate ? (
              <Badge tone={left ? "red" : "amber"}>{left ? `Left ${agent.terminationDate}` : `Leaves ${agent.terminationDate}`}</Badge>
            ) : null}
          </span>
        }
      />

      {/* Three cards side by side only from 1280 px: at 1024 px a third of the page cut "Employment" into its value. */}
      <div className="grid grid-cols-1 gap-6 md:grid-cols-2 xl:grid-cols-3">
        <Card title="Profile">
          <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-3">
            <Detail label="Local time">
              <AgentLocalTime zone={agent.timeZone} renderedAt={renderedAt} />
            </Detail>
            <Detail label="Time zone">{agent.timeZone.replaceAll("_", " ")}</Detail>
            <Detail label="Employment">
              {employmentTypeLabel(agent.employmentType)}, {agent.contractHoursPerWeek} h/week
            </Detail>
            <Detail label="Hourly rate">{formatMoney(agent.hourlyRateCents, agent.currency)}</Detail>
            <Detail label="Labor rules">{laborRegionLabel(agent.laborRegion)}</Detail>
            <Detail label="Hired">{agent.hireDate}</Detail>
            <Detail label="Termination">{agent.terminationDate ?? <span className="text-slate-500">None</span>}</Detail>
          </dl>
        </Card>

        <Card title="Skills and languages">
          {agent.skills.length === 0 ? (
            <p className="text-sm text-slate-500">No skills recorded yet.</p>
          ) : (
            <ul className="space-y-2 text-sm">
              {agent.skills.map((s) => (
                <li key={s.skillId} className="flex items-center justify-between gap-3">
                  <span className="min-w-0">
                    {s.name}
                    {s.kind === "language" ? <span className="ml-1 text-xs text-slate-500">language</span> : null}
                  </span>
                  <span className="flex shrink-0 items-center gap-2">
                    <LevelMeter level={s.level} />
                    <span className="w-8 text-right text-xs text-slate-600">
                      {s.level}/5<span className="sr-only"> level</span>
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title="Weekly availability">
          {availability === null ? (
            <p className="text-sm text-slate-500">Availability is shown to planners and supervisors.</p>
          ) : availability.length === 0 ? (
            <p className="text-sm text-slate-500">No availability given yet. Agents set theirs when signed in.</p>
          ) : (
            <>
              <p className="mb-2 text-xs text-slate-500">In the agent&apos;s local time ({agent.timeZone.replaceAll("_", " ")}).</p>
              <table className="w-full text-sm">
                <caption className="sr-only">Weekly availability</caption>
                <tbody className="divide-y divide-slate-100">
                  {byDay.map((day) => (
                    <tr key={day.name}>
                      <th scope="row" className="py-1 pr-3 text-left font-normal text-slate-500">
                        {day.name}
                      </th>
                      <td className="py-1 text-right tabular-nums">
                        {day.slots.length ? (
                          day.slots.map((s) => availabilityRange(s)).join(", ")
                        ) : day.carried ? (
                          <span className="text-slate-500">
                            Until {day.carried.end} (from {weekdayName(day.carried.weekday)})
                          </span>
                        ) : (
                          <span className="text-slate-500">Not available</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </Card>
      </div>

      {canEdit && zones ? (
        <div className="mt-6">
          <Card title="Edit agent">
            <Form ref={formRef} method="post" noValidate className="space-y-8">
              <FormError message={failure?.formError} />
              <AgentFormFields
                defaults={{
                  employeeNumber: agent.employeeNumber,
                  timeZone: agent.timeZone,
                  laborRegion: agent.laborRegion,
                  employmentType: agent.employmentType,
                  contractHoursPerWeek: String(agent.contractHoursPerWeek),
                  hourlyRate: centsToDecimal(agent.hourlyRateCents),
                  currency: agent.currency,
                  teamId: agent.teamId,
                  hireDate: agent.hireDate,
                  terminationDate: agent.terminationDate,
                  skills: agent.skills.map((s) => ({ skillId: s.skillId, level: s.level })),
                }}
                teams={teams}
                skills={skills}
                zones={zones}
                errors={failure?.fieldErrors ?? {}}
              />
              <Button type="submit" disabled={saving}>
                {saving ? "Saving…" : "Save changes"}
              </Button>
            </Form>
          </Card>
        </div>
      ) : null}
      <Toaster message={toast} />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const message = isRouteErrorResponse(error)
    ? typeof error.data === "string"
      ? error.data
      : `The agent could not be shown (${error.status}).`
    : "The agent could not be loaded. Try again in a moment.";
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/agents" className="text-indigo-700 hover:underline">
          ← Agents
        </Link>
      </p>
      <PageHeader title={notFound ? "Agent not found" : "Agent"} />
      <div role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-inset ring-red-200">
        {message}
      </div>
    </>
  );
}
