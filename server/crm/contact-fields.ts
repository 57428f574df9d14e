import { getCountries, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { CrmError } from "./crm.errors";

/** Browser-safe field rules for customer records: E.164 phones, ISO countries and languages. */

const COUNTRIES = new Set<string>(getCountries());
const languageNames = new Intl.DisplayNames(["en"], { type: "language" });

export function isCountryCode(code: string): boolean {
  return COUNTRIES.has(code);
}

export function isLanguageCode(code: string): boolean {
  return /^[a-z]{2,3}$/.test(code) && languageNames.of(code) !== code;
}

/**
 * A phone as typed ("(415) 555-2671", "+44 20 7946 0958") to E.164, read in
 * the customer's country when it has no international prefix; null when it is
 * not a real number.
 */
export function toE164(raw: string, country?: string | null): string | null {
  const parsed = parsePhoneNumberFromString(raw, country && isCountryCode(country) ? (country as CountryCode) : undefined);
  return parsed && parsed.isValid() ? parsed.number : null;
}

/** What is wrong with a phone number read in a country, in words. */
export function phoneProblem(raw: string, country: string | null | undefined): string {
  return country ? `Not a valid phone number for ${country}: ${raw}.` : `Not a valid phone number: ${raw}. Add the country code, e.g. +44.`;
}

/** toE164, or a field error naming the number and the country it was read in. */
export function e164OrThrow(raw: string, country: string | null | undefined): string {
  const e164 = toE164(raw, country);
  if (!e164) throw new CrmError("INVALID", phoneProblem(raw, country), "phone");
  return e164;
}

export const countryField = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, "Use a two-letter ISO country code, e.g. DE.");

export const languageField = z
  .string()
  .trim()
  .toLowerCase()
  .refine(isLanguageCode, "Use an ISO 639 language code, e.g. es.");
