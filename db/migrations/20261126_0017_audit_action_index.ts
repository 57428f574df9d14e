import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
//
// The audit log filtered by action (newest first) walks this index instead of every entry,
// and the audit page lists the actions and record types present by skipping through it
// and the entity index (a loose index scan), not by reading the whole log.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX audit_log_action_idx ON audit_log (action, id DESC)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX audit_log_action_idx`.execute(db);
}
