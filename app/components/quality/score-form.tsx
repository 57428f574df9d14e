import { Form } from "@remix-run/react";
import { useId, useRef, useState } from "react";
import { Button } from "~/components/ui/button";
import { Badge } from "~/components/ui/card";
import { CONTROL, FormError, useRevealFirstError } from "~/components/ui/field";
import { scorecardPercent } from "../../../server/support/quality.percent";
import { formatPercent } from "./quality-format";

interface Criterion {
  id: string;
  name: string;
  description: string | null;
  kind: "points" | "pass_fail";
  maxPoints: number;
  weight: number;
  critical: boolean;
}

interface Mine {
  comment: string | null;
  items: { criterionId: string; points: number | null }[];
}

function CriterionField({
  criterion: c,
  value,
  onChange,
  errors,
}: {
  criterion: Criterion;
  value: string;
  onChange: (value: string) => void;
  errors?: string[];
}) {
  const id = useId();
  const name = `points.${c.id}`;
  const describedBy = [c.description ? `${id}-desc` : null, errors?.length ? `${id}-err` : null].filter(Boolean).join(" ") || undefined;
  const heading = (
    <span className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-800">
      {c.name}
      <span className="text-xs font-normal text-slate-500">
        {c.kind === "pass_fail" ? "pass/fail" : `out of ${c.maxPoints}`}, weight {c.weight}
      </span>
      {c.critical ? <Badge tone="red">Critical</Badge> : null}
    </span>
  );
  return (
    <div className="space-y-1 rounded-md border border-slate-200 p-3" data-testid={`criterion-${c.name}`}>
      {c.kind === "pass_fail" ? (
        <fieldset aria-describedby={describedBy}>
          <legend>{heading}</legend>
          <div className="mt-2 flex flex-wrap gap-4 text-sm">
            {[
              ["1", "Pass"],
              ["0", "Fail"],
              ["na", "Not applicable"],
            ].map(([v, label]) => (
              <label key={v} className="inline-flex items-center gap-1.5">
                <input type="radio" name={name} value={v} checked={value === v} onChange={() => onChange(v!)} aria-invalid={Boolean(errors?.length)} />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
      ) : (
        <>
          <label htmlFor={id}>{heading}</label>
          <select id={id} name={name} value={value} onChange={(e) => onChange(e.target.value)} className={CONTROL} aria-invalid={Boolean(errors?.length)} aria-describedby={describedBy}>
            <option value="">Choose…</option>
            {Array.from({ length: c.maxPoints + 1 }, (_, k) => c.maxPoints - k).map((p) => (
              <option key={p} value={String(p)}>
                {p} of {c.maxPoints}
              </option>
            ))}
            <option value="na">Not applicable</option>
          </select>
        </>
      )}
      {c.description ? (
        <p id={`${id}-desc`} className="text-xs text-slate-500">
          {c.description}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={`${id}-err`} className="text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** The QA form for one interaction; shows the percentage as the server will compute it while the supervisor scores. */
export function ScoreForm({
  criteria,
  mine,
  busy,
  failure,
}: {
  criteria: Criterion[];
  mine: Mine | null;
  busy: boolean;
  failure: { formError: string; fieldErrors: Record<string, string[] | undefined> } | null;
}) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      criteria.map((c) => {
        const item = mine?.items.find((i) => i.criterionId === c.id);
        return [c.id, item === undefined ? "" : item.points === null ? "na" : String(item.points)];
      }),
    ),
  );
  const complete = criteria.every((c) => values[c.id] !== "");
  let preview: string;
  if (!complete) preview = "Answer every criterion to see the score.";
  else {
    const items = criteria.map((c) => ({ ...c, points: values[c.id] === "na" ? null : Number(values[c.id]) }));
    if (items.every((i) => i.points === null)) preview = "Score at least one criterion.";
    else {
      const { percent, autoFailed } = scorecardPercent(items);
      preview = autoFailed ? "0 % — a critical criterion failed." : formatPercent(percent, 2);
    }
  }
  const formErrors = failure?.fieldErrors.scores ?? failure?.fieldErrors.comment;
  // After a refusal, focus the first criterion left unanswered (the form is long on a phone).
  const formRef = useRef<HTMLFormElement>(null);
  useRevealFirstError(formRef, failure);
  return (
    <Form ref={formRef} method="post" className="space-y-3" noValidate aria-label="Scorecard">
      <input type="hidden" name="intent" value="score" />
      <FormError message={failure ? [failure.formError, ...(formErrors ?? [])].filter((m, k, all) => all.indexOf(m) === k).join(" ") : null} />
      {criteria.map((c) => (
        <CriterionField
          key={c.id}
          criterion={c}
          value={values[c.id] ?? ""}
          onChange={(v) => setValues((prev) => ({ ...prev, [c.id]: v }))}
          errors={failure?.fieldErrors[`points.${c.id}`]}
        />
      ))}
      <div className="space-y-1">
        <label htmlFor="qa-comment" className="block text-sm font-medium text-slate-700">
          Comment for the agent
        </label>
        <textarea id="qa-comment" name="comment" rows={4} maxLength={4000} defaultValue={mine?.comment ?? ""} className={CONTROL} />
      </div>
      <div className="flex items-center justify-between gap-3 rounded-md bg-slate-50 px-3 py-2">
        <p className="text-sm text-slate-700" aria-live="polite">
          Score: <strong data-testid="score-preview">{preview}</strong>
        </p>
        <Button type="submit" disabled={busy}>
          {busy ? "Saving…" : mine ? "Save changes" : "Save scorecard"}
        </Button>
      </div>
    </Form>
  );
}
