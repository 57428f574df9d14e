import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { Form } from "@remix-run/react";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { FormError, TextField } from "~/components/ui/field";

export interface MyActionFailure {
  intent?: unknown;
  shiftId?: unknown;
  formError: string;
  fieldErrors: Record<string, string[] | undefined>;
  at?: number;
}

/**
 * Giving a shift back asks first, and asks why: the reason goes to the audit
 * log for the planner. A refusal stays in the dialog; on success the shift
 * leaves the list and the dialog with it.
 */
export function OfferBackDialog({
  shiftId,
  label,
  failure,
  busy,
}: {
  shiftId: string;
  label: string;
  failure: MyActionFailure | null;
  busy: boolean;
}) {
  // While open: the refusal already on the page when it opened, which this opening should not show again.
  const [opened, setOpened] = useState<{ staleAt: number | undefined } | null>(null);
  const shown = failure && opened && failure.at !== opened.staleAt ? failure : null;
  return (
    <AlertDialog.Root open={opened !== null} onOpenChange={(open) => setOpened(open ? { staleAt: failure?.at } : null)}>
      <AlertDialog.Trigger asChild>
        <Button variant="secondary" size="sm" className="shrink-0">
          Offer back
        </Button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <AlertDialog.Content className="fixed left-1/2 top-1/2 z-50 w-[28rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl">
          <AlertDialog.Title className="text-lg font-semibold">Offer back this shift?</AlertDialog.Title>
          <AlertDialog.Description className="mt-2 text-sm text-slate-600">
            <span className="font-medium text-slate-800">{label}</span> goes back to the open shifts, and any eligible agent can
            claim it. It is no longer yours; while nobody has claimed it, you can claim it back.
          </AlertDialog.Description>
          <Form method="post" noValidate className="mt-4 space-y-4">
            <input type="hidden" name="intent" value="offerBack" />
            <input type="hidden" name="shiftId" value={shiftId} />
            <FormError message={shown?.formError} />
            <TextField
              label="Reason"
              name="reason"
              required
              minLength={3}
              maxLength={500}
              placeholder="e.g. Doctor's appointment"
              hint="Your planner sees it."
              errors={shown?.fieldErrors.reason}
            />
            <div className="flex justify-end gap-2">
              <AlertDialog.Cancel asChild>
                <Button variant="secondary">Keep the shift</Button>
              </AlertDialog.Cancel>
              <Button type="submit" variant="danger" disabled={busy}>
                {busy ? "Offering back…" : "Offer shift back"}
              </Button>
            </div>
          </Form>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
