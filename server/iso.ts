/** A database timestamp (Date from pg, Date or text from PGlite) as ISO-8601 text, null kept. */
export function isoOrNull(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
