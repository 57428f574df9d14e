import { DomainError, type DomainErrorKind } from "../domain-error";

export type CrmErrorReason = "NOT_FOUND" | "INVALID" | "DUPLICATE_KEY";

const KIND: Record<CrmErrorReason, DomainErrorKind> = {
  NOT_FOUND: "NOT_FOUND",
  INVALID: "BAD_REQUEST",
  DUPLICATE_KEY: "CONFLICT",
};

export class CrmError extends DomainError<CrmErrorReason> {
  constructor(reason: CrmErrorReason, message: string, field?: string) {
    super(KIND[reason], reason, message, field);
  }
}
