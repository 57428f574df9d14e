import { Form, useSubmit } from "@remix-run/react";
import { useRef } from "react";
import { Button } from "~/components/ui/button";
import { Badge } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { FormError, TextField, useRevealFirstError } from "~/components/ui/field";
import { timeOffDays, timeOffStatus } from "~/lib/shift-format";
import type { MyActionFailure } from "./my-offer-back-dialog";

export interface MyTimeOffRequest {
  id: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  reason: string;
  status: string;
  decisionNote: string | null;
}

/** The agent's time-off requests, newest first, and the form to ask for more. */
export function MyTimeOff({
  requests,
  zone,
  today,
  failure,
  busy,
  resetKey,
}: {
  requests: MyTimeOffRequest[];
  zone: string;
  today: string;
  failure: MyActionFailure | null;
  busy: boolean;
  /** Changes after a successful request, so the form empties. */
  resetKey: string | number;
}) {
  const submit = useSubmit();
  const requestFailure = failure?.intent === "requestTimeOff" ? failure : null;
  // A refusal about the days (e.g. overlapping an earlier request) names the field with the same words as the
  // form error: say it once, in the announced form error, as the availability form does.
  const fieldErrors = (name: string) => requestFailure?.fieldErrors[name]?.filter((m) => m !== requestFailure.formError);
  const cancelFailure = failure?.intent === "cancelTimeOff" ? failure : null;
  // A refused request puts focus on the field to fix, not back at the top of the page.
  const formRef = useRef<HTMLFormElement>(null);
  useRevealFirstError(formRef, requestFailure);
  return (
    <div className="space-y-5">
      <Form ref={formRef} method="post" noValidate className="space-y-3" key={resetKey} aria-label="Request time off">
        <FormError message={requestFailure?.formError} />
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField label="First day" name="fromDate" type="date" required min={today} errors={fieldErrors("fromDate")} />
          <TextField label="Last day" name="toDate" type="date" required min={today} errors={fieldErrors("toDate")} />
        </div>
        <TextField
          label="Reason"
          name="reason"
          required
          minLength={3}
          maxLength={500}
          placeholder="e.g. Family visit"
          errors={fieldErrors("reason")}
        />
        <p className="text-xs text-slate-500">Whole days, midnight to midnight in your zone ({zone}). A supervisor decides.</p>
        <Button type="submit" disabled={busy}>
          {busy ? "Sending…" : "Request time off"}
        </Button>
        {/* Last, so space-y does not count it as the first child and push the fields down. */}
        <input type="hidden" name="intent" value="requestTimeOff" />
      </Form>

      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-700">Your requests</h3>
        <FormError message={cancelFailure?.formError} />
        {requests.length === 0 ? (
          <p className="text-sm text-slate-600">You have not asked for time off yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {requests.map((r) => {
              const days = timeOffDays(r.startsAt, r.endsAt, r.timeZone);
              const status = timeOffStatus(r.status);
              return (
                <li key={r.id} aria-label={`Time off ${days.label}`} className="flex flex-wrap items-start justify-between gap-2 py-2.5">
                  <div className="min-w-0">
                    <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
                      {days.label}
                      <Badge tone={status.tone}>{status.label}</Badge>
                    </p>
                    <p className="text-xs text-slate-500">
                      {days.days} day{days.days === 1 ? "" : "s"} · {r.reason}
                    </p>
                    {r.decisionNote ? <p className="text-xs text-slate-600">Supervisor’s note: {r.decisionNote}</p> : null}
                  </div>
                  {r.status === "pending" ? (
                    <ConfirmDialog
                      trigger={
                        <Button variant="secondary" size="sm">
                          Cancel request
                        </Button>
                      }
                      title="Cancel this time-off request?"
                      description={`${days.label} (${r.reason}). Your supervisor will no longer see it; you can ask again later.`}
                      confirmLabel="Cancel request"
                      cancelLabel="Keep request"
                      onConfirm={() => submit({ intent: "cancelTimeOff", requestId: r.id }, { method: "post" })}
                    />
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}
