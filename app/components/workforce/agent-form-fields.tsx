import { useId, type ReactNode } from "react";
import { CONTROL, SelectField, TextField } from "~/components/ui/field";
import { EMPLOYMENT_TYPES, LABOR_REGIONS } from "../../../db/schema";
import type { FieldErrors } from "./agent-form-data";
import { EMPLOYMENT_TYPE_LABELS, LABOR_REGION_CHOICES } from "./agent-labels";
import type { TimeZoneChoices } from "./agent-time-zones";

export interface AgentFormDefaults {
  employeeNumber: string;
  timeZone: string;
  laborRegion: string;
  employmentType: string;
  contractHoursPerWeek: string;
  /** Decimal, e.g. "24.50". */
  hourlyRate: string;
  currency: string;
  teamId: string | null;
  hireDate: string;
  terminationDate: string | null;
  skills: { skillId: string; level: number }[];
}

export interface SkillOption {
  id: string;
  code: string;
  name: string;
  kind: "skill" | "language";
}

/** Currencies with two decimal places, so an amount like 24.50 is 2450 cents. */
const CURRENCIES = [
  "USD", "CAD", "MXN", "COP", "BRL", "ARS", "PEN", "EUR", "GBP", "CHF", "SEK", "PLN", "TRY", "NGN", "ZAR", "KES", "EGP",
  "MAD", "AED", "INR", "PKR", "BDT", "PHP", "IDR", "MYR", "SGD", "THB", "CNY", "HKD", "AUD", "NZD",
];

/** A labelled control with its hint and errors, for controls the shared fields do not cover. */
function Labelled({
  label,
  errors,
  hint,
  children,
}: {
  label: string;
  errors?: string[];
  hint?: ReactNode;
  children: (aria: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
}) {
  const id = useId();
  const describedBy = [errors?.length ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ");
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children({ id, "aria-invalid": Boolean(errors?.length), "aria-describedby": describedBy || undefined })}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-4">
      <legend className="mb-1 text-sm font-semibold text-slate-900">{title}</legend>
      <div className="grid gap-4 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}


/** The fields of an agent record, shared by the create and edit forms (the caller supplies the <Form>). */
export function AgentFormFields({
  defaults,
  teams,
  skills,
  zones,
  errors,
}: {
  defaults: AgentFormDefaults;
  teams: { id: string; name: string }[];
  skills: SkillOption[];
  zones: TimeZoneChoices;
  errors: FieldErrors;
}) {
  const currencies = CURRENCIES.includes(defaults.currency) ? CURRENCIES : [defaults.currency, ...CURRENCIES];
  return (
    <div className="space-y-8">
      <Section title="Employment">
        <TextField
          label="Employee number"
          name="employeeNumber"
          defaultValue={defaults.employeeNumber}
          autoComplete="off"
          required
          hint="As on payroll exports, e.g. FL-1042."
          errors={errors.employeeNumber}
        />
        <SelectField
          label="Employment type"
          name="employmentType"
          defaultValue={defaults.employmentType}
          options={EMPLOYMENT_TYPES.map((t) => ({ value: t, label: EMPLOYMENT_TYPE_LABELS[t] }))}
          errors={errors.employmentType}
        />
        <TextField
          label="Contract hours per week"
          name="contractHoursPerWeek"
          inputMode="decimal"
          defaultValue={defaults.contractHoursPerWeek}
          required
          errors={errors.contractHoursPerWeek}
        />
        <SelectField
          label="Team"
          name="teamId"
          defaultValue={defaults.teamId ?? ""}
          options={[{ value: "", label: "No team" }, ...teams.map((t) => ({ value: t.id, label: t.name }))]}
          errors={errors.teamId}
        />
        <TextField label="Hire date" name="hireDate" type="date" defaultValue={defaults.hireDate} required errors={errors.hireDate} />
        <TextField
          label="Termination date"
          name="terminationDate"
          type="date"
          defaultValue={defaults.terminationDate ?? ""}
          hint="Leave empty while employed. Shifts after this date break the schedule rules."
          errors={errors.terminationDate}
        />
      </Section>

      <Section title="Time zone and pay">
        <Labelled label="Time zone" errors={errors.timeZone} hint="Shifts, availability and hours are in this zone's local time.">
          {(aria) => (
            <select name="timeZone" defaultValue={defaults.timeZone} className={CONTROL} {...aria}>
              {defaults.timeZone ? null : <option value="">Choose a time zone</option>}
              <optgroup label="Common zones">
                {zones.common.map((z) => (
                  <option key={z.value} value={z.value}>
                    {z.label}
                  </option>
                ))}
              </optgroup>
              <optgroup label="All zones">
                {zones.other.map((z) => (
                  <option key={z.value} value={z.value}>
                    {z.label}
                  </option>
                ))}
              </optgroup>
            </select>
          )}
        </Labelled>
        <SelectField
          label="Labor rules"
          name="laborRegion"
          defaultValue={defaults.laborRegion}
          options={LABOR_REGIONS.map((r) => ({ value: r, label: LABOR_REGION_CHOICES[r] }))}
          hint="Decides how hours split into regular, overtime and double time."
          errors={errors.laborRegion}
        />
        <Labelled label="Hourly rate" errors={errors.hourlyRateCents} hint="Before tax, in the currency paid, e.g. 24.50.">
          {(aria) => (
            <input name="hourlyRate" inputMode="decimal" autoComplete="off" defaultValue={defaults.hourlyRate} className={CONTROL} {...aria} />
          )}
        </Labelled>
        <Labelled label="Currency" errors={errors.currency}>
          {(aria) => (
            <select name="currency" defaultValue={defaults.currency} className={CONTROL} {...aria}>
              {currencies.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          )}
        </Labelled>
      </Section>

      <AgentSkillsEditor skills={skills} selected={defaults.skills} errors={errors.skills} />
    </div>
  );
}

const LEVELS = [
  { value: 1, label: "1 · learning" },
  { value: 2, label: "2" },
  { value: 3, label: "3 · solid" },
  { value: 4, label: "4" },
  { value: 5, label: "5 · expert" },
];

/** A tick per skill and a level beside it; posts `skill` (ids) and `level-<id>`. */
function AgentSkillsEditor({
  skills,
  selected,
  errors,
}: {
  skills: SkillOption[];
  selected: { skillId: string; level: number }[];
  errors?: string[];
}) {
  const levelOf = new Map(selected.map((s) => [s.skillId, s.level]));
  const groups = [
    { title: "Skills", items: skills.filter((s) => s.kind === "skill") },
    { title: "Languages", items: skills.filter((s) => s.kind === "language") },
  ].filter((g) => g.items.length);
  const errorId = useId();
  return (
    <fieldset aria-describedby={errors?.length ? errorId : undefined}>
      <legend className="mb-1 text-sm font-semibold text-slate-900">Skills and languages</legend>
      <p className="mb-3 text-xs text-slate-500">Tick what the agent handles; the level is 1 (learning) to 5 (expert). Open shifts needing a skill go only to agents who have it.</p>
      {skills.length === 0 ? <p className="text-sm text-slate-500">No skills are defined yet.</p> : null}
      <div className="grid gap-6 sm:grid-cols-2">
        {groups.map((group) => (
          <div key={group.title}>
            <h3 className="mb-2 text-xs font-medium uppercase tracking-wide text-slate-500">{group.title}</h3>
            <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
              {group.items.map((skill) => (
                <li key={skill.id} className="flex items-center justify-between gap-3 px-3 py-1.5">
                  <label className="flex min-w-0 items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      name="skill"
                      value={skill.id}
                      defaultChecked={levelOf.has(skill.id)}
                      className="h-4 w-4 rounded border-slate-300 text-indigo-600"
                    />
                    <span className="truncate">{skill.name}</span>
                  </label>
                  <label className="sr-only" htmlFor={`level-${skill.id}`}>
                    Level for {skill.name}
                  </label>
                  <select
                    id={`level-${skill.id}`}
                    name={`level-${skill.id}`}
                    defaultValue={levelOf.get(skill.id) ?? 3}
                    className="rounded-md border-0 py-1 pl-2 pr-7 text-sm ring-1 ring-inset ring-slate-300"
                  >
                    {LEVELS.map((l) => (
                      <option key={l.value} value={l.value}>
                        {l.label}
                      </option>
                    ))}
                  </select>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
      {errors?.length ? (
        <p id={errorId} className="mt-2 text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}
