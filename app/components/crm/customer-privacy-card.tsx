import { useCallback, useEffect, useRef, useState, type MouseEvent } from "react";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { FormError, TextField } from "~/components/ui/field";
import { formatInstant } from "~/lib/format";
import { focusIsLost } from "~/lib/focus";
import { useCrmFetcher } from "./crm-action";

/**
 * Admins only (the server refuses everyone else): download a customer's whole record as JSON for a
 * data-subject access request, and erase a person customer (right to erasure), after asking.
 */
export function CustomerPrivacyCard({
  customerId,
  kind,
  erasedAt,
  zone,
}: {
  customerId: string;
  kind: "person" | "company";
  erasedAt: string | null;
  zone?: string;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const { fetcher, failure, busy, errors } = useCrmFetcher(() => formRef.current?.reset());
  // Refused: the confirm dialog could not give the focus back to the busy button. Put it on the reason the
  // server refused, else on the button again.
  const eraseButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!failure) return;
    const reason = formRef.current?.elements.namedItem("reason");
    if (failure.fieldErrors.reason?.length && reason instanceof HTMLInputElement) reason.focus();
    else eraseButton.current?.focus();
  }, [failure]);
  // Erased (by this person, or by someone else, which the refusal and the reloaded record can say in either
  // order), the form gives way to the line saying so. If that left the focus nowhere, the line takes it and is
  // read out instead of the page.
  const hadForm = useRef(false);
  useEffect(() => {
    if (!erasedAt && kind === "person") hadForm.current = true;
  }, [erasedAt, kind]);
  const erasedNoteRef = useCallback((el: HTMLParagraphElement | null) => {
    if (el && hadForm.current && focusIsLost()) el.focus();
  }, []);
  // The reason is checked before the confirm dialog opens, not after the person has confirmed.
  const [reasonError, setReasonError] = useState<string | null>(null);
  const checkReason = (event: MouseEvent) => {
    const input = formRef.current?.elements.namedItem("reason");
    if (!(input instanceof HTMLInputElement)) return;
    if (input.value.trim().length >= 3) {
      setReasonError(null);
      return;
    }
    event.preventDefault();
    setReasonError("Say why this customer is erased (e.g. the request's reference).");
    input.focus();
  };
  return (
    <Card title="Data protection">
      <div className="space-y-4 text-sm">
        <div>
          <a
            href={`/customers/${customerId}/export.json`}
            download
            className="inline-flex items-center rounded-md bg-white px-3 py-1.5 font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            Download full record (JSON)
          </a>
          <p className="mt-1 text-xs text-slate-500">
            For a data-subject access request: profile, custom fields, contacts, cases, notes, field history and audit entries.
            The download is logged.
          </p>
        </div>
        {erasedAt ? (
          <p ref={erasedNoteRef} tabIndex={-1} className="rounded text-slate-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
            Erased {formatInstant(erasedAt, zone)}. Its history is kept without personal data.
          </p>
        ) : kind === "person" ? (
          <fetcher.Form method="post" action={`/customers/${customerId}/erase`} ref={formRef} className="space-y-2">
            <TextField
              label="Reason for erasure"
              name="reason"
              required
              minLength={3}
              maxLength={500}
              placeholder="e.g. Erasure request, ticket 4711"
              hint="Kept in the audit log: give the request's reference, not personal details."
              errors={reasonError ? [reasonError] : errors.reason}
            />
            <FormError message={failure && !errors.reason ? failure.formError : null} />
            <ConfirmDialog
              trigger={
                <Button ref={eraseButton} variant="danger" size="sm" disabled={busy} onClick={checkReason}>
                  {busy ? "Erasing…" : "Erase this person…"}
                </Button>
              }
              title="Erase this customer?"
              description="Name, email, phone, language, segment, tier and custom fields are removed; notes, case texts, field history and audit entries about them are redacted. Cases and history stay, anonymised. This cannot be undone."
              confirmLabel="Erase"
              onConfirm={() => {
                if (formRef.current?.reportValidity()) fetcher.submit(formRef.current);
              }}
            />
          </fetcher.Form>
        ) : (
          <p className="text-slate-600">Only a person can be erased; a company&apos;s contacts are edited or archived instead.</p>
        )}
      </div>
    </Card>
  );
}
