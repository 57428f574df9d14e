/**
 * Base of every domain module's error. `kind` says how the transport should
 * treat it; `reason` is the module's own code; `field` points a form at the
 * input that caused it. Messages are written for the person who reads them.
 */
export type DomainErrorKind =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PRECONDITION_FAILED"
  | "TOO_MANY_REQUESTS";

export class DomainError<Reason extends string = string> extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly reason: Reason,
    message: string,
    readonly field?: string,
    /** Structured detail a client can show, e.g. the rules a shift breaks. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
