import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { ScoreForm } from "~/components/quality/score-form";
import { ScorecardList } from "~/components/quality/scorecard-list";
import { Badge, Card, PageHeader } from "~/components/ui/card";
import { FormError } from "~/components/ui/field";
import { RouteErrorPage } from "~/components/ui/route-error";
import { Toaster } from "~/components/ui/toast";
import { formFailure, requireUser } from "~/lib/api.server";
import { formatInstant } from "~/lib/format";
import { viewerZoneFrom } from "~/lib/viewer-zone";
import { formatLocalRange } from "../../server/workforce/local-time";

export const meta: MetaFunction = () => [{ title: "Interaction quality · Frontline" }];

const CHANNELS = { phone: "Phone", chat: "Chat", email: "Email", social: "Social" } as const;
const OUTCOMES = { resolved: "Resolved", follow_up: "Follow-up", escalated: "Escalated" } as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { api, user, resHeaders } = await requireUser(request, context, ["supervisor", "agent"]);
  const zone = viewerZoneFrom(request);
  const view = await api.quality.scorecards({ interactionId: params.interactionId ?? "" }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) {
      throw data("There is no such interaction (or it is not one of yours).", { status: 404 });
    }
    throw error;
  });
  const scores = user.role === "supervisor" || user.role === "admin";
  const criteria = scores && !view.cannotScore ? await api.quality.criteria() : [];
  const i = view.interaction;
  return data(
    {
      zone,
      viewerId: user.id,
      isAdmin: user.role === "admin",
      interaction: {
        ...i,
        when: formatInstant(i.startedAt, zone),
        // "Thu 26 Nov, 17:17–17:29": the end's date only when it is another day.
        span: i.endedAt ? formatLocalRange(new Date(i.startedAt), new Date(i.endedAt), zone) : formatInstant(i.startedAt, zone),
        shiftWhen: i.shift ? formatLocalRange(new Date(i.shift.startsAt), new Date(i.shift.endsAt), zone) : null,
      },
      scorecards: view.scorecards.map((s) => ({ ...s, when: formatInstant(s.updatedAt, zone), edited: s.updatedAt !== s.createdAt })),
      mineId: view.mineId,
      cannotScore: view.cannotScore,
      criteria,
    },
    { headers: resHeaders },
  );
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, ["supervisor"]);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const interactionId = params.interactionId ?? "";
  try {
    if (intent === "delete") {
      await api.quality.deleteScorecard({ scorecardId: String(form.get("scorecardId") ?? "") });
      return data({ ok: true as const, intent, message: "Scorecard deleted.", at: Date.now() }, { headers: resHeaders });
    }
    const criteria = await api.quality.criteria();
    const fieldErrors: Record<string, string[]> = {};
    const scores = criteria.map((c) => {
      const raw = String(form.get(`points.${c.id}`) ?? "");
      if (raw === "") fieldErrors[`points.${c.id}`] = ["Choose a score, or not applicable."];
      return { criterionId: c.id, points: raw === "na" || raw === "" ? null : Number(raw) };
    });
    if (Object.keys(fieldErrors).length) {
      return data(
        { ok: false as const, intent, formError: "Score every criterion (or mark it not applicable).", fieldErrors, details: null, at: Date.now() },
        { status: 400, headers: resHeaders },
      );
    }
    const card = await api.quality.score({ interactionId, scores, comment: String(form.get("comment") ?? "") });
    const message = card.autoFailed
      ? "Scorecard saved: 0 % — a critical criterion failed."
      : `Scorecard saved: ${card.scorePercent.toFixed(2)} %.`;
    return data({ ok: true as const, intent: "score", message, at: Date.now() }, { headers: resHeaders });
  } catch (error) {
    return formFailure(error, resHeaders, { intent, at: Date.now() });
  }
}

export default function InteractionQuality() {
  const { interaction: i, scorecards, mineId, cannotScore, criteria, viewerId, isAdmin, zone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const busy = navigation.state === "submitting";
  const mine = scorecards.find((s) => s.id === mineId) ?? null;
  const failure = result && !result.ok ? result : null;

  return (
    <>
      <PageHeader
        title="Interaction quality"
        description={`${i.agentName ?? "Unknown agent"} with ${i.customerName}, ${i.when}. Times in ${zone}.`}
        actions={
          <Link to="/quality" className="rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
            Quality overview
          </Link>
        }
      />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_28rem]">
        <div className="space-y-6">
          <Card title={i.subject}>
            <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
              <div>
                <dt className="text-slate-500">Customer</dt>
                <dd>
                  <Link to={`/customers/${i.customerId}`} className="font-medium text-indigo-700 hover:underline">
                    {i.customerName}
                  </Link>
                </dd>
              </div>
              <div>
                <dt className="text-slate-500">Agent</dt>
                <dd className="font-medium text-slate-900">{i.agentName ?? "—"}</dd>
              </div>
              <div>
                <dt className="text-slate-500">When</dt>
                <dd>{i.span}</dd>
              </div>
              <div>
                <dt className="text-slate-500">Shift</dt>
                <dd>{i.shiftWhen ?? (i.offShift ? <Badge tone="amber">Off shift</Badge> : i.source === "import" ? "Imported history" : "—")}</dd>
              </div>
              <div>
                <dt className="text-slate-500">Channel and outcome</dt>
                <dd className="flex flex-wrap gap-1.5">
                  <Badge tone="indigo">
                    {CHANNELS[i.channel]}
                    {i.direction === "outbound" ? " (outbound)" : ""}
                  </Badge>
                  {i.outcome ? <Badge>{OUTCOMES[i.outcome]}</Badge> : null}
                  {i.source === "handoff" ? <Badge>From a handoff</Badge> : null}
                </dd>
              </div>
              <div>
                <dt className="text-slate-500">Customer satisfaction</dt>
                <dd>{i.csat ? `${i.csat} / 5` : "Not answered"}</dd>
              </div>
            </dl>
            {i.summary ? <p className="mt-4 whitespace-pre-line text-sm text-slate-700">{i.summary}</p> : null}
          </Card>

          <Card title={`Scorecards (${scorecards.length})`}>
            <ScorecardList
              scorecards={scorecards}
              canDelete={(s) => s.reviewerId === viewerId || isAdmin}
              busy={busy}
              onDelete={(id) => submit({ intent: "delete", scorecardId: id }, { method: "post" })}
            />
            {failure?.intent === "delete" ? (
              <div className="mt-3">
                <FormError message={failure.formError} />
              </div>
            ) : null}
          </Card>
        </div>

        <Card title={mine ? "Edit my scorecard" : "Score this interaction"}>
          {cannotScore ? (
            <p className="text-sm text-slate-600">{cannotScore}</p>
          ) : criteria.length === 0 ? (
            <p className="text-sm text-slate-600">
              The QA form has no criteria yet.{" "}
              <Link to="/quality/criteria" className="font-medium text-indigo-700 hover:underline">
                Add criteria
              </Link>{" "}
              first.
            </p>
          ) : (
            <ScoreForm
              key={`${mine?.id ?? "new"}-${mine?.updatedAt ?? ""}`}
              criteria={criteria}
              mine={mine}
              busy={busy}
              failure={failure && failure.intent !== "delete" ? failure : null}
            />
          )}
        </Card>
      </div>
      {/* A refusal is said beside the form or list it concerns (focus goes there); a toast would say it twice. */}
      <Toaster message={result?.ok ? { id: result.at, text: result.message } : null} />
    </>
  );
}

export function ErrorBoundary() {
  return (
    <RouteErrorPage
      title="Interaction quality"
      what="This interaction's scorecards"
      link={{ to: "/quality", label: "Back to quality" }}
      byStatus={{ 404: "No such interaction (or not one of yours).", 403: "Supervisors score interactions; agents see the scorecards of their own." }}
    />
  );
}
