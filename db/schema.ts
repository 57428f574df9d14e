import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable, Updateable } from "kysely";

/** Instants: written as Date or ISO string, read as Date. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** An instant with a database default (usually now()). */
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

import type { Role } from "./roles";

export { ROLES, type Role } from "./roles";

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  password_changed_at: GeneratedTimestamp;
  disabled_at: Timestamp | null;
  is_demo: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  expires_at: Timestamp;
  created_at: GeneratedTimestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface AuthThrottleTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: GeneratedTimestamp;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown | null;
  after: unknown | null;
  ip: string | null;
}

export const LABOR_REGIONS = ["US-FLSA", "US-CA", "NONE"] as const;
export type LaborRegion = (typeof LABOR_REGIONS)[number];
export const EMPLOYMENT_TYPES = ["full_time", "part_time", "contractor"] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];
export type ShiftStatus = "scheduled" | "open" | "cancelled";
export type TimeOffStatus = "pending" | "approved" | "rejected" | "cancelled";

export interface TeamsTable {
  id: Generated<string>;
  name: string;
  created_at: GeneratedTimestamp;
  /** The supervisor who decides this team's time off (one per team; a supervisor may lead several). */
  supervisor_user_id: string | null;
}

export interface SkillsTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: "skill" | "language";
  created_at: GeneratedTimestamp;
  /** Seconds an agent has to accept a handoff needing this skill; null: 60 s. */
  handoff_sla_seconds: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface AgentsTable {
  id: Generated<string>;
  user_id: string;
  employee_number: string;
  time_zone: string;
  labor_region: LaborRegion;
  employment_type: EmploymentType;
  /** numeric, read as number */
  contract_hours_per_week: number;
  hourly_rate_cents: number;
  currency: string;
  team_id: string | null;
  /** local date 'YYYY-MM-DD' */
  hire_date: string;
  termination_date: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface AgentSkillsTable {
  agent_id: string;
  skill_id: string;
  level: number;
}

export interface ShiftsTable {
  id: Generated<string>;
  agent_id: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  skill_id: string | null;
  break_minutes: Generated<number>;
  status: ShiftStatus;
  note: string | null;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface AvailabilityTable {
  agent_id: string;
  weekday: number;
  /** local time 'HH:MM:SS' */
  start_time: string;
  end_time: string;
}

export interface TimeOffRequestsTable {
  id: Generated<string>;
  agent_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  reason: string;
  status: Generated<TimeOffStatus>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
  created_at: GeneratedTimestamp;
}

export interface ScheduleRulesTable {
  id: Generated<boolean>;
  min_rest_hours: number;
  max_weekly_hours: number;
  updated_at: GeneratedTimestamp;
}

export type CustomerKind = "person" | "company";
export type CaseStatus = "new" | "open" | "pending" | "closed";
export type CasePriority = "low" | "medium" | "high" | "urgent";

export interface CustomersTable {
  id: Generated<string>;
  kind: CustomerKind;
  name: string;
  email: string | null;
  /** E.164 */
  phone: string | null;
  /** ISO 3166-1 alpha-2 */
  country: string | null;
  /** ISO 639 */
  language: string | null;
  segment: string | null;
  tier: string | null;
  custom: ColumnType<Record<string, unknown>, unknown, unknown>;
  external_source: string | null;
  external_id: string | null;
  merged_into_id: string | null;
  archived_at: Timestamp | null;
  erased_at: Timestamp | null;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  /** Generated: the E.164 phone without its country calling code (for phone-prefix search). */
  phone_national: ColumnType<string | null, never, never>;
}

/** One row per distinct search word of a live customer's name; kept by a trigger on customers. */
export interface CustomerNameTokensTable {
  token: string;
  customer_id: string;
  name: string;
  archived: boolean;
}

/** Every distinct customer name word, with how many live customers carry it; kept by the same trigger. */
export interface NameVocabularyTable {
  token: string;
  customers: number;
  /** Generated: the token's letters sorted (finds swapped-letter typos). */
  letters: ColumnType<string, never, never>;
}

export interface ContactsTable {
  id: Generated<string>;
  customer_id: string;
  first_name: string | null;
  last_name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  external_source: string | null;
  external_id: string | null;
  archived_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface CasesTable {
  id: Generated<string>;
  case_number: Generated<string>;
  customer_id: string;
  contact_id: string | null;
  subject: string;
  description: string | null;
  status: Generated<CaseStatus>;
  priority: Generated<CasePriority>;
  origin: string | null;
  owner_agent_id: string | null;
  opened_at: GeneratedTimestamp;
  closed_at: Timestamp | null;
  external_source: string | null;
  external_id: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface FieldHistoryTable {
  id: Generated<number>;
  entity_type: string;
  entity_id: string;
  field: string;
  old_value: unknown;
  new_value: unknown;
  changed_by: string | null;
  changed_at: GeneratedTimestamp;
}

export interface CustomFieldDefinitionsTable {
  id: Generated<string>;
  entity_type: "customer" | "contact" | "case";
  key: string;
  label: string;
  type: "text" | "number" | "date" | "picklist";
  options: ColumnType<string[], unknown, unknown>;
  created_at: GeneratedTimestamp;
}

export interface CustomerNotesTable {
  id: Generated<string>;
  customer_id: string;
  body: string;
  author_id: string | null;
  created_at: GeneratedTimestamp;
}

export type DuplicateReason = "email" | "phone" | "name";
export type DuplicateStatus = "open" | "dismissed" | "merged";

/** A likely duplicate pair of customers (customer_a < customer_b), flagged on create/update. */
export interface CustomerDuplicatesTable {
  /** bigint identity: arrives as a string (pg) or number/bigint (PGlite); read it with String(). */
  id: ColumnType<string | number | bigint, never, never>;
  customer_a: string;
  customer_b: string;
  reasons: ColumnType<DuplicateReason[], unknown, unknown>;
  /** pg_trgm similarity of the two names, 0..1. */
  score: number;
  status: Generated<DuplicateStatus>;
  found_at: GeneratedTimestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
}

export type ImportRunStatus = "queued" | "running" | "succeeded" | "failed";

/** One data import started from the admin page (progress and summary are the importer's own JSON). */
export interface ImportRunsTable {
  id: Generated<string>;
  source: "salesforce";
  status: Generated<ImportRunStatus>;
  started_by: string | null;
  started_at: GeneratedTimestamp;
  finished_at: Timestamp | null;
  files: ColumnType<{ name: string; size: number }[], unknown, unknown>;
  progress: ColumnType<unknown, unknown, unknown>;
  heartbeat_at: GeneratedTimestamp;
  summary: ColumnType<unknown | null, unknown, unknown>;
  error: string | null;
}

/** A key for programs outside; only its hash is kept. */
export interface ApiKeysTable {
  id: Generated<string>;
  name: string;
  /** The key's first characters, to tell keys apart. */
  token_prefix: string;
  /** SHA-256 of the whole key, hex. */
  token_hash: string;
  rate_limit_per_minute: Generated<number>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

/** Requests per key per minute (fixed windows), for the rate limit. */
export interface ApiKeyUsageTable {
  api_key_id: string;
  window_start: Timestamp;
  requests: number;
}

export type InteractionChannel = "phone" | "chat" | "email" | "social";
export type InteractionDirection = "inbound" | "outbound";
export type InteractionOutcome = "resolved" | "follow_up" | "escalated";
export type InteractionSource = "agent" | "handoff" | "import";

/** A support interaction: customer, agent and the agent's shift (see the migration for the two exceptions). */
export interface InteractionsTable {
  id: Generated<string>;
  customer_id: string;
  agent_id: string | null;
  shift_id: string | null;
  off_shift: Generated<boolean>;
  source: Generated<InteractionSource>;
  /** Imported history only: the Salesforce owner as it was. */
  imported_owner: string | null;
  channel: InteractionChannel;
  direction: InteractionDirection;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  subject: string;
  summary: string | null;
  outcome: InteractionOutcome | null;
  case_id: string | null;
  csat: number | null;
  external_source: string | null;
  external_id: string | null;
  reviewed_at: Timestamp | null;
  reviewed_by: string | null;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

export type HandoffStatus = "waiting" | "offered" | "active" | "resolved" | "abandoned" | "cancelled";

/** A customer's request for a human (see the migration for its life cycle). */
export interface HandoffsTable {
  id: Generated<string>;
  customer_id: string;
  api_key_id: string | null;
  channel: InteractionChannel;
  reason: string;
  language: string | null;
  skill_id: string | null;
  transcript: ColumnType<unknown, unknown, unknown>;
  priority: Generated<boolean>;
  status: Generated<HandoffStatus>;
  requested_at: GeneratedTimestamp;
  sla_due_at: Timestamp;
  offered_at: Timestamp | null;
  offered_agent_id: string | null;
  accepted_at: Timestamp | null;
  agent_id: string | null;
  resolved_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  abandoned_at: Timestamp | null;
  escalated_at: Timestamp | null;
  interaction_id: string | null;
  offer_expires_at: Timestamp | null;
}

export type PresenceStatus = "available" | "busy" | "away";

/** Whether an agent takes customers now (see the routing migration). */
export interface AgentPresenceTable {
  agent_id: string;
  status: PresenceStatus;
  changed_at: GeneratedTimestamp;
  idle_since: GeneratedTimestamp;
}

export type HandoffEventKind =
  | "requested"
  | "offered"
  | "declined"
  | "offer_expired"
  | "accepted"
  | "resolved"
  | "cancelled"
  | "abandoned"
  | "escalated";

/** Every step of a handoff, kept. */
export interface HandoffEventsTable {
  id: GeneratedAlways<number>;
  handoff_id: string;
  at: GeneratedTimestamp;
  kind: HandoffEventKind;
  agent_id: string | null;
  detail: ColumnType<unknown, string | null | undefined, string | null>;
}

export type QaCriterionKind = "points" | "pass_fail";

/** One line of the QA form (see the quality migration): points 0..max or pass/fail, weighted, maybe critical. */
export interface QaCriteriaTable {
  id: Generated<string>;
  name: string;
  description: string | null;
  kind: QaCriterionKind;
  max_points: number;
  weight: Generated<number>;
  critical: Generated<boolean>;
  position: Generated<number>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  retired_at: Timestamp | null;
  retired_by: string | null;
}

/** A reviewer's QA scorecard of an interaction (one per reviewer per interaction). */
export interface QaScorecardsTable {
  id: Generated<string>;
  interaction_id: string;
  reviewer_id: string;
  comment: string | null;
  /** numeric(5,2), read as number; computed by the server. */
  score_percent: number;
  auto_failed: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** A scorecard's answer to one criterion, with the criterion as it was when scored. */
export interface QaScorecardItemsTable {
  scorecard_id: string;
  criterion_id: string;
  /** null: not applicable. */
  points: number | null;
  criterion_name: string;
  kind: QaCriterionKind;
  max_points: number;
  weight: number;
  critical: boolean;
  position: number;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  auth_throttle: AuthThrottleTable;
  audit_log: AuditLogTable;
  teams: TeamsTable;
  skills: SkillsTable;
  agents: AgentsTable;
  agent_skills: AgentSkillsTable;
  shifts: ShiftsTable;
  availability: AvailabilityTable;
  time_off_requests: TimeOffRequestsTable;
  schedule_rules: ScheduleRulesTable;
  customers: CustomersTable;
  contacts: ContactsTable;
  cases: CasesTable;
  field_history: FieldHistoryTable;
  custom_field_definitions: CustomFieldDefinitionsTable;
  customer_notes: CustomerNotesTable;
  customer_name_tokens: CustomerNameTokensTable;
  name_vocabulary: NameVocabularyTable;
  customer_duplicates: CustomerDuplicatesTable;
  import_runs: ImportRunsTable;
  api_keys: ApiKeysTable;
  api_key_usage: ApiKeyUsageTable;
  interactions: InteractionsTable;
  handoffs: HandoffsTable;
  agent_presence: AgentPresenceTable;
  handoff_events: HandoffEventsTable;
  qa_criteria: QaCriteriaTable;
  qa_scorecards: QaScorecardsTable;
  qa_scorecard_items: QaScorecardItemsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type Agent = Selectable<AgentsTable>;
export type Shift = Selectable<ShiftsTable>;
export type TimeOffRequest = Selectable<TimeOffRequestsTable>;
export type Customer = Selectable<CustomersTable>;
