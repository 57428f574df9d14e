import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
//
// Lists of people by name (the schedule board's agent page, agents, users) read the first N
// in name order from this index instead of sorting every agent on each request.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX users_name_idx ON users (name, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX users_name_idx`.execute(db);
}
