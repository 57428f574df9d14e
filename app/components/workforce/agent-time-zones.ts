import { localClock } from "./agent-labels";

/** Zones most agents work in, by region, with today's names (Asia/Kolkata, Europe/Kyiv). */
export const COMMON_TIME_ZONES = [
  "Pacific/Honolulu",
  "America/Anchorage",
  "America/Los_Angeles",
  "America/Vancouver",
  "America/Denver",
  "America/Phoenix",
  "America/Chicago",
  "America/Mexico_City",
  "America/New_York",
  "America/Toronto",
  "America/Bogota",
  "America/Lima",
  "America/Santiago",
  "America/Argentina/Buenos_Aires",
  "America/Sao_Paulo",
  "UTC",
  "Europe/London",
  "Europe/Dublin",
  "Europe/Lisbon",
  "Europe/Madrid",
  "Europe/Paris",
  "Europe/Amsterdam",
  "Europe/Berlin",
  "Europe/Rome",
  "Europe/Stockholm",
  "Europe/Warsaw",
  "Europe/Athens",
  "Europe/Kyiv",
  "Europe/Istanbul",
  "Africa/Casablanca",
  "Africa/Lagos",
  "Africa/Cairo",
  "Africa/Johannesburg",
  "Africa/Nairobi",
  "Asia/Dubai",
  "Asia/Karachi",
  "Asia/Kolkata",
  "Asia/Dhaka",
  "Asia/Bangkok",
  "Asia/Ho_Chi_Minh",
  "Asia/Jakarta",
  "Asia/Singapore",
  "Asia/Kuala_Lumpur",
  "Asia/Manila",
  "Asia/Shanghai",
  "Asia/Hong_Kong",
  "Asia/Seoul",
  "Asia/Tokyo",
  "Australia/Perth",
  "Australia/Sydney",
  "Pacific/Auckland",
];

export interface ZoneOption {
  value: string;
  label: string;
}

export interface TimeZoneChoices {
  common: ZoneOption[];
  other: ZoneOption[];
}

function option(zone: string, now: Date): ZoneOption | null {
  try {
    return { value: zone, label: `${zone.replaceAll("_", " ")} (${localClock(now, zone).offset})` };
  } catch {
    return null;
  }
}

/**
 * The zones a time-zone select offers, labelled with today's UTC offset.
 * Built on the server (loaders), so the browser shows exactly what was rendered.
 */
export function timeZoneChoices(now: Date, current?: string | null): TimeZoneChoices {
  const common = new Set(COMMON_TIME_ZONES);
  if (current) common.add(current);
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const pick = (zones: Iterable<string>) => [...zones].map((z) => option(z, now)).filter((o): o is ZoneOption => o !== null);
  return {
    common: pick(common),
    other: pick(all.filter((z) => !common.has(z)).sort()),
  };
}
