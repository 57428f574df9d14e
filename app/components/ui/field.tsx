import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";

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
