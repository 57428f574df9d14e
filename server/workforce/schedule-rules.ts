import { formatLocal, formatLocalRange, startOfLocalDate, nextLocalDate, workweekOf } from "./local-time";

/**
 * The rules every assignment of a shift to an agent must meet. Pure: the
 * caller loads the agent's nearby shifts and approved time off.
 */
export type RuleCode = "OVERLAP" | "MIN_REST" | "MAX_WEEKLY_HOURS" | "TIME_OFF" | "NOT_EMPLOYED" | "MISSING_SKILL";

export interface RuleViolation {
  rule: RuleCode;
  message: string;
  /** A planner may override it with a written reason; overlap never. */
  overridable: boolean;
}

export interface Interval {
  startsAt: Date;
  endsAt: Date;
}

export interface ScheduleRules {
  minRestHours: number;
  maxWeeklyHours: number;
}

export const DEFAULT_RULES: ScheduleRules = { minRestHours: 11, maxWeeklyHours: 48 };

export interface RuleInput {
  shift: Interval & { breakMinutes: number; skillId: string | null };
  agent: {
    timeZone: string;
    hireDate: string;
    terminationDate: string | null;
    skillIds: readonly string[];
  };
  /** The agent's other live shifts near this one (at least its workweek and the rest window). */
  otherShifts: readonly (Interval & { id: string; breakMinutes: number })[];
  approvedTimeOff: readonly Interval[];
  rules: ScheduleRules;
  /** Names for messages. */
  skillName?: string;
  /** The shift's workweek in the agent's zone, when the caller has it already (it is costly to work out). */
  week?: Interval;
}

const HOUR = 3_600_000;

/** Paid hours of a shift: its length less the unpaid break. */
export function paidHours(shift: Interval & { breakMinutes: number }): number {
  return (shift.endsAt.getTime() - shift.startsAt.getTime()) / HOUR - shift.breakMinutes / 60;
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

function hours(n: number): string {
  const rounded = Math.round(n * 100) / 100;
  return `${rounded} h`;
}

export function checkShiftRules(input: RuleInput): RuleViolation[] {
  const { shift, agent, rules } = input;
  const zone = agent.timeZone;
  const violations: RuleViolation[] = [];

  for (const other of input.otherShifts) {
    if (overlaps(shift, other)) {
      violations.push({
        rule: "OVERLAP",
        overridable: false,
        message: `Overlaps the agent's shift ${formatLocalRange(other.startsAt, other.endsAt, zone)}.`,
      });
    }
  }

  const employedFrom = startOfLocalDate(agent.hireDate, zone);
  const employedUntil = agent.terminationDate ? startOfLocalDate(nextLocalDate(agent.terminationDate), zone) : null;
  if (shift.startsAt < employedFrom) {
    violations.push({ rule: "NOT_EMPLOYED", overridable: true, message: `Starts before the agent's hire date (${agent.hireDate}).` });
  }
  if (employedUntil && shift.endsAt > employedUntil) {
    violations.push({
      rule: "NOT_EMPLOYED",
      overridable: true,
      message: `Ends after the agent's termination date (${agent.terminationDate}).`,
    });
  }

  if (shift.skillId && !agent.skillIds.includes(shift.skillId)) {
    violations.push({
      rule: "MISSING_SKILL",
      overridable: true,
      message: `The agent does not have the required skill${input.skillName ? ` (${input.skillName})` : ""}.`,
    });
  }

  for (const off of input.approvedTimeOff) {
    if (overlaps(shift, off)) {
      violations.push({
        rule: "TIME_OFF",
        overridable: true,
        message: `Falls in the agent's approved time off ${formatLocalRange(off.startsAt, off.endsAt, zone)}.`,
      });
    }
  }

  const minRestMs = rules.minRestHours * HOUR;
  for (const other of input.otherShifts) {
    if (overlaps(shift, other)) continue;
    const gap =
      other.endsAt <= shift.startsAt
        ? shift.startsAt.getTime() - other.endsAt.getTime()
        : other.startsAt.getTime() - shift.endsAt.getTime();
    // Back-to-back (gap 0) is one continuous block of work, not a rest.
    if (gap > 0 && gap < minRestMs) {
      const before = other.endsAt <= shift.startsAt;
      violations.push({
        rule: "MIN_REST",
        overridable: true,
        message: before
          ? `Only ${hours(gap / HOUR)} rest after the shift ending ${formatLocal(other.endsAt, zone)}; at least ${hours(rules.minRestHours)} required.`
          : `Only ${hours(gap / HOUR)} rest before the shift starting ${formatLocal(other.startsAt, zone)}; at least ${hours(rules.minRestHours)} required.`,
      });
    }
  }

  const week = input.week ? { start: input.week.startsAt, end: input.week.endsAt } : workweekOf(shift.startsAt, zone);
  const inWeek = (s: Interval) => s.startsAt >= week.start && s.startsAt < week.end;
  const weekly =
    paidHours(shift) +
    input.otherShifts.filter((s) => inWeek(s) && !overlaps(s, shift)).reduce((sum, s) => sum + paidHours(s), 0);
  if (weekly > rules.maxWeeklyHours + 1e-9) {
    violations.push({
      rule: "MAX_WEEKLY_HOURS",
      overridable: true,
      message: `Brings the agent's week of ${formatLocal(week.start, zone, "d MMM")} to ${hours(weekly)}; the most is ${hours(rules.maxWeeklyHours)}.`,
    });
  }

  return violations;
}
