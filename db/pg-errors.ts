/** PostgreSQL error codes the services act on (the same from pg and from PGlite). */

/** unique_violation, optionally of one named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e.code !== "23505") return false;
  return !constraint || e.constraint === constraint || Boolean(e.message?.includes(constraint));
}

/**
 * deadlock_detected. Two transactions writing overlapping rows under an exclusion constraint
 * at the same instant can each find the other's entry and wait for it (the constraint
 * re-checks after inserting its index entry); PostgreSQL then aborts one of them with this.
 */
export function isDeadlock(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "40P01";
}
