import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "~/components/ui/card";
import { FormError } from "~/components/ui/field";
import { RouteErrorPage } from "~/components/ui/route-error";
import { Toaster } from "~/components/ui/toast";
import { TimeOffRejectDialog } from "~/components/workforce/time-off-reject-dialog";
import { formFailure, requireUser } from "~/lib/api.server";
import { formatAgo } from "~/lib/format";
import { useNow } from "~/components/workforce/my-viewer-zone";
import { localDayOf, timeOffDays, timeOffStatus } from "~/lib/shift-format";

export const meta: MetaFunction = () => [{ title: "Time off · Frontline" }];

const RECENT_DECIDED = 30;

/**
 * Reload the lists after a refused action too (Remix skips that by default):
 * a refusal usually means the data moved on, e.g. a request another supervisor decided.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod?.toUpperCase() === "POST" || defaultShouldRevalidate;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, resHeaders } = await requireUser(request, context, ["planner", "supervisor"]);
  // A supervisor's lists hold only the teams they supervise (the server filters); planners and admins see all.
  const [pending, approved, rejected, teams] = await Promise.all([
    api.timeOff.list({ status: "pending", limit: 200 }),
    api.timeOff.list({ status: "approved", limit: 200 }),
    api.timeOff.list({ status: "rejected", limit: 200 }),
    api.teams.list(),
  ]);
  // The API lists by start date and does not say when a request was decided: show the latest time off first.
  const decided = [...approved, ...rejected].sort((a, b) => b.startsAt.localeCompare(a.startsAt)).slice(0, RECENT_DECIDED);
  const supervised = user.role === "supervisor" ? teams.filter((t) => t.supervisor?.id === user.id).map((t) => t.name) : null;
  return data({ pending, decided, supervised, renderedAt: new Date().toISOString() }, { headers: resHeaders });
}

function field(form: FormData, name: string): string {
  return String(form.get(name) ?? "").trim();
}

function conflictMessage(count: number): string {
  if (count === 0) return "Approved. No scheduled shifts fall in this time off.";
  if (count === 1) return "Approved. 1 scheduled shift falls in this time off — reassign it on the board.";
  return `Approved. ${count} scheduled shifts fall in this time off — reassign them on the board.`;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["planner", "supervisor"]);
  const form = await request.formData();
  const intent = field(form, "intent");
  const requestId = field(form, "requestId");
  try {
    if (intent === "approve" || intent === "reject") {
      const note = field(form, "note");
      const decision = await api.timeOff.decide({
        requestId,
        decision: intent === "approve" ? "approved" : "rejected",
        note: note || undefined,
      });
      const conflicts = decision.conflictingShifts;
      const message = intent === "approve" ? conflictMessage(conflicts.length) : note ? "Rejected. The agent can see your note." : "Rejected. The agent can see the decision.";
      // The board opens on the week of the first clashing shift (a display hint, so the form's zone is good enough).
      const zone = field(form, "timeZone") || "UTC";
      let boardDate: string | null = null;
      try {
        boardDate = conflicts[0] ? localDayOf(conflicts[0].startsAt, zone) : null;
      } catch {
        boardDate = null;
      }
      return data(
        { ok: true as const, intent, message, at: Date.now(), conflicts: conflicts.length, boardDate, agentName: field(form, "agentName") },
        { headers: resHeaders },
      );
    }
    return data(
      { ok: false as const, intent, requestId, at: Date.now(), formError: "Unknown action.", fieldErrors: {} as Record<string, string[] | undefined>, details: null },
      { status: 400, headers: resHeaders },
    );
  } catch (error) {
    return formFailure(error, resHeaders, { intent, requestId, at: Date.now() });
  }
}

export default function TimeOff() {
  const { pending, decided, supervised, renderedAt } = useLoaderData<typeof loader>();
  const now = useNow(renderedAt);
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" ? navigation.formData : undefined;
  const busyRequestId = submitting ? String(submitting.get("requestId") ?? "") : null;
  const busyIntent = submitting ? String(submitting.get("intent") ?? "") : null;
  const failure = result && !result.ok ? result : null;
  const approvedWithConflicts = result?.ok && result.intent === "approve" && result.conflicts > 0 ? result : null;

  return (
    <>
      <PageHeader
        title="Time off"
        description={
          supervised
            ? "Agents ask for whole days in their own time zone. You decide the requests of the teams you supervise. Approving does not move their shifts: reassign those on the board."
            : "Agents ask for whole days in their own time zone. Each team's supervisor decides its requests; you can decide any of them, including those of agents without a team or a supervisor. Approving does not move their shifts: reassign those on the board."
        }
      />
      {supervised && supervised.length === 0 ? (
        <Card>
          <EmptyState title="You supervise no team yet">
            A planner sets team supervisors on the <Link to="/teams" className="font-medium text-indigo-700 underline">Teams</Link> page. Once you lead a team, its
            agents&apos; time-off requests appear here for you to decide.
          </EmptyState>
        </Card>
      ) : (
        <div className="space-y-6">
          {supervised ? (
            <p className="text-sm text-slate-700">
              You supervise{" "}
              {supervised.map((name, i) => (
                <span key={name}>
                  {i > 0 ? (i === supervised.length - 1 ? " and " : ", ") : null}
                  <span className="font-medium text-slate-900">{name}</span>
                </span>
              ))}
              . Requests from other teams go to their own supervisor.
            </p>
          ) : null}
          <Card
            title="Waiting for a decision"
            actions={
              <span className="text-sm text-slate-500">
                {pending.length} pending
              </span>
            }
          >
            <div className="space-y-3">
              <FormError message={failure?.formError} />
              {approvedWithConflicts ? (
                <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-300">
                  {approvedWithConflicts.agentName || "The agent"} still has {approvedWithConflicts.conflicts} scheduled shift
                  {approvedWithConflicts.conflicts === 1 ? "" : "s"} in the approved time off.{" "}
                  <Link
                    to={`/schedule${approvedWithConflicts.boardDate ? `?date=${approvedWithConflicts.boardDate}` : ""}`}
                    className="font-medium text-amber-900 underline"
                  >
                    Open the schedule board
                  </Link>
                </p>
              ) : null}
              {pending.length === 0 ? (
                <EmptyState title="No requests waiting">
                  {supervised ? "New time-off requests from your teams' agents appear here." : "New time-off requests from agents appear here."}
                </EmptyState>
              ) : (
                <ul className="divide-y divide-slate-100" aria-label="Pending requests">
                  {pending.map((r) => {
                    const days = timeOffDays(r.startsAt, r.endsAt, r.timeZone);
                    const who = `${r.agentName}, ${days.label}`;
                    const busy = busyRequestId === r.id;
                    return (
                      <li key={r.id} aria-label={who} className="flex flex-wrap items-start gap-x-6 gap-y-2 py-3 first:pt-0 last:pb-0">
                        <div className="min-w-0 flex-1 basis-64">
                          <p className="font-medium text-slate-900">{r.agentName}</p>
                          <p className="text-xs text-slate-500">{r.teamName ?? "No team"}</p>
                          <p className="text-sm text-slate-800">
                            {days.label}{" "}
                            <span className="text-slate-500">
                              · {days.days} day{days.days === 1 ? "" : "s"} · {r.timeZone}
                            </span>
                          </p>
                        </div>
                        <div className="min-w-0 flex-1 basis-64">
                          <p className="text-sm text-slate-700">{r.reason}</p>
                          <p className="text-xs text-slate-500">
                            Requested <time dateTime={r.createdAt}>{formatAgo(r.createdAt, now)}</time>
                          </p>
                        </div>
                        <div className="ml-auto flex shrink-0 gap-2">
                            <Form method="post">
                              <input type="hidden" name="intent" value="approve" />
                              <input type="hidden" name="requestId" value={r.id} />
                              <input type="hidden" name="timeZone" value={r.timeZone} />
                              <input type="hidden" name="agentName" value={r.agentName} />
                              <Button type="submit" size="sm" disabled={busy} aria-busy={busy && busyIntent === "approve"}>
                                Approve
                              </Button>
                            </Form>
                            <TimeOffRejectDialog
                              requestId={r.id}
                              who={who}
                              failure={failure?.intent === "reject" && failure.requestId === r.id ? failure : null}
                              busy={busy && busyIntent === "reject"}
                            />
                        </div>
                      </li>
                    );
                  })}
                </ul>
              )}
            </div>
          </Card>

          <Card title="Decided" actions={<span className="text-sm text-slate-500">Approved and rejected, latest days first</span>}>
            {decided.length === 0 ? (
              <EmptyState title="Nothing decided yet">Approved and rejected requests appear here.</EmptyState>
            ) : (
              <div className="relative overflow-x-auto">
                <table className="min-w-full text-sm">
                  <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                    <tr>
                      <th className="py-2 pr-4 font-medium">Agent</th>
                      <th className="py-2 pr-4 font-medium">Days</th>
                      <th className="py-2 pr-4 font-medium">Reason</th>
                      <th className="py-2 pr-4 font-medium">Decision</th>
                      <th className="py-2 font-medium">Note</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {decided.map((r) => {
                      const days = timeOffDays(r.startsAt, r.endsAt, r.timeZone);
                      const status = timeOffStatus(r.status);
                      return (
                        <tr key={r.id}>
                          <td className="py-2 pr-4">
                            <span className="font-medium text-slate-900">{r.agentName}</span>
                            <span className="block text-xs text-slate-500">{r.teamName ?? "No team"}</span>
                          </td>
                          <td className="py-2 pr-4">
                            <span className="whitespace-nowrap">{days.label}</span>
                            <span className="block text-xs text-slate-500">
                              {days.days} day{days.days === 1 ? "" : "s"} · {r.timeZone}
                            </span>
                          </td>
                          <td className="py-2 pr-4 text-slate-700">{r.reason}</td>
                          <td className="py-2 pr-4">
                            <Badge tone={status.tone}>{status.label}</Badge>
                          </td>
                          <td className="py-2 text-slate-600">{r.decisionNote ?? "—"}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        </div>
      )}
      <Toaster
        message={result ? (result.ok ? { id: result.at, text: result.message } : { id: result.at, text: result.formError, tone: "error" }) : null}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title="Time off" what="The time-off requests" link={{ to: "/time-off", label: "Try again" }} />;
}
