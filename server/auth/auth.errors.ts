import { DomainError, type DomainErrorKind } from "../domain-error";

export type AuthErrorReason =
  | "INVALID_CREDENTIALS"
  | "ACCOUNT_DISABLED"
  | "THROTTLED"
  | "NOT_SIGNED_IN"
  | "WRONG_ROLE"
  | "WRONG_CURRENT_PASSWORD";

const KIND: Record<AuthErrorReason, DomainErrorKind> = {
  INVALID_CREDENTIALS: "BAD_REQUEST",
  ACCOUNT_DISABLED: "BAD_REQUEST",
  THROTTLED: "TOO_MANY_REQUESTS",
  NOT_SIGNED_IN: "UNAUTHORIZED",
  WRONG_ROLE: "FORBIDDEN",
  WRONG_CURRENT_PASSWORD: "BAD_REQUEST",
};

export class AuthError extends DomainError<AuthErrorReason> {
  constructor(reason: AuthErrorReason, message: string, field?: string) {
    super(KIND[reason], reason, message, field);
  }
}
