import { useEffect, useId, useRef } from "react";
import { Button } from "~/components/ui/button";
import { useCrmFetcher } from "./crm-action";
import { CONTROL } from "~/components/ui/field";

/** Adds a note; it appears at the top of the timeline once saved. */
export function CustomerNoteForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  // Saved: empty the box and put the cursor back for the next note (the busy button had lost focus).
  const { fetcher, failure, busy, errors } = useCrmFetcher(() => {
    formRef.current?.reset();
    textRef.current?.focus();
  });
  const id = useId();
  const error = errors.body?.join(" ") ?? failure?.formError;
  useEffect(() => {
    if (failure) textRef.current?.focus();
  }, [failure]);
  return (
    <fetcher.Form ref={formRef} method="post" noValidate className="mb-5 space-y-2">
      <input type="hidden" name="intent" value="note" />
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        Add a note
      </label>
      <textarea
        ref={textRef}
        id={id}
        name="body"
        rows={2}
        maxLength={10_000}
        placeholder="What did the customer say or need? Notes cannot be edited later."
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : undefined}
        className={CONTROL}
      />
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <Button type="submit" size="sm" disabled={busy}>
        {busy ? "Saving…" : "Add note"}
      </Button>
    </fetcher.Form>
  );
}
