import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef, useState } from "react";
import { countryChoices, languageChoices } from "~/components/crm/crm-choices.server";
import { CustomerFields } from "~/components/crm/customer-fields";
import { formText, readCustomerForm, formSummary } from "~/components/crm/customer-form-data";
import { Button } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/card";
import { FormError, useRevealFirstError } from "~/components/ui/field";
import { formFailure, requireUser } from "~/lib/api.server";

export const meta: MetaFunction = () => [{ title: "New customer · Customers · Frontline" }];

/** Who may create customers (admins always may); the server checks again. */
const EDITORS = ["agent" as const, "supervisor" as const];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, EDITORS);
  const customFields = await api.customFields.list({ entityType: "customer" });
  return data(
    {
      customFields: customFields.map((f) => ({ key: f.key, label: f.label, type: f.type, options: f.options })),
      countries: countryChoices(),
      languages: languageChoices(),
    },
    { headers: resHeaders },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context, EDITORS);
  const form = await request.formData();
  const customFields = await api.customFields.list({ entityType: "customer" });
  const values = readCustomerForm(form, customFields);
  const kind = formText(form, "kind") === "company" ? "company" : "person";
  // A new record stores only the custom values given.
  const custom = Object.fromEntries(Object.entries(values.custom).filter(([, v]) => v !== null));
  try {
    const customer = await api.customers.create({ ...values, kind, custom });
    return redirect(`/customers/${customer.id}?created=1`, { headers: resHeaders });
  } catch (error) {
    return formFailure(error, resHeaders);
  }
}

export default function NewCustomer() {
  const { customFields, countries, languages } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [kind, setKind] = useState<"person" | "company">("person");
  const formRef = useRef<HTMLFormElement>(null);
  useRevealFirstError(formRef, failure);
  const errors = failure?.fieldErrors ?? {};

  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/customers" className="text-indigo-700 hover:underline">
          ← Customers
        </Link>
      </p>
      <PageHeader title="New customer" description="A person, or a company whose people you add as contacts afterwards." />
      <div className="max-w-3xl">
        <Card>
          <Form ref={formRef} method="post" noValidate className="space-y-6">
            <FormError message={formSummary(failure)} />
            <fieldset>
              <legend className="mb-2 text-sm font-medium text-slate-700">Kind</legend>
              <div className="inline-flex rounded-md shadow-sm ring-1 ring-inset ring-slate-300">
                {(["person", "company"] as const).map((value) => (
                  <label
                    key={value}
                    className={`cursor-pointer px-4 py-2 text-sm font-medium first:rounded-l-md last:rounded-r-md has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-600 ${
                      kind === value ? "bg-indigo-600 text-white" : "bg-white text-slate-700 hover:bg-slate-50"
                    }`}
                  >
                    <input
                      type="radio"
                      name="kind"
                      value={value}
                      checked={kind === value}
                      onChange={() => setKind(value)}
                      className="sr-only"
                    />
                    {value === "person" ? "Person" : "Company"}
                  </label>
                ))}
              </div>
            </fieldset>
            <CustomerFields
              defaults={{ name: "", email: null, phone: null, country: null, language: null, segment: null, tier: null, custom: {} }}
              kind={kind}
              countries={countries}
              languages={languages}
              customFields={customFields}
              errors={errors}
            />
            <div className="flex gap-2">
              <Button type="submit" disabled={busy}>
                {busy ? "Creating…" : "Create customer"}
              </Button>
              <Link to="/customers" className="inline-flex items-center rounded-md px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">
                Cancel
              </Link>
            </div>
          </Form>
        </Card>
      </div>
    </>
  );
}
