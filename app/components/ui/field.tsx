import { useEffect, useId, useRef, useState, type InputHTMLAttributes, type ReactNode, type RefObject, type SelectHTMLAttributes } from "react";

interface FieldShellProps {
  label: string;
  errors?: string[];
  hint?: ReactNode;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
}

/** A label, the control, a hint and the field's own error messages, wired for screen readers. */
export function FieldShell({ label, errors, hint, children }: FieldShellProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [errors?.length ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ");
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children({ id, "aria-invalid": Boolean(errors?.length), "aria-describedby": describedBy || undefined })}
      {hint ? (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={errorId} className="text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

const CONTROL_LOOK =
  "rounded-md border-0 bg-white text-sm shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 aria-[invalid=true]:ring-red-500";

/** The text-input look every field shares. */
export const CONTROL = `block w-full px-3 py-2 ${CONTROL_LOOK}`;

/** The same look and size as CONTROL, for controls set side by side; the caller sets the width. */
export const CONTROL_INLINE = `px-3 py-2 ${CONTROL_LOOK}`;

/** The same look, smaller, for controls inside table rows, filter bars and lists; the caller sets the width. */
export const CONTROL_COMPACT = `px-2 py-1.5 ${CONTROL_LOOK}`;

export function TextField({
  label,
  errors,
  hint,
  ...input
}: { label: string; errors?: string[]; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldShell label={label} errors={errors} hint={hint}>
      {(aria) => <input className={CONTROL} {...aria} {...input} />}
    </FieldShell>
  );
}

export function SelectField({
  label,
  errors,
  hint,
  options,
  ...select
}: {
  label: string;
  errors?: string[];
  hint?: ReactNode;
  options: { value: string; label: string }[];
} & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <FieldShell label={label} errors={errors} hint={hint}>
      {(aria) => (
        <select className={CONTROL} {...aria} {...select}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-inset ring-red-200">
      {message}
    </div>
  );
}

/** What a time field says about text it cannot read as a 24-hour time. */
export const TIME_OF_DAY_MESSAGE = "Use 24-hour time, like 09:30 or 17:00.";

/**
 * Text typed as a time of day → "HH:MM" (24-hour), or null if it is not one. Takes "9:30", "09:30", "9.30", "930",
 * "0930", "9" and "17"; not "24:00", "9:60", "9pm" or "12:30 AM" (the app is 24-hour throughout).
 */
export function normaliseTimeOfDay(text: string): string | null {
  const t = text.trim();
  const parts =
    /^(\d{1,2})[:.](\d{2})$/.exec(t) ?? // 9:30, 09:30, 9.30
    /^(\d)(\d{2})$/.exec(t) ?? // 930
    /^(\d{2})(\d{2})$/.exec(t) ?? // 0930
    /^(\d{1,2})()$/.exec(t); // 9, 17
  if (!parts) return null;
  const hours = Number(parts[1]);
  const minutes = parts[2] ? Number(parts[2]) : 0;
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

/**
 * A 24-hour "HH:MM" time input (a browser's `type="time"` shows AM/PM in en-US). Reads "930" or "9:30" and writes
 * "09:30" back on blur and before its form submits; text it cannot read is flagged and stops the submit, with
 * `onTimeError` told so the caller can show the message. Works controlled (`value` + `onTimeChange`) or not.
 */
export function TimeInput({
  onTimeChange,
  onTimeError,
  onBlur,
  onChange,
  className,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & {
  onTimeChange?: (value: string) => void;
  onTimeError?: (message: string | null) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  const [bad, setBad] = useState(false);
  // The latest callbacks, for the submit listener registered once.
  const latest = useRef({ onTimeChange, onTimeError, required: input.required });
  latest.current = { onTimeChange, onTimeError, required: input.required };

  /** Rewrites the text as HH:MM; false if it is not a time (or is empty when required). */
  const settle = (el: HTMLInputElement): boolean => {
    const text = el.value.trim();
    const normal = text === "" ? "" : normaliseTimeOfDay(text);
    const problem = normal === null ? TIME_OF_DAY_MESSAGE : normal === "" && latest.current.required ? "Enter a time, like 09:30." : null;
    setBad(problem !== null);
    latest.current.onTimeError?.(problem);
    if (normal !== null && normal !== el.value) {
      el.value = normal;
      latest.current.onTimeChange?.(normal);
    }
    return problem === null;
  };

  // Enter submits a form without a blur: settle the value first. A native listener on the form runs before
  // React's (delegated at the root), so Remix's <Form> reads the normalised value — or sees the submit stopped.
  useEffect(() => {
    const form = ref.current?.form;
    if (!form) return;
    const onSubmit = (event: SubmitEvent) => {
      const el = ref.current;
      if (!el || settle(el)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      el.focus();
    };
    form.addEventListener("submit", onSubmit);
    return () => form.removeEventListener("submit", onSubmit);
  }, []);

  return (
    <input
      ref={ref}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder="HH:MM"
      pattern="\s*([01]?\d|2[0-3])([:.]?[0-5]\d)?\s*"
      maxLength={8}
      {...input}
      aria-invalid={bad || input["aria-invalid"] === true || input["aria-invalid"] === "true" || undefined}
      className={`${className ?? CONTROL} tabular-nums`}
      onChange={(event) => {
        if (bad && normaliseTimeOfDay(event.currentTarget.value) !== null) {
          setBad(false);
          onTimeError?.(null);
        }
        onChange?.(event);
        onTimeChange?.(event.currentTarget.value);
      }}
      onBlur={(event) => {
        settle(event.currentTarget);
        onBlur?.(event);
      }}
    />
  );
}

/** A labelled 24-hour time field ("HH:MM"), with its own message for text that is not a time. */
export function TimeField({
  label,
  errors,
  hint,
  ...input
}: { label: string; errors?: string[]; hint?: ReactNode } & Omit<InputHTMLAttributes<HTMLInputElement>, "type">) {
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <FieldShell label={label} errors={problem ? [problem] : errors} hint={hint}>
      {(aria) => <TimeInput {...aria} {...input} onTimeError={setProblem} />}
    </FieldShell>
  );
}

/**
 * After a refused submit, moves focus to the first field with an error (or
 * brings the form's message into view), since the form may be long and
 * scrolled past its top.
 */
export function useRevealFirstError(form: RefObject<HTMLFormElement | null>, failure: object | null | undefined) {
  useEffect(() => {
    if (!failure || !form.current) return;
    const field = form.current.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (field) field.focus();
    else form.current.querySelector('[role="alert"]')?.scrollIntoView({ block: "center" });
  }, [failure, form]);
}
