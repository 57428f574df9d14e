import { z } from "zod";
import { EMPLOYMENT_TYPES, LABOR_REGIONS } from "../../db/schema";
import { instantField, unlessRefused, uuidField } from "../validation/fields";
import { isValidTimeZone } from "./local-time";
import { sameStartAndEndMessage } from "./weekly-availability";

/** A calendar date; one message per mistake (zod would otherwise report every check an empty field fails). */
export const localDateField = z
  .string()
  .min(1, { message: "Pick a date.", abort: true })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "Use a date like 2026-03-08.", abort: true })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "Not a real date.");
export const localTimeField = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a time like 09:30.");
export const timeZoneField = z.string().refine(isValidTimeZone, "Use an IANA time zone such as Europe/Lisbon.");
export { instantField };

const overrideField = z
  .object({ reason: z.string().trim().min(5, "Say why the rule is overridden (at least 5 characters).").max(500) })
  .optional();

export const agentSkillsField = z
  .array(z.object({ skillId: uuidField, level: z.number().int().min(1).max(5) }))
  .max(50)
  .refine((list) => new Set(list.map((s) => s.skillId)).size === list.length, "Each skill once.");

const agentFields = {
  employeeNumber: z.string().trim().min(1, "Enter an employee number.").max(40),
  timeZone: timeZoneField,
  laborRegion: z.enum(LABOR_REGIONS),
  employmentType: z.enum(EMPLOYMENT_TYPES),
  contractHoursPerWeek: z.number().min(0).max(80),
  hourlyRateCents: z.number().int().min(0).max(100_000_00),
  currency: z.string().regex(/^[A-Z]{3}$/, "Use a three-letter ISO currency code, e.g. USD."),
  teamId: uuidField.nullable(),
  hireDate: localDateField,
  terminationDate: localDateField.nullable(),
  skills: agentSkillsField,
};

export const createAgentInput = z
  .object({ userId: uuidField, ...agentFields })
  .refine((a) => !a.terminationDate || a.terminationDate >= a.hireDate, {
    message: "The termination date cannot be before the hire date.",
    path: ["terminationDate"],
    // Also while another field is unreadable (the agent form sends NaN for a rate it cannot read), so the form
    // shows every problem at once; only the two dates themselves must be valid.
    when: unlessRefused("hireDate", "terminationDate"),
  });
export type CreateAgentInput = z.infer<typeof createAgentInput>;

export const updateAgentInput = z.object({ agentId: uuidField, ...agentFields }).partial().required({ agentId: true });
export type UpdateAgentInput = z.infer<typeof updateAgentInput>;

export const listAgentsInput = z.object({
  teamId: uuidField.optional(),
  skillId: uuidField.optional(),
  search: z.string().trim().max(100).optional(),
  /** Keyset cursor from the previous page. */
  after: z.object({ name: z.string(), id: uuidField }).optional(),
  limit: z.number().int().min(1).max(1000).default(100),
});

export const createTeamInput = z.object({ name: z.string().trim().min(1, "Enter a team name.").max(80) });
export const setTeamSupervisorInput = z.object({
  teamId: uuidField,
  /** null clears the supervisor: then only planners and admins decide the team's time off. */
  supervisorUserId: uuidField.nullable(),
});
export const updateSkillInput = z.object({
  skillId: z.uuid("Not a valid id."),
  name: z.string().trim().min(1, "Enter a name.").max(80).optional(),
  /** Seconds an agent has to accept a customer needing this skill; null: the 60 s default. */
  handoffSlaSeconds: z
    .number({ message: "A whole number of seconds." })
    .int("A whole number of seconds.")
    .min(5, "At least 5 seconds.")
    .max(86_400, "At most a day (86,400 s).")
    .nullable()
    .optional(),
});

export const createSkillInput = z.object({
  code: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9:_-]{2,40}$/, "Use 2–40 lower-case letters, digits, ':', '_' or '-' (e.g. lang:es)."),
  name: z.string().trim().min(1, "Enter a name.").max(80),
  kind: z.enum(["skill", "language"]),
});

const shiftShape = {
  /** null posts an open shift to the marketplace. */
  agentId: uuidField.nullable(),
  startsAt: instantField,
  endsAt: instantField,
  skillId: uuidField.nullable().default(null),
  breakMinutes: z.number().int().min(0).max(240).default(0),
  note: z.string().trim().max(500).nullable().default(null),
  override: overrideField,
};

function shiftOrder<T extends { startsAt?: Date; endsAt?: Date }>(s: T) {
  return !s.startsAt || !s.endsAt || s.endsAt > s.startsAt;
}
const orderMessage = { message: "The shift must end after it starts.", path: ["endsAt"] };

export const createShiftInput = z.object(shiftShape).refine(shiftOrder, orderMessage);
export type CreateShiftInput = z.infer<typeof createShiftInput>;

export const updateShiftInput = z
  .object({
    shiftId: uuidField,
    agentId: uuidField.nullable().optional(),
    startsAt: instantField.optional(),
    endsAt: instantField.optional(),
    skillId: uuidField.nullable().optional(),
    breakMinutes: z.number().int().min(0).max(240).optional(),
    note: z.string().trim().max(500).nullable().optional(),
    override: overrideField,
  })
  .refine(shiftOrder, orderMessage);
export type UpdateShiftInput = z.infer<typeof updateShiftInput>;

export const shiftIdInput = z.object({ shiftId: uuidField });
export const cancelShiftInput = z.object({ shiftId: uuidField, reason: z.string().trim().max(500).optional() });

export const copyShiftInput = z.object({
  shiftId: uuidField,
  /** The local date (in the shift's agent zone, or `timeZone` for open shifts) to copy to. */
  toDate: localDateField,
  agentId: uuidField.nullable().optional(),
  override: overrideField,
});

export const templateInput = z
  .object({
    agentId: uuidField.nullable(),
    /** For open shifts, the zone the times are in; agents' shifts use the agent's own zone. */
    timeZone: timeZoneField.optional(),
    fromDate: localDateField,
    toDate: localDateField,
    weekdays: z.array(z.number().int().min(1).max(7)).min(1, "Pick at least one weekday."),
    start: localTimeField,
    end: localTimeField,
    skillId: uuidField.nullable().default(null),
    breakMinutes: z.number().int().min(0).max(240).default(0),
    note: z.string().trim().max(500).nullable().default(null),
    override: overrideField,
  })
  .refine((t) => t.toDate >= t.fromDate, { message: "The range must end on or after its start.", path: ["toDate"] })
  .refine((t) => t.start !== t.end, { message: "Start and end cannot be the same time.", path: ["end"] })
  .refine((t) => Date.parse(t.toDate) - Date.parse(t.fromDate) <= 366 * 86_400_000, {
    message: "A template covers at most a year.",
    path: ["toDate"],
  });
export type TemplateInput = z.infer<typeof templateInput>;

export const boardInput = z
  .object({
    from: instantField,
    to: instantField,
    teamId: uuidField.optional(),
    skillId: uuidField.optional(),
    after: z.object({ name: z.string(), id: uuidField }).optional(),
    limit: z.number().int().min(1).max(500).default(200),
  })
  .refine((b) => b.to > b.from && b.to.getTime() - b.from.getTime() <= 15 * 86_400_000, {
    message: "Show between one hour and 15 days.",
    path: ["to"],
  });
export type BoardInput = z.infer<typeof boardInput>;

export const rangeInput = z
  .object({ from: instantField.optional(), to: instantField.optional() })
  .default({});

export const offerBackInput = z.object({ shiftId: uuidField, reason: z.string().trim().min(3, "Say why.").max(500) });

export const requestTimeOffInput = z
  .object({
    fromDate: localDateField,
    toDate: localDateField,
    reason: z.string().trim().min(3, "Give a short reason.").max(500),
  })
  .refine((r) => r.toDate >= r.fromDate, { message: "The last day cannot be before the first.", path: ["toDate"] });

export const decideTimeOffInput = z.object({
  requestId: uuidField,
  decision: z.enum(["approved", "rejected"]),
  note: z.string().trim().max(500).optional(),
});

export const listTimeOffInput = z.object({
  status: z.enum(["pending", "approved", "rejected", "cancelled"]).optional(),
  limit: z.number().int().min(1).max(200).default(100),
});

/**
 * The agent's whole week, replacing what was stored. Each slot is local wall-clock time in the agent's zone and
 * belongs to the weekday it starts on; an `end` at or before `start` is on the next day ({ weekday: 1, start: "22:00",
 * end: "06:00" } runs until Tuesday 06:00, and Sunday's into Monday). An end equal to the start is refused; slots
 * may not overlap, across midnight and round the week too (checked in the service).
 */
export const availabilityInput = z.object({
  slots: z
    .array(
      z.object({ weekday: z.number().int().min(1).max(7), start: localTimeField, end: localTimeField }).superRefine((s, ctx) => {
        if (s.end === s.start) ctx.addIssue({ code: "custom", path: ["end"], message: sameStartAndEndMessage(s) });
      }),
    )
    .max(50),
});

export const onShiftNowInput = z.object({ skillId: uuidField.optional(), at: instantField.optional() }).default({});
