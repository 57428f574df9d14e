import { DomainError, type DomainErrorKind } from "../domain-error";

export type QualityErrorReason = "NOT_FOUND" | "INVALID" | "CONFLICT" | "FORBIDDEN";

const KIND: Record<QualityErrorReason, DomainErrorKind> = {
  NOT_FOUND: "NOT_FOUND",
  INVALID: "BAD_REQUEST",
  CONFLICT: "CONFLICT",
  FORBIDDEN: "FORBIDDEN",
};

/** Errors of quality assurance (QA criteria, scorecards, the quality report). */
export class QualityError extends DomainError<QualityErrorReason> {
  constructor(reason: QualityErrorReason, message: string, field?: string) {
    super(KIND[reason], reason, message, field);
  }
}
