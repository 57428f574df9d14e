import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import { Button } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/card";
import { FormError, SelectField, useRevealFirstError } from "~/components/ui/field";
import { AgentFormFields } from "~/components/workforce/agent-form-fields";
import { formErrorsWith, readAgentForm } from "~/components/workforce/agent-form-data";
import { timeZoneChoices } from "~/components/workforce/agent-time-zones";
import { formFailure, requireUser } from "~/lib/api.server";
import { createAgentInput } from "../../server/workforce/workforce.schema";

export const meta: MetaFunction = () => [{ title: "Add agent · Agents · Frontline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["planner"]);
  const [candidates, teams, skills] = await Promise.all([api.agents.candidates(), api.teams.list(), api.skills.list()]);
  const now = new Date();
  return data(
    { candidates, teams, skills, zones: timeZoneChoices(now), today: now.toISOString().slice(0, 10) },
    { headers: resHeaders },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["planner"]);
  const form = await request.formData();
  const { values, errors } = readAgentForm(form);
  const input = { userId: String(form.get("userId") ?? ""), ...values };
  if (!input.userId) errors.userId = ["Choose the user who becomes an agent."];
  if (Object.keys(errors).length) {
    return data(
      { ok: false as const, formError: "Some fields need attention.", fieldErrors: formErrorsWith(createAgentInput, input, errors), details: null },
      { status: 400, headers: resHeaders },
    );
  }
  try {
    const agent = await api.agents.create(input);
    return redirect(`/agents/${agent.id}?created=1`, { headers: resHeaders });
  } catch (error) {
    return formFailure(error, resHeaders);
  }
}

export default function NewAgent() {
  const { candidates, teams, skills, zones, today } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const fieldErrors = failure?.fieldErrors ?? {};
  const formRef = useRef<HTMLFormElement>(null);
  useRevealFirstError(formRef, failure);

  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/agents" className="text-indigo-700 hover:underline">
          ← Agents
        </Link>
      </p>
      <PageHeader title="Add agent" description="Make a user with the Support agent role an agent: where they work, their contract and their skills." />
      {candidates.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-700">
            Every active user with the Support agent role is already an agent. An admin adds the person&apos;s user first
            under Users (role Support agent); then they can be set up here.
          </p>
        </Card>
      ) : (
        <Card>
          <Form ref={formRef} method="post" noValidate className="space-y-8">
            <FormError message={failure?.formError} />
            <div className="max-w-md">
              <SelectField
                label="User"
                name="userId"
                defaultValue=""
                options={[{ value: "", label: "Choose a user" }, ...candidates.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))]}
                hint="Active users with the Support agent role who are not agents yet."
                errors={fieldErrors.userId}
              />
            </div>
            <AgentFormFields
              defaults={{
                employeeNumber: "",
                timeZone: "",
                laborRegion: "NONE",
                employmentType: "full_time",
                contractHoursPerWeek: "40",
                hourlyRate: "",
                currency: "USD",
                teamId: null,
                hireDate: today,
                terminationDate: null,
                skills: [],
              }}
              teams={teams}
              skills={skills}
              zones={zones}
              errors={fieldErrors}
            />
            <div className="flex gap-2">
              <Button type="submit" disabled={busy}>
                {busy ? "Adding…" : "Add agent"}
              </Button>
              <Link to="/agents" className="inline-flex items-center rounded-md px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">
                Cancel
              </Link>
            </div>
          </Form>
        </Card>
      )}
    </>
  );
}
