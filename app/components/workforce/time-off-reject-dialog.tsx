import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { Form } from "@remix-run/react";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { FormError, TextField } from "~/components/ui/field";

export interface TimeOffActionFailure {
  intent?: unknown;
  requestId?: unknown;
  formError: string;
  fieldErrors: Record<string, string[] | undefined>;
  at?: number;
}

/** Rejecting asks first, with room for a note the agent will read. */
export function TimeOffRejectDialog({
  requestId,
  who,
  failure,
  busy,
}: {
  requestId: string;
  /** "Arjun Mehta, Mon 9 Mar – Tue 10 Mar 2026" */
  who: string;
  failure: TimeOffActionFailure | null;
  busy: boolean;
}) {
  // While open: the refusal already on the page when it opened, which this opening should not show again.
  const [opened, setOpened] = useState<{ staleAt: number | undefined } | null>(null);
  const shown = failure && opened && failure.at !== opened.staleAt ? failure : null;
  return (
    <AlertDialog.Root open={opened !== null} onOpenChange={(open) => setOpened(open ? { staleAt: failure?.at } : null)}>
      <AlertDialog.Trigger asChild>
        <Button variant="secondary" size="sm">
          Reject
        </Button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <AlertDialog.Content className="fixed left-1/2 top-1/2 z-50 w-[28rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl">
          <AlertDialog.Title className="text-lg font-semibold">Reject this time-off request?</AlertDialog.Title>
          <AlertDialog.Description className="mt-2 text-sm text-slate-600">
            <span className="font-medium text-slate-800">{who}</span>. The agent sees the request as rejected, with your note.
          </AlertDialog.Description>
          <Form method="post" noValidate className="mt-4 space-y-4">
            <input type="hidden" name="intent" value="reject" />
            <input type="hidden" name="requestId" value={requestId} />
            <FormError message={shown?.formError} />
            <TextField
              label="Note to the agent (optional)"
              name="note"
              maxLength={500}
              placeholder="e.g. Peak week; could you take the week after?"
              errors={shown?.fieldErrors.note}
            />
            <div className="flex justify-end gap-2">
              <AlertDialog.Cancel asChild>
                <Button variant="secondary">Cancel</Button>
              </AlertDialog.Cancel>
              <Button type="submit" variant="danger" disabled={busy}>
                {busy ? "Rejecting…" : "Reject request"}
              </Button>
            </div>
          </Form>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
