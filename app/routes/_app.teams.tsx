import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useRef } from "react";
import { Button } from "~/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { CONTROL_COMPACT, FormError, TextField, useRevealFirstError } from "~/components/ui/field";
import { RouteErrorPage } from "~/components/ui/route-error";
import { Toaster } from "~/components/ui/toast";
import { formFailure, requireUser } from "~/lib/api.server";
import { useSuccessKey } from "~/lib/success-key";

export const meta: MetaFunction = () => [{ title: "Teams · Frontline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, resHeaders } = await requireUser(request, context, ["planner", "supervisor"]);
  const canEdit = user.role === "planner" || user.role === "admin";
  const [teams, candidates] = await Promise.all([api.teams.list(), canEdit ? api.teams.supervisorCandidates() : Promise.resolve([])]);
  return data({ teams, candidates, canEdit, me: user.id }, { headers: resHeaders });
}

function field(form: FormData, name: string): string {
  return String(form.get(name) ?? "").trim();
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["planner"]);
  const form = await request.formData();
  const intent = field(form, "intent");
  const teamId = field(form, "teamId");
  const at = Date.now();
  try {
    if (intent === "setSupervisor" || intent === "clearSupervisor") {
      const supervisorUserId = intent === "clearSupervisor" ? null : field(form, "supervisorUserId");
      if (supervisorUserId === "") {
        return data(
          { ok: false as const, intent, teamId, at, formError: "Choose a supervisor.", fieldErrors: { supervisorUserId: ["Choose a supervisor."] } as Record<string, string[] | undefined>, details: null },
          { status: 400, headers: resHeaders },
        );
      }
      const team = await api.teams.setSupervisor({ teamId, supervisorUserId });
      const message = team.supervisor
        ? `${team.supervisor.name} now supervises ${team.name} and decides its time off.`
        : `${team.name} has no supervisor now: planners decide its time off.`;
      return data({ ok: true as const, intent, teamId, at, message }, { headers: resHeaders });
    }
    if (intent === "create") {
      const team = await api.teams.create({ name: field(form, "name") });
      return data({ ok: true as const, intent, teamId: team.id, at, message: `Added the team ${team.name}. Choose its supervisor below.` }, { headers: resHeaders });
    }
    return data(
      { ok: false as const, intent, teamId, at, formError: "Unknown action.", fieldErrors: {} as Record<string, string[] | undefined>, details: null },
      { status: 400, headers: resHeaders },
    );
  } catch (error) {
    return formFailure(error, resHeaders, { intent, teamId, at });
  }
}

const STATUS_NOTE = {
  disabled: "account disabled",
  "not-a-supervisor": "no longer a supervisor",
} as const;

export default function TeamsPage() {
  const { teams, candidates, canEdit, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const busyTeamId = navigation.state === "submitting" ? String(navigation.formData?.get("teamId") ?? "") : null;
  // A refusal is said beside its team or in the add form; a toast says only one that has no place on the page.
  const shownInline = result && !result.ok && (result.intent === "create" || teams.some((t) => t.id === result.teamId));
  const toast = result ? (result.ok ? { id: result.at, text: result.message } : shownInline ? null : { id: result.at, text: result.formError, tone: "error" as const }) : null;
  const createFailure = result && !result.ok && result.intent === "create" ? result : null;
  // Empties the add form after a team is added, and only then: choosing a supervisor keeps a half-typed name.
  const createKey = useSuccessKey(result, "create");
  const createForm = useRef<HTMLFormElement>(null);
  useRevealFirstError(createForm, createFailure);
  // Names alone, unless two supervisors share one: then their emails tell them apart.
  const sharedNames = new Set(candidates.filter((c, i) => candidates.findIndex((d) => d.name === c.name) !== i).map((c) => c.name));
  const supervisorOptions = [
    { value: "", label: "Choose a supervisor…" },
    ...candidates.map((c) => ({ value: c.id, label: sharedNames.has(c.name) ? `${c.name} (${c.email})` : c.name })),
  ];

  return (
    <div>
      <PageHeader
        title="Teams"
        description={
          canEdit
            ? "Each team's supervisor approves or rejects its agents' time off. A team without a supervisor, and an agent without a team, is left to planners, who can decide any request."
            : "Each team's supervisor approves or rejects its agents' time off. Planners set who supervises which team."
        }
      />
      <Toaster message={toast} />
      {/* grid-cols-1, not the implicit auto column: that grows to the table's width, and a phone scrolls sideways. */}
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <div className={canEdit ? "xl:col-span-2" : "xl:col-span-3"}>
          <Card title="Teams" actions={<span className="text-sm text-slate-500">{teams.length} {teams.length === 1 ? "team" : "teams"}</span>}>
            {teams.length === 0 ? (
              <EmptyState title="No teams yet">
                {canEdit ? "Add a team here, or when you add an agent, then choose its supervisor." : "A planner creates teams and sets their supervisors."}
              </EmptyState>
            ) : (
              <div className="relative overflow-x-auto">
                {canEdit && candidates.length === 0 ? (
                  <p role="note" className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-300">
                    No enabled user has the supervisor role yet. An admin gives it on the Users page.
                  </p>
                ) : null}
                <table className="min-w-full text-left text-sm">
                  <thead className="text-xs uppercase tracking-wide text-slate-500">
                    <tr>
                      <th className="py-2 pr-4 font-medium">Team</th>
                      <th className="py-2 pr-4 font-medium">Agents</th>
                      <th className="py-2 pr-4 font-medium">Supervisor</th>
                      {canEdit ? <th className="py-2 font-medium">Change supervisor</th> : null}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {teams.map((t) => {
                      const busy = busyTeamId === t.id;
                      const failure = result && !result.ok && result.intent !== "create" && result.teamId === t.id ? result : null;
                      const current = t.supervisor && candidates.some((c) => c.id === t.supervisor!.id) ? t.supervisor.id : "";
                      return (
                        <tr key={t.id} className="align-top">
                          <td className="py-3 pr-4 font-medium text-slate-900">{t.name}</td>
                          <td className="py-3 pr-4 tabular-nums">
                            <Link to={`/agents?team=${t.id}`} className="text-indigo-700 hover:underline" aria-label={`${t.agentCount} agents in ${t.name}`}>
                              {t.agentCount}
                            </Link>
                          </td>
                          <td className="py-3 pr-4">
                            {t.supervisor ? (
                              <span className="inline-flex flex-wrap items-center gap-2">
                                <span className="text-slate-900">{t.supervisor.name}</span>
                                {t.supervisor.id === me ? <Badge tone="indigo">you</Badge> : null}
                                {t.supervisor.status !== "active" ? <Badge tone="amber">{STATUS_NOTE[t.supervisor.status]}</Badge> : null}
                              </span>
                            ) : (
                              <span className="text-slate-500">No supervisor — planners decide</span>
                            )}
                          </td>
                          {canEdit ? (
                            <td className="py-3">
                              <div className="flex items-center gap-2">
                                <Form method="post" className="flex items-center gap-2" aria-label={`Set the supervisor of ${t.name}`}>
                                  <input type="hidden" name="intent" value="setSupervisor" />
                                  <input type="hidden" name="teamId" value={t.id} />
                                  <label className="sr-only" htmlFor={`supervisor-${t.id}`}>
                                    Supervisor of {t.name}
                                  </label>
                                  <select
                                    // Re-mount when the saved supervisor changes, so the select shows what is saved.
                                    key={`${t.id}:${current}`}
                                    id={`supervisor-${t.id}`}
                                    name="supervisorUserId"
                                    defaultValue={current}
                                    disabled={candidates.length === 0}
                                    aria-invalid={Boolean(failure?.fieldErrors.supervisorUserId)}
                                    aria-describedby={failure ? `supervisor-${t.id}-error` : undefined}
                                    className={`w-48 ${CONTROL_COMPACT}`}
                                  >
                                    {supervisorOptions.map((o) => (
                                      <option key={o.value} value={o.value}>
                                        {o.label}
                                      </option>
                                    ))}
                                  </select>
                                  <Button type="submit" size="sm" variant="secondary" disabled={busy || candidates.length === 0} aria-busy={busy}>
                                    Save
                                  </Button>
                                </Form>
                                {t.supervisor ? (
                                  <ConfirmDialog
                                    trigger={
                                      <Button variant="secondary" size="sm" disabled={busy}>
                                        Clear
                                      </Button>
                                    }
                                    title={`Clear the supervisor of ${t.name}?`}
                                    description={`${t.supervisor.name} will no longer see or decide this team's time off. Until you choose another supervisor, only planners decide it.`}
                                    confirmLabel="Clear supervisor"
                                    cancelLabel="Keep supervisor"
                                    onConfirm={() => submit({ intent: "clearSupervisor", teamId: t.id }, { method: "post" })}
                                  />
                                ) : null}
                              </div>
                              {failure ? (
                                <p id={`supervisor-${t.id}-error`} role="alert" className="mt-1 text-xs text-red-700">
                                  {failure.fieldErrors.supervisorUserId?.join(" ") ?? failure.formError}
                                </p>
                              ) : null}
                            </td>
                          ) : null}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        </div>
        {canEdit ? (
          <Card title="Add a team">
            <Form ref={createForm} key={createKey} method="post" noValidate className="space-y-3" aria-label="Add a team">
              <input type="hidden" name="intent" value="create" />
              <FormError message={createFailure && !createFailure.fieldErrors.name ? createFailure.formError : null} />
              <TextField label="Name" name="name" required maxLength={80} errors={createFailure?.fieldErrors.name} />
              <Button type="submit" disabled={navigation.state === "submitting" && navigation.formData?.get("intent") === "create"}>
                Add team
              </Button>
            </Form>
          </Card>
        ) : null}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title="Teams" what="The teams" link={{ to: "/teams", label: "Try again" }} />;
}
