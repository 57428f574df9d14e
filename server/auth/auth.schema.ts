import { z } from "zod";
import { emailField, newPasswordField } from "../validation/fields";

export const loginInput = z.object({
  email: emailField,
  password: z.string().min(1, "Enter your password.").max(256),
});

export const changePasswordInput = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(256),
    newPassword: newPasswordField,
  })
  .refine((v) => v.currentPassword !== v.newPassword, {
    message: "The new password must differ from the current one.",
    path: ["newPassword"],
  });
