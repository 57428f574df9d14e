import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, PageHeader } from "~/components/ui/card";
import { requireUser } from "~/lib/api.server";
import { navFor, ROLE_LABELS } from "~/lib/roles";
import type { Role } from "../../db/roles";

export const meta: MetaFunction = () => [{ title: "Home · Frontline" }];

/** What each role does here, in its own words; pages join this list as they are built. */
const ROLE_INTRO: Record<Role, string> = {
  admin: "Manage who can sign in and what they may do, and review every change in the audit log.",
  hr: "Run the hiring pipeline: requisitions, candidates, interviews and offers. A hire becomes an agent.",
  planner: "Forecast demand, staff it with Erlang C, build schedules and post open shifts for agents to claim.",
  supervisor: "Watch the live queue and who is on shift, score interactions, and approve timesheets and time off.",
  agent: "Take the next customer who asked for a human, look up any customer's history, and pick up open shifts.",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  return { user };
}

export default function Home() {
  const { user } = useLoaderData<typeof loader>();
  const links = navFor(user.role).filter((item) => item.to !== "/");
  return (
    <>
      <PageHeader title={`Welcome, ${user.name.split(" ")[0]}`} description={`Signed in as ${ROLE_LABELS[user.role]}`} />
      <div className="grid gap-6 md:grid-cols-2">
        <Card title="Your work here">
          <p className="text-sm text-slate-700">{ROLE_INTRO[user.role]}</p>
          <p className="mt-3 text-xs text-slate-500">
            Press <kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-sans">/</kbd> on any page to search customers by
            name, email or phone.
          </p>
        </Card>
        <Card title="Go to">
          <ul className="space-y-2 text-sm">
            {links.map((item) => (
              <li key={item.to}>
                <Link to={item.to} className="font-medium text-indigo-700 hover:underline">
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
