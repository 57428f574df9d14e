import { DomainError, type DomainErrorKind } from "../domain-error";

export type UsersErrorReason = "NOT_FOUND" | "EMAIL_TAKEN" | "SELF_LOCKOUT";

const KIND: Record<UsersErrorReason, DomainErrorKind> = {
  NOT_FOUND: "NOT_FOUND",
  EMAIL_TAKEN: "CONFLICT",
  SELF_LOCKOUT: "BAD_REQUEST",
};

export class UsersError extends DomainError<UsersErrorReason> {
  constructor(reason: UsersErrorReason, message: string, field?: string) {
    super(KIND[reason], reason, message, field);
  }
}
