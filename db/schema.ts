import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

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

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  auth_throttle: AuthThrottleTable;
  audit_log: AuditLogTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type AuditEntry = Selectable<AuditLogTable>;
