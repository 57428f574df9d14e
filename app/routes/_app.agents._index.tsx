import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { RouteErrorPage } from "~/components/ui/route-error";
import { Form, Link, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { Badge, Card, EmptyState, PageHeader } from "~/components/ui/card";
import { AgentLocalTime } from "~/components/workforce/agent-local-time";
import { employmentTypeLabel, laborRegionLabel } from "~/components/workforce/agent-labels";
import { AgentSkillBadges } from "~/components/workforce/agent-skill-badges";
import { requireUser } from "~/lib/api.server";

export const meta: MetaFunction = () => [{ title: "Agents · Frontline" }];

const PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, resHeaders } = await requireUser(request, context, ["planner", "supervisor", "hr"]);
  const url = new URL(request.url);
  const param = (name: string) => url.searchParams.get(name) || undefined;
  const id = (name: string) => {
    const value = param(name);
    return value && UUID.test(value) ? value : undefined;
  };
  const afterName = url.searchParams.get("afterName");
  const afterId = id("afterId");
  const [page, teams, skills] = await Promise.all([
    api.agents.list({
      search: param("q")?.slice(0, 100),
      teamId: id("team"),
      skillId: id("skill"),
      after: afterName !== null && afterId ? { name: afterName, id: afterId } : undefined,
      limit: PAGE_SIZE,
    }),
    api.teams.list(),
    api.skills.list(),
  ]);
  return data(
    {
      ...page,
      teams,
      skills,
      canCreate: user.role === "planner" || user.role === "admin",
      renderedAt: new Date().toISOString(),
      today: new Date().toISOString().slice(0, 10),
    },
    { headers: resHeaders },
  );
}

export default function Agents() {
  const { agents, nextCursor, teams, skills, canCreate, renderedAt, today } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [params] = useSearchParams();
  const loading = navigation.state === "loading" && navigation.location?.pathname === "/agents";
  const filtered = Boolean(params.get("q") || params.get("team") || params.get("skill"));
  const nextParams = new URLSearchParams(params);
  if (nextCursor) {
    nextParams.set("afterName", nextCursor.name);
    nextParams.set("afterId", nextCursor.id);
  }
  const firstParams = new URLSearchParams(params);
  firstParams.delete("afterName");
  firstParams.delete("afterId");

  return (
    <>
      <PageHeader
        title="Agents"
        description="Who takes customers, where and when they work, and what they can handle."
        actions={
          canCreate ? (
            <Link
              to="/agents/new"
              className="inline-flex items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-700"
            >
              Add agent
            </Link>
          ) : null
        }
      />
      <Card>
        <Form
          method="get"
          role="search"
          className="mb-4 flex flex-wrap items-center gap-2"
          onChange={(e) => submit(e.currentTarget, { replace: true, preventScrollReset: true })}
        >
          <label className="sr-only" htmlFor="agent-search">
            Search agents
          </label>
          <input
            id="agent-search"
            name="q"
            type="search"
            defaultValue={params.get("q") ?? ""}
            placeholder="Search name, email or employee number"
            className="w-full rounded-md md:w-auto md:min-w-[12rem] md:flex-1 border-0 px-3 py-1.5 text-sm ring-1 ring-inset ring-slate-300"
          />
          <label className="sr-only" htmlFor="team-filter">
            Team
          </label>
          <select
            id="team-filter"
            name="team"
            defaultValue={params.get("team") ?? ""}
            className="rounded-md border-0 py-1.5 pl-2 pr-8 text-sm ring-1 ring-inset ring-slate-300"
          >
            <option value="">All teams</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
          <label className="sr-only" htmlFor="skill-filter">
            Skill or language
          </label>
          <select
            id="skill-filter"
            name="skill"
            defaultValue={params.get("skill") ?? ""}
            className="rounded-md border-0 py-1.5 pl-2 pr-8 text-sm ring-1 ring-inset ring-slate-300"
          >
            <option value="">Any skill or language</option>
            {(["skill", "language"] as const).map((kind) => (
              <optgroup key={kind} label={kind === "skill" ? "Skills" : "Languages"}>
                {skills
                  .filter((s) => s.kind === kind)
                  .map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
          <span role="status" className="w-16 text-xs text-slate-500">
            {loading ? "Searching…" : ""}
          </span>
        </Form>

        {agents.length === 0 ? (
          filtered ? (
            <EmptyState title="No agents match">Try another search, or clear the filters.</EmptyState>
          ) : (
            <EmptyState title="No agents yet">
              {canCreate ? (
                <>
                  Make a user an agent with{" "}
                  <Link to="/agents/new" className="text-indigo-700 underline">
                    Add agent
                  </Link>
                  .
                </>
              ) : (
                "A workforce planner adds agents; they will be listed here."
              )}
            </EmptyState>
          )
        ) : (
          <div className={`relative -mx-5 overflow-x-auto px-5 ${loading ? "opacity-60" : ""}`} aria-busy={loading}>
            <table className="min-w-full text-sm">
              <caption className="sr-only">Agents, by name</caption>
              <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Name
                  </th>
                  <th scope="col" className="hidden whitespace-nowrap py-2 pr-4 font-medium lg:table-cell">
                    Employee no.
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Team
                  </th>
                  <th scope="col" className="whitespace-nowrap py-2 pr-4 font-medium">
                    Time zone · local time
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Skills
                  </th>
                  <th scope="col" className="hidden whitespace-nowrap py-2 pr-4 font-medium lg:table-cell">
                    Labor rules
                  </th>
                  <th scope="col" className="hidden py-2 font-medium lg:table-cell">
                    Employment
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {agents.map((a) => (
                  <tr key={a.id} className="align-top hover:bg-slate-50">
                    <td className="py-2 pr-4">
                      <Link to={`/agents/${a.id}`} className="whitespace-nowrap font-medium text-indigo-700 hover:underline">
                        {a.name}
                      </Link>
                      {a.terminationDate ? (
                        <span className="ml-2">
                          <Badge tone={a.terminationDate < today ? "red" : "amber"}>
                            {a.terminationDate < today ? "Left" : "Leaves"} {a.terminationDate}
                          </Badge>
                        </span>
                      ) : null}
                      {/* On narrow screens the hidden columns' values sit under the name. */}
                      <span className="block text-xs text-slate-500 lg:hidden">
                        {a.employeeNumber} · {employmentTypeLabel(a.employmentType)} · labor rules: {laborRegionLabel(a.laborRegion)}
                      </span>
                    </td>
                    <td className="hidden whitespace-nowrap py-2 pr-4 tabular-nums text-slate-700 lg:table-cell">{a.employeeNumber}</td>
                    <td className="py-2 pr-4 text-slate-700">{a.teamName ?? <span className="text-slate-500">No team</span>}</td>
                    <td className="whitespace-nowrap py-2 pr-4">
                      <span className="block text-slate-800">{a.timeZone.replaceAll("_", " ")}</span>
                      <AgentLocalTime zone={a.timeZone} renderedAt={renderedAt} className="block text-xs text-slate-500" />
                    </td>
                    <td className="min-w-[12rem] py-2 pr-4">
                      <AgentSkillBadges skills={a.skills} />
                    </td>
                    <td className="hidden whitespace-nowrap py-2 pr-4 text-slate-700 lg:table-cell">{laborRegionLabel(a.laborRegion)}</td>
                    <td className="hidden whitespace-nowrap py-2 text-slate-700 lg:table-cell">{employmentTypeLabel(a.employmentType)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="mt-4 flex justify-between text-sm">
          {params.get("afterId") ? (
            <Link to={`?${firstParams}`} className="text-indigo-700 hover:underline">
              ← First page
            </Link>
          ) : (
            <span />
          )}
          {nextCursor ? (
            <Link to={`?${nextParams}`} className="text-indigo-700 hover:underline">
              Next page →
            </Link>
          ) : null}
        </div>
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title="Agents" what="The agents" link={{ to: "/agents", label: "Reload the list" }} />;
}
