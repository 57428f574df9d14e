import { SelectField, TextField } from "~/components/ui/field";
import { customText, type CustomFieldDefinition } from "./customer-form-data";

export interface Choice {
  value: string;
  label: string;
}

export interface CustomerDefaults {
  name: string;
  email: string | null;
  phone: string | null;
  country: string | null;
  language: string | null;
  segment: string | null;
  tier: string | null;
  custom: Record<string, unknown>;
}

type Errors = Record<string, string[] | undefined>;

const SEGMENTS = ["Consumer", "SMB", "Enterprise"];
const TIERS = ["Bronze", "Silver", "Gold", "Platinum"];

/** Free text with suggestions: the usual values, but any other is allowed. */
function withCurrent(values: string[], current: string | null): Choice[] {
  const list = current && !values.includes(current) ? [current, ...values] : values;
  return [{ value: "", label: "—" }, ...list.map((v) => ({ value: v, label: v }))];
}

/** The fields of a customer record, shared by the new-customer page and the 360 page's edit form (the caller supplies the form). */
export function CustomerFields({
  defaults,
  kind,
  countries,
  languages,
  customFields,
  errors,
  autoFocus = false,
}: {
  defaults: CustomerDefaults;
  kind: "person" | "company";
  countries: Choice[];
  languages: Choice[];
  customFields: CustomFieldDefinition[];
  errors: Errors;
  /** Puts the cursor in the name field (an edit form opened in place of what the person clicked). */
  autoFocus?: boolean;
}) {
  return (
    <div className="space-y-6">
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <TextField
            label={kind === "company" ? "Company name" : "Full name"}
            name="name"
            defaultValue={defaults.name}
            required
            autoComplete="off"
            maxLength={200}
            autoFocus={autoFocus}
            errors={errors.name}
          />
        </div>
        <TextField label="Email" name="email" type="email" defaultValue={defaults.email ?? ""} autoComplete="off" errors={errors.email} />
        <TextField
          label="Phone"
          name="phone"
          type="tel"
          defaultValue={defaults.phone ?? ""}
          autoComplete="off"
          hint="As the customer gives it; read in the country below unless it starts with +."
          errors={errors.phone}
        />
        <SelectField
          label="Country"
          name="country"
          defaultValue={defaults.country ?? ""}
          options={[{ value: "", label: "Not known" }, ...countries]}
          errors={errors.country}
        />
        <SelectField
          label="Language"
          name="language"
          defaultValue={defaults.language ?? ""}
          options={[{ value: "", label: "Not known" }, ...languages]}
          errors={errors.language}
        />
        <SelectField label="Segment" name="segment" defaultValue={defaults.segment ?? ""} options={withCurrent(SEGMENTS, defaults.segment)} errors={errors.segment} />
        <SelectField label="Tier" name="tier" defaultValue={defaults.tier ?? ""} options={withCurrent(TIERS, defaults.tier)} errors={errors.tier} />
      </div>
      {customFields.length ? (
        <fieldset className="space-y-3">
          <legend className="text-sm font-semibold text-slate-900">More fields</legend>
          <div className="grid gap-4 sm:grid-cols-2">
            {customFields.map((field) => {
              const name = `custom.${field.key}`;
              const value = customText(defaults.custom[field.key]);
              const fieldErrors = errors[name] ?? undefined;
              if (field.type === "picklist") {
                const options = value && !field.options.includes(value) ? [value, ...field.options] : field.options;
                return (
                  <SelectField
                    key={field.key}
                    label={field.label}
                    name={name}
                    defaultValue={value}
                    options={[{ value: "", label: "—" }, ...options.map((o) => ({ value: o, label: o }))]}
                    errors={fieldErrors}
                  />
                );
              }
              return (
                <TextField
                  key={field.key}
                  label={field.label}
                  name={name}
                  type={field.type === "date" ? "date" : "text"}
                  inputMode={field.type === "number" ? "decimal" : undefined}
                  defaultValue={value}
                  errors={fieldErrors}
                />
              );
            })}
          </div>
        </fieldset>
      ) : null}
    </div>
  );
}
