import { z } from "zod";
import { emailField, newPasswordField, personNameField, roleField, uuidField } from "../validation/fields";

export const listUsersInput = z.object({
  search: z.string().trim().max(100).optional(),
  role: roleField.optional(),
  status: z.enum(["active", "disabled", "all"]).default("all"),
  /** Keyset cursor: the email of the last user on the previous page. */
  after: z.string().max(254).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListUsersInput = z.infer<typeof listUsersInput>;

export const createUserInput = z.object({
  email: emailField,
  name: personNameField,
  role: roleField,
  password: newPasswordField,
});
export type CreateUserInput = z.infer<typeof createUserInput>;

export const userIdInput = z.object({ userId: uuidField });

export const setRoleInput = z.object({ userId: uuidField, role: roleField });

export const setDisabledInput = z.object({ userId: uuidField, disabled: z.boolean() });

export const resetPasswordInput = z.object({ userId: uuidField, password: newPasswordField });
