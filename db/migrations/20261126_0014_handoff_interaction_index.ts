import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
//
// handoffs.interaction_id references interactions: deleting an interaction (erasure, the scale
// seed's re-run) must find the handoff pointing at it without scanning every handoff.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX handoffs_interaction_idx ON handoffs (interaction_id) WHERE interaction_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX handoffs_interaction_idx`.execute(db);
}
