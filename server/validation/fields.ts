import { z } from "zod";
import { ROLES } from "../../db/roles";

/** Field schemas shared by every form and procedure that takes them (browser-safe). */
export const emailField = z
  .string()
  .trim()
  .min(1, "Enter an email address.")
  .max(254, "An email address is at most 254 characters.")
  .pipe(z.email("Enter a valid email address."))
  .transform((v) => v.toLowerCase());

export const PASSWORD_MIN_LENGTH = 12;

export const newPasswordField = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(256, "A password is at most 256 characters.");

export const personNameField = z
  .string()
  .trim()
  .min(1, "Enter a name.")
  .max(120, "A name is at most 120 characters.");

export const roleField = z.enum(ROLES, { message: `Choose one of: ${ROLES.join(", ")}.` });

export const uuidField = z.uuid("Not a valid id.");

/** An ISO-8601 instant with its offset ("2026-03-08T10:00:00Z"), read as a Date. */
export const instantField = z.iso.datetime({ offset: true, message: "Use an ISO-8601 instant." }).transform((s) => new Date(s));

/**
 * For an object refinement's `when`: run it even while other fields are refused (so a form hears of
 * every problem in one answer), but not when one of the fields it reads is itself refused.
 */
export function unlessRefused(...fields: string[]) {
  return (payload: { issues: readonly { path?: PropertyKey[] }[] }) => !payload.issues.some((i) => fields.includes(i.path?.[0] as string));
}
