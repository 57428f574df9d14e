import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
//
// A team has at most one supervisor, who decides its agents' time off; a supervisor may lead
// several teams. Deleting the user leaves the team without one rather than blocking the delete.
// Indexed: "the teams this supervisor leads" is asked on every time-off list and decision.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE teams ADD COLUMN supervisor_user_id uuid NULL REFERENCES users(id) ON DELETE SET NULL`.execute(db);
  await sql`CREATE INDEX teams_supervisor_idx ON teams (supervisor_user_id) WHERE supervisor_user_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX teams_supervisor_idx`.execute(db);
  await sql`ALTER TABLE teams DROP COLUMN supervisor_user_id`.execute(db);
}
