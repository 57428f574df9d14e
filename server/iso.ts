const TWO = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));
const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00Z: past it the year needs more than four digits. */
const YEAR_10000_MS = 253_402_300_800_000;

/**
 * An instant (milliseconds since the epoch) as ISO-8601 UTC text, exactly as
 * `new Date(ms).toISOString()` writes it. V8's toISOString costs ~1.7 µs on
 * our servers, which a board of 5,000 shift times pays 5,000 times per
 * answer; this is integer arithmetic (days to a civil date, after Howard
 * Hinnant's algorithm) and a fraction of that. Outside 1970–9999 it hands
 * over to Date.
 */
export function isoFromMs(ms: number): string {
  if (!(ms >= 0 && ms < YEAR_10000_MS)) return new Date(ms).toISOString();
  const t = Math.trunc(ms);
  const days = Math.floor(t / DAY_MS);
  let rest = t - days * DAY_MS;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const ms3 = millis < 10 ? `00${millis}` : millis < 100 ? `0${millis}` : String(millis);
  return `${year}-${TWO[month]}-${TWO[day]}T${TWO[hours]}:${TWO[minutes]}:${TWO[seconds]}.${ms3}Z`;
}

/** Timestamp text at UTC as PostgreSQL writes it in JSON (`2026-11-26T09:07:18.156196+00:00`) or as text (`… 09:07:18+00`). */
const UTC_TEXT = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?(?:\+00(?::00)?|Z)$/;

/**
 * Timestamp text as ISO-8601: text already at UTC is cut to milliseconds as
 * Date would (a quarter of the time of parsing it: JSON built by the database
 * carries dozens per answer); any other offset goes through Date.
 */
function isoOfText(text: string): string {
  const m = UTC_TEXT.exec(text);
  // PostgreSQL may write an offset as hours alone (`+01`), which Date reads only after a space, not a T.
  if (!m) return isoFromMs(new Date(text.replace(/([+-]\d\d)$/, "$1:00")).getTime());
  const fraction = m[3] === undefined ? "000" : m[3].length >= 3 ? m[3].slice(0, 3) : m[3].padEnd(3, "0");
  return `${m[1]}T${m[2]}.${fraction}Z`;
}

/** A Date (or timestamp text from PGlite or from JSON) as ISO-8601 text: `toISOString`, faster (see isoFromMs). */
export function isoOf(value: Date | string): string {
  return typeof value === "string" ? isoOfText(value) : isoFromMs(value.getTime());
}

/** A database timestamp (Date from pg, Date or text from PGlite) as ISO-8601 text, null kept. */
export function isoOrNull(value: Date | string | null): string | null {
  return value === null ? null : isoOf(value);
}
