import { z } from "zod";
import type { EmploymentType, LaborRegion } from "../../../db/schema";

export type FieldErrors = Record<string, string[] | undefined>;

/** What the agent form posts, turned into the fields of createAgentInput / updateAgentInput. */
export interface AgentFormValues {
  employeeNumber: string;
  timeZone: string;
  laborRegion: LaborRegion;
  employmentType: EmploymentType;
  contractHoursPerWeek: number;
  hourlyRateCents: number;
  currency: string;
  teamId: string | null;
  hireDate: string;
  terminationDate: string | null;
  skills: { skillId: string; level: number }[];
}

/** createAgentInput allows up to 100,000.00 an hour. */
const MAX_RATE_CENTS = 100_000_00;
const MONEY = /^\d{1,6}(?:[.,]\d{1,2})?$/;

/** "24.50" (or "24,50") → 2450 cents; null when it is not an amount. */
export function decimalToCents(text: string): number | null {
  const trimmed = text.trim().replace(/\s/g, "");
  if (!MONEY.test(trimmed)) return null;
  const [whole, fraction = ""] = trimmed.split(/[.,]/) as [string, string?];
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

/**
 * Reads the agent form. Numbers and money are converted here (on the server,
 * in the action); a value that cannot be read gets a message and NaN.
 */
export function readAgentForm(form: FormData): { values: AgentFormValues; errors: FieldErrors } {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const errors: FieldErrors = {};

  const hoursText = text("contractHoursPerWeek");
  let contractHoursPerWeek = Number(hoursText.replace(",", "."));
  if (!hoursText || !Number.isFinite(contractHoursPerWeek) || contractHoursPerWeek < 0 || contractHoursPerWeek > 80) {
    errors.contractHoursPerWeek = ["Enter the contracted hours per week, from 0 to 80."];
    contractHoursPerWeek = Number.NaN;
  }

  const rateText = text("hourlyRate");
  const cents = decimalToCents(rateText);
  if (cents === null) errors.hourlyRateCents = ["Enter the hourly rate as an amount like 24.50."];
  else if (cents > MAX_RATE_CENTS) errors.hourlyRateCents = ["The hourly rate can be at most 100,000.00."];

  const skills = form
    .getAll("skill")
    .map(String)
    .map((skillId) => ({ skillId, level: Number(form.get(`level-${skillId}`) ?? 3) }));

  if (!text("timeZone")) errors.timeZone = ["Choose the agent's time zone."];

  const region = text("laborRegion");
  const employment = text("employmentType");
  return {
    values: {
      employeeNumber: text("employeeNumber"),
      timeZone: text("timeZone"),
      // The schema checks these against the allowed values.
      laborRegion: region as LaborRegion,
      employmentType: employment as EmploymentType,
      contractHoursPerWeek,
      hourlyRateCents: cents ?? Number.NaN,
      currency: text("currency").toUpperCase(),
      teamId: text("teamId") || null,
      hireDate: text("hireDate"),
      terminationDate: text("terminationDate") || null,
      skills,
    },
    errors,
  };
}

/**
 * When the form itself could not be read, the schema is still run over the
 * rest, so every field's problem shows at once; the form's own messages win.
 */
export function formErrorsWith(schema: z.ZodType, input: unknown, own: FieldErrors): FieldErrors {
  const parsed = schema.safeParse(input);
  const fromSchema = parsed.success ? {} : (z.flattenError(parsed.error).fieldErrors as FieldErrors);
  return { ...fromSchema, ...own };
}
