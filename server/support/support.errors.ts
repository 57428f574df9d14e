import { DomainError, type DomainErrorKind } from "../domain-error";

export type SupportErrorReason = "NOT_FOUND" | "INVALID" | "CONFLICT" | "API_KEY_INVALID" | "RATE_LIMITED";

const KIND: Record<SupportErrorReason, DomainErrorKind> = {
  NOT_FOUND: "NOT_FOUND",
  INVALID: "BAD_REQUEST",
  CONFLICT: "CONFLICT",
  API_KEY_INVALID: "UNAUTHORIZED",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
};

export class SupportError extends DomainError<SupportErrorReason> {
  constructor(reason: SupportErrorReason, message: string, field?: string, details?: unknown) {
    super(KIND[reason], reason, message, field, details);
  }
}
