/** Reads the customer forms (new and edit) into procedure input; browser-safe. */

export interface CustomFieldDefinition {
  key: string;
  label: string;
  type: "text" | "number" | "date" | "picklist";
  options: string[];
}

export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
}

/** "" → null: an emptied field clears the stored value. */
export function formOptional(form: FormData, name: string): string | null {
  return formText(form, name) || null;
}

export function readCustomerForm(form: FormData, customFields: CustomFieldDefinition[]) {
  const custom: Record<string, string | null> = {};
  for (const field of customFields) custom[field.key] = formOptional(form, `custom.${field.key}`);
  return {
    name: formText(form, "name"),
    email: formOptional(form, "email"),
    phone: formOptional(form, "phone"),
    country: formOptional(form, "country"),
    language: formOptional(form, "language"),
    segment: formOptional(form, "segment"),
    tier: formOptional(form, "tier"),
    custom,
  };
}

/** A custom value as a form shows it. */
export function customText(value: unknown): string {
  if (value === null || value === undefined) return "";
  return String(value);
}

/** The message at the top of a refused form: when the fields carry their own messages, only a pointer to them. */
export function formSummary(failure: { formError: string; fieldErrors: Record<string, string[] | undefined> } | null | undefined): string | null {
  if (!failure) return null;
  const fieldMessages = Object.values(failure.fieldErrors).some((m) => m && m.length > 0);
  return fieldMessages ? "Some fields need attention." : failure.formError;
}
