import { DomainError, type DomainErrorKind } from "../domain-error";

export type WorkforceErrorReason =
  | "NOT_FOUND"
  | "NOT_AN_AGENT"
  | "ALREADY_AN_AGENT"
  | "EMPLOYEE_NUMBER_TAKEN"
  | "NAME_TAKEN"
  | "OVERLAP"
  | "RULES_BROKEN"
  | "ALREADY_TAKEN"
  | "NOT_ELIGIBLE"
  | "ALREADY_STARTED"
  | "NOT_YOURS"
  | "INVALID";

const KIND: Record<WorkforceErrorReason, DomainErrorKind> = {
  NOT_FOUND: "NOT_FOUND",
  NOT_AN_AGENT: "PRECONDITION_FAILED",
  ALREADY_AN_AGENT: "CONFLICT",
  EMPLOYEE_NUMBER_TAKEN: "CONFLICT",
  NAME_TAKEN: "CONFLICT",
  OVERLAP: "CONFLICT",
  RULES_BROKEN: "CONFLICT",
  ALREADY_TAKEN: "CONFLICT",
  NOT_ELIGIBLE: "CONFLICT",
  ALREADY_STARTED: "BAD_REQUEST",
  NOT_YOURS: "FORBIDDEN",
  INVALID: "BAD_REQUEST",
};

export class WorkforceError extends DomainError<WorkforceErrorReason> {
  constructor(reason: WorkforceErrorReason, message: string, options: { field?: string; details?: unknown } = {}) {
    super(KIND[reason], reason, message, options.field, options.details);
  }
}

/** PostgreSQL's exclusion-violation code, raised by shifts_no_overlap. */
export function isExclusionViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "23P01";
}

export { isUniqueViolation } from "../../db/pg-errors";
