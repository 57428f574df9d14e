import { format, parseISO } from "date-fns";
import { useRef, useState, type ReactNode } from "react";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { FormError, useRevealFirstError } from "~/components/ui/field";
import { useCrmFetcher, useFocusReturn } from "./crm-action";
import { countryName, KIND_LABELS, languageName } from "./crm-labels";
import { CustomerFields, type Choice, type CustomerDefaults } from "./customer-fields";
import { customText, type CustomFieldDefinition, formSummary } from "./customer-form-data";

export interface ProfileView extends CustomerDefaults {
  id: string;
  kind: "person" | "company";
  /** The phone formatted for reading. */
  phoneDisplay: string | null;
  externalSource: string | null;
  externalId: string | null;
  createdWhen: string;
  updatedWhen: string;
}

/** A date custom field as the other dates on the page read ("14 Mar 2027", not "2027-03-14"); a calendar date, so no zone. */
function customDate(value: unknown): string {
  const text = customText(value);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? format(parseISO(text), "d MMM yyyy") : text;
}

/** The profile's own rows: a custom field with one of these labels (an imported `Tier__c`) is marked as custom, so two "Tier" rows do not puzzle anyone. */
const OWN_LABELS = new Set(["kind", "email", "phone", "country", "language", "segment", "tier", "external id", "created", "updated"]);

function customLabel(label: string): string {
  return OWN_LABELS.has(label.trim().toLowerCase()) ? `${label} (custom field)` : label;
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-2 py-1.5">
      <dt className="text-slate-500">{label}</dt>
      <dd className="col-span-2 break-words text-slate-900">{children ?? <span className="text-slate-500">—</span>}</dd>
    </div>
  );
}

/** The customer's profile; editors switch it to a form in place. */
export function CustomerProfileCard({
  profile,
  canEdit,
  countries,
  languages,
  customFields,
}: {
  profile: ProfileView;
  canEdit: boolean;
  countries: Choice[];
  languages: Choice[];
  customFields: CustomFieldDefinition[];
}) {
  const [editing, setEditing] = useState(false);
  const editButton = useFocusReturn();
  const close = () => {
    editButton.returnFocus();
    setEditing(false);
  };
  const { fetcher, failure, busy, errors } = useCrmFetcher(close);
  const formRef = useRef<HTMLFormElement>(null);
  useRevealFirstError(formRef, failure);

  if (editing) {
    return (
      <Card title="Edit profile">
        <fetcher.Form ref={formRef} method="post" noValidate className="space-y-5">
          <input type="hidden" name="intent" value="profile" />
          <FormError message={formSummary(failure)} />
          <CustomerFields
            defaults={profile}
            kind={profile.kind}
            countries={countries}
            languages={languages}
            customFields={customFields}
            errors={errors}
            autoFocus
          />
          <div className="flex gap-2">
            <Button type="submit" disabled={busy}>
              {busy ? "Saving…" : "Save profile"}
            </Button>
            <Button variant="ghost" onClick={close} disabled={busy}>
              Cancel
            </Button>
          </div>
        </fetcher.Form>
      </Card>
    );
  }

  const customValues = customFields.filter((f) => customText(profile.custom[f.key]) !== "");
  return (
    <Card
      title="Profile"
      actions={
        canEdit ? (
          <Button ref={editButton.ref} variant="secondary" size="sm" onClick={() => setEditing(true)}>
            Edit<span className="sr-only"> profile</span>
          </Button>
        ) : null
      }
    >
      <dl className="divide-y divide-slate-100 text-sm">
        <Detail label="Kind">{KIND_LABELS[profile.kind]}</Detail>
        <Detail label="Email">
          {profile.email ? (
            <a className="text-indigo-700 hover:underline" href={`mailto:${profile.email}`}>
              {profile.email}
            </a>
          ) : null}
        </Detail>
        <Detail label="Phone">
          {profile.phone ? (
            <a className="text-indigo-700 hover:underline" href={`tel:${profile.phone}`}>
              {profile.phoneDisplay}
            </a>
          ) : null}
        </Detail>
        <Detail label="Country">{profile.country ? `${countryName(profile.country)} (${profile.country})` : null}</Detail>
        <Detail label="Language">{profile.language ? `${languageName(profile.language)} (${profile.language})` : null}</Detail>
        <Detail label="Segment">{profile.segment}</Detail>
        <Detail label="Tier">{profile.tier}</Detail>
        {customValues.map((f) => (
          <Detail key={f.key} label={customLabel(f.label)}>
            {f.type === "date" ? customDate(profile.custom[f.key]) : customText(profile.custom[f.key])}
          </Detail>
        ))}
        {profile.externalId ? (
          <Detail label="External id">
            <span className="font-mono text-xs">{profile.externalId}</span>
            <span className="ml-1 inline-block whitespace-nowrap text-xs text-slate-500">({profile.externalSource})</span>
          </Detail>
        ) : null}
        <Detail label="Created">{profile.createdWhen}</Detail>
        <Detail label="Updated">{profile.updatedWhen}</Detail>
      </dl>
      {customFields.length > customValues.length && canEdit ? (
        <p className="mt-2 text-xs text-slate-500">
          Not filled in: {customFields.filter((f) => !customValues.includes(f)).map((f) => customLabel(f.label)).join(", ")}.
        </p>
      ) : null}
    </Card>
  );
}
