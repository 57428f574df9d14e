import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import { Button } from "~/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "~/components/ui/card";
import { CONTROL_COMPACT, FormError, SelectField, TextField, useRevealFirstError } from "~/components/ui/field";
import { RouteErrorPage } from "~/components/ui/route-error";
import { Toaster } from "~/components/ui/toast";
import { formFailure, requireUser } from "~/lib/api.server";

export const meta: MetaFunction = () => [{ title: "Skills · Frontline" }];

/** Seconds to accept a handoff when a skill names none (server/support/handoffs.service.ts). */
const DEFAULT_SLA_SECONDS = 60;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, resHeaders } = await requireUser(request, context, ["planner", "supervisor"]);
  const skills = await api.skills.list();
  return data({ skills, canCreate: user.role === "planner" || user.role === "admin" }, { headers: resHeaders });
}

function field(form: FormData, name: string): string {
  return String(form.get(name) ?? "").trim();
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["planner", "supervisor"]);
  const form = await request.formData();
  const intent = field(form, "intent");
  const at = Date.now();
  try {
    if (intent === "create") {
      const kind = field(form, "kind") === "language" ? "language" : "skill";
      const code = field(form, "code");
      const skill = await api.skills.create({ code: kind === "language" && code && !code.startsWith("lang:") ? `lang:${code}` : code, name: field(form, "name"), kind });
      return data({ ok: true as const, intent, skillId: skill.id, message: `Added ${skill.name} (${skill.code}).`, at }, { headers: resHeaders });
    }
    if (intent === "sla") {
      const raw = field(form, "handoffSlaSeconds");
      const seconds = raw === "" ? null : Number(raw);
      if (seconds !== null && !Number.isFinite(seconds)) {
        return data(
          { ok: false as const, intent, skillId: field(form, "skillId"), formError: "Some fields need attention.", fieldErrors: { handoffSlaSeconds: ["A whole number of seconds."] } as Record<string, string[] | undefined>, details: null, at },
          { status: 400, headers: resHeaders },
        );
      }
      const skill = await api.skills.update({ skillId: field(form, "skillId"), handoffSlaSeconds: seconds });
      const message =
        skill.handoffSlaSeconds === null
          ? `${skill.name}: customers are to be accepted within the default ${DEFAULT_SLA_SECONDS} s.`
          : `${skill.name}: customers are to be accepted within ${skill.handoffSlaSeconds} s.`;
      return data({ ok: true as const, intent, skillId: skill.id, message, at }, { headers: resHeaders });
    }
    return data({ ok: false as const, intent, skillId: null, formError: "Unknown action.", fieldErrors: {} as Record<string, string[] | undefined>, details: null, at }, { status: 400 });
  } catch (error) {
    return formFailure(error, resHeaders, { intent, skillId: field(form, "skillId") || null, at });
  }
}

export default function SkillsPage() {
  const { skills, canCreate } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const toast = result?.ok ? { id: result.at, text: result.message } : null;
  const createFailure = result && !result.ok && result.intent === "create" ? result : null;
  const createForm = useRef<HTMLFormElement>(null);
  useRevealFirstError(createForm, createFailure);
  const groups = [
    { title: "Skills", items: skills.filter((s) => s.kind === "skill") },
    { title: "Languages", items: skills.filter((s) => s.kind === "language") },
  ];
  return (
    <div>
      <PageHeader
        title="Skills"
        description={`What agents can do and speak. A customer who asks for a human with a skill waits for an agent with it; each skill's SLA is how soon one should accept (default ${DEFAULT_SLA_SECONDS} s).`}
      />
      <Toaster message={toast} />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <div className="space-y-6 xl:col-span-2">
          {groups.map((g) => (
            <Card key={g.title} title={g.title}>
              {g.items.length === 0 ? (
                <EmptyState title={`No ${g.title.toLowerCase()} yet`} />
              ) : (
                <div className="relative overflow-x-auto">
                  <table className="w-full text-left text-sm">
                    <thead className="text-xs uppercase tracking-wide text-slate-500">
                      <tr>
                        <th className="py-2 pr-2 font-medium">Name</th>
                        <th className="py-2 pr-2 font-medium">Code</th>
                        <th className="py-2 pr-2 font-medium">Agents</th>
                        <th className="py-2 font-medium">Handoff SLA (seconds to accept)</th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {g.items.map((s) => {
                        const failure = result && !result.ok && result.intent === "sla" && result.skillId === s.id ? result : null;
                        const saving = navigation.formData?.get("skillId") === s.id;
                        return (
                          <tr key={s.id}>
                            <td className="py-2 pr-2 font-medium text-slate-900">{s.name}</td>
                            <td className="py-2 pr-2 font-mono text-xs text-slate-600">{s.code}</td>
                            <td className="py-2 pr-2 tabular-nums">{Number(s.agentCount ?? 0)}</td>
                            <td className="py-2">
                              <Form method="post" className="flex flex-wrap items-center gap-2" aria-label={`Handoff SLA for ${s.name}`}>
                                <input type="hidden" name="intent" value="sla" />
                                <input type="hidden" name="skillId" value={s.id} />
                                <label className="sr-only" htmlFor={`sla-${s.id}`}>
                                  Seconds to accept for {s.name}
                                </label>
                                <input
                                  id={`sla-${s.id}`}
                                  name="handoffSlaSeconds"
                                  type="number"
                                  min={5}
                                  max={86400}
                                  step={1}
                                  placeholder={`${DEFAULT_SLA_SECONDS} (default)`}
                                  defaultValue={s.handoffSlaSeconds ?? ""}
                                  aria-invalid={Boolean(failure)}
                                  className={`w-36 ${CONTROL_COMPACT}`}
                                />
                                <Button type="submit" size="sm" variant="secondary" disabled={saving}>
                                  Save
                                </Button>
                                {s.handoffSlaSeconds === null ? <Badge>default</Badge> : null}
                                {failure ? (
                                  <span role="alert" className="w-full text-xs text-red-700">
                                    {failure.fieldErrors.handoffSlaSeconds?.join(" ") ?? failure.formError}
                                  </span>
                                ) : null}
                              </Form>
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              )}
            </Card>
          ))}
        </div>
        {canCreate ? (
          <Card title="Add a skill or language">
            <Form ref={createForm} method="post" noValidate className="space-y-3" aria-label="Add a skill or language">
              <input type="hidden" name="intent" value="create" />
              <FormError message={createFailure?.formError} />
              <SelectField
                label="Kind"
                name="kind"
                options={[
                  { value: "skill", label: "Skill" },
                  { value: "language", label: "Language" },
                ]}
              />
              <TextField label="Name" name="name" required maxLength={80} errors={createFailure?.fieldErrors.name} />
              <TextField
                label="Code"
                name="code"
                required
                maxLength={40}
                hint="Lower-case, e.g. returns. For a language, its ISO 639 code (e.g. it); it becomes lang:it."
                errors={createFailure?.fieldErrors.code}
              />
              <Button type="submit">Add</Button>
            </Form>
          </Card>
        ) : null}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title="Skills" what="The skills" link={{ to: "/skills", label: "Try again" }} />;
}
