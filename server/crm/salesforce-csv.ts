import fs from "node:fs";
import { parse } from "csv-parse";
import { getCountries } from "libphonenumber-js";
import { isCountryCode } from "./contact-fields";

/** One data row of an export file, by Salesforce field API name, with the file line it starts on (the header is line 1). */
export interface SalesforceRow {
  line: number;
  values: Record<string, string>;
}

const NEWLINES = /\r\n|\n|\r/g;

/** Line breaks in a value as an editor counts them (CRLF is one). */
function lineBreaks(value: string): number {
  let n = 0;
  for (const _ of value.matchAll(NEWLINES)) n++;
  return n;
}

/**
 * Streams a Salesforce export CSV (UTF-8, optional BOM, every field quoted,
 * values with commas, doubled quotes and line breaks) one record at a time.
 * A structurally broken file (an unclosed quote) throws, so its transaction rolls back.
 *
 * csv-parse hands out plain arrays (no `columns`, no `info`: building its record objects and
 * per-record info copies cost about as much as the parsing itself); the header maps them to
 * names here, and line numbers are counted here: each record takes one line plus the line
 * breaks inside its quoted values, and empty lines (a record of one empty field) are skipped
 * but counted.
 */
export async function* readSalesforceCsv(file: string): AsyncGenerator<SalesforceRow> {
  // 32 KB reads: csv-parse parses each read whole before handing out a record, and while it does, the
  // answers of the import's statements wait (PostgreSQL idles); ~150 rows at a time keeps that short.
  const parser = fs.createReadStream(file, { highWaterMark: 32 * 1024 }).pipe(parse({ bom: true, relax_column_count: true }));
  let header: string[] | null = null;
  let line = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const start = line;
      line++;
      if (record.length === 1 && record[0] === "") continue;
      for (let i = 0; i < record.length; i++) {
        const value = record[i]!;
        if (value.length > 0 && (value.includes("\n") || value.includes("\r"))) line += lineBreaks(value);
      }
      if (!header) {
        header = record.map((h) => h.trim());
        continue;
      }
      const values: Record<string, string> = {};
      const n = Math.min(header.length, record.length);
      for (let i = 0; i < n; i++) values[header[i]!] = record[i]!;
      yield { line: start, values };
    }
  } catch (error) {
    // Only the parser throws here (what the consumer does with a row never reaches this generator's body).
    throw new Error(`not a readable CSV: ${csvProblem(error)}`);
  }
}

/** csv-parse's error as an administrator reads it; csv-parse counts physical lines, as the rejected rows do. */
export function csvProblem(error: unknown): string {
  const { code, lines } = (error ?? {}) as { code?: unknown; lines?: unknown };
  const at = typeof lines === "number" ? ` on line ${lines}` : "";
  switch (code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return `a quoted value is never closed: the file ends inside it${at} (is the file cut short, or a closing quote missing?)`;
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return `a quote inside a quoted value is not doubled${at} (write "" for one ")`;
    case "INVALID_OPENING_QUOTE":
    case "CSV_INVALID_OPENING_QUOTE":
      return `a quote in the middle of an unquoted value${at}`;
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** Salesforce booleans: 1/0, true/false. */
export function sfBoolean(value: string | undefined): boolean {
  const v = (value ?? "").trim().toLowerCase();
  return v === "1" || v === "true";
}

/** Salesforce timestamps (`2025-04-01T10:00:00.000Z`, `…+0000`, or a bare date/time read as UTC); undefined when empty, null when unreadable. */
export function sfTimestamp(value: string | undefined): Date | null | undefined {
  let v = (value ?? "").trim();
  if (!v) return undefined;
  v = v.replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
  if (!/[zZ]$|[+-]\d{2}:\d{2}$/.test(v) && v.includes("T")) v += "Z";
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t);
}

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
const COUNTRY_BY_NAME = new Map<string, string>();
for (const code of getCountries()) {
  const name = regionNames.of(code);
  if (name && name !== code) COUNTRY_BY_NAME.set(name.toLowerCase(), code);
}
const COUNTRY_ALIASES: Record<string, string> = {
  usa: "US",
  "u.s.": "US",
  "u.s.a.": "US",
  "united states of america": "US",
  america: "US",
  uk: "GB",
  "u.k.": "GB",
  "great britain": "GB",
  britain: "GB",
  england: "GB",
  scotland: "GB",
  wales: "GB",
  "northern ireland": "GB",
  deutschland: "DE",
  "federal republic of germany": "DE",
  "the netherlands": "NL",
  holland: "NL",
  españa: "ES",
  espana: "ES",
  méxico: "MX",
  brasil: "BR",
  "south korea": "KR",
  korea: "KR",
  "republic of korea": "KR",
  russia: "RU",
  "russian federation": "RU",
  uae: "AE",
  "czech republic": "CZ",
  schweiz: "CH",
  suisse: "CH",
  österreich: "AT",
  italia: "IT",
  "people's republic of china": "CN",
  prc: "CN",
};

/** A Salesforce country value (free text in exports: "DE", "Germany", "USA") to ISO 3166-1 alpha-2; null when it cannot be read. */
export function toCountryCode(value: string | undefined): string | null {
  const v = (value ?? "").trim();
  if (!v) return null;
  const upper = v.toUpperCase();
  if (upper.length === 2 && isCountryCode(upper)) return upper;
  const lower = v.toLowerCase().replace(/\s+/g, " ");
  return COUNTRY_ALIASES[lower] ?? COUNTRY_BY_NAME.get(lower) ?? null;
}

/** `NPS_Score__c` → `nps_score`: a custom field key as custom_field_definitions allows (`^[a-z][a-z0-9_]{0,39}$`); null when none can be made. */
export function customFieldKey(column: string): string | null {
  let key = column
    .replace(/__c$/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!key) return null;
  if (!/^[a-z]/.test(key)) key = `f_${key}`;
  return key.slice(0, 40).replace(/_+$/, "");
}

export function customFieldLabel(column: string): string {
  return column.replace(/__c$/i, "").replace(/_+/g, " ").trim();
}

const EMAIL = /^[^\s@",;<>()]+@[^\s@",;<>()]+\.[^\s@",;<>()]+$/;

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}
