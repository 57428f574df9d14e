import { getCountries, parsePhoneNumberFromString } from "libphonenumber-js";

/** Server-side helpers for the customer pages (they keep phone metadata out of the browser bundle). */

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
const languageNames = new Intl.DisplayNames(["en"], { type: "language" });

export interface Choice {
  value: string;
  label: string;
}

/** Every country a phone can belong to, by English name. */
export function countryChoices(): Choice[] {
  return getCountries()
    .map((code) => ({ value: code, label: `${regionNames.of(code) ?? code} (${code})` }))
    .sort((a, b) => a.label.localeCompare(b.label, "en"));
}

/** Languages support staff meet most; a stored code outside the list is kept as a choice. */
const COMMON_LANGUAGES = [
  "ar", "bn", "cs", "da", "de", "el", "en", "es", "fa", "fi", "fil", "fr", "ga", "he", "hi", "hu", "id", "it", "ja", "ko",
  "ms", "nl", "no", "pl", "pt", "ro", "ru", "sk", "sv", "sw", "ta", "th", "tl", "tr", "uk", "ur", "vi", "yo", "zh",
];

export function languageChoices(current?: string | null): Choice[] {
  const codes = new Set(COMMON_LANGUAGES);
  if (current) codes.add(current);
  return [...codes]
    .map((code) => ({ value: code, label: `${languageNames.of(code) ?? code} (${code})` }))
    .sort((a, b) => a.label.localeCompare(b.label, "en"));
}

/** An E.164 number as people write it internationally ("+49 151 23456789"). */
export function displayPhone(e164: string | null | undefined): string | null {
  if (!e164) return null;
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

/**
 * Timeline items with a phone change's "old → new" written as the profile shows phones
 * ("+1 212 555 0100", not "+12125550100"); every other item is returned as it is.
 */
export function withReadablePhoneChanges<T extends { kind: string; title: string; detail: string | null }>(items: T[]): T[] {
  return items.map((item) =>
    item.kind === "field_change" && item.detail && /^phone changed\b/.test(item.title)
      ? { ...item, detail: item.detail.replace(/\+\d{6,15}/g, (e164) => displayPhone(e164) ?? e164) }
      : item,
  );
}
