import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
//
// Routing handoffs to agents. An agent on shift says whether they take customers now
// (available / busy / away); the router offers the longest-waiting handoff (priority first)
// to the available agent on shift with the skills who has been idle longest. An offer has a
// deadline; one not accepted by then goes back to the queue. Every step of a handoff is kept
// in handoff_events, so a handoff's history survives offers that came to nothing.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("agent_presence")
    .addColumn("agent_id", "uuid", (c) => c.primaryKey().references("agents.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status IN ('available', 'busy', 'away')`))
    .addColumn("changed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // Since when the agent has had nothing offered or open: the longest idle is offered first.
    .addColumn("idle_since", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE INDEX agent_presence_available_idx ON agent_presence (idle_since) WHERE status = 'available'`.execute(db);

  await sql`ALTER TABLE handoffs ADD COLUMN offer_expires_at timestamptz`.execute(db);
  await sql`ALTER TABLE handoffs ADD CONSTRAINT handoffs_offer_deadline
    CHECK (status <> 'offered' OR (offer_expires_at IS NOT NULL AND offer_expires_at > offered_at))`.execute(db);
  // An agent holds at most one offer at a time (the router also checks; this guards races).
  await sql`CREATE UNIQUE INDEX handoffs_one_offer_per_agent ON handoffs (offered_agent_id) WHERE status = 'offered'`.execute(db);
  await sql`CREATE INDEX handoffs_offer_expiry_idx ON handoffs (offer_expires_at) WHERE status = 'offered'`.execute(db);
  await sql`CREATE INDEX handoffs_active_agent_idx ON handoffs (agent_id) WHERE status = 'active'`.execute(db);
  await sql`CREATE INDEX handoffs_requested_idx ON handoffs (requested_at)`.execute(db);

  await db.schema
    .createTable("handoff_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("handoff_id", "uuid", (c) => c.notNull().references("handoffs.id").onDelete("cascade"))
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("kind", "text", (c) =>
      c
        .notNull()
        .check(sql`kind IN ('requested', 'offered', 'declined', 'offer_expired', 'accepted', 'resolved', 'cancelled', 'abandoned', 'escalated')`),
    )
    .addColumn("agent_id", "uuid", (c) => c.references("agents.id"))
    .addColumn("detail", "jsonb")
    .execute();
  await sql`CREATE INDEX handoff_events_handoff_idx ON handoff_events (handoff_id, at, id)`.execute(db);
  await sql`CREATE INDEX handoff_events_escalated_idx ON handoff_events (at) WHERE kind = 'escalated'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("handoff_events").execute();
  await sql`DROP INDEX handoffs_requested_idx`.execute(db);
  await sql`DROP INDEX handoffs_active_agent_idx`.execute(db);
  await sql`DROP INDEX handoffs_offer_expiry_idx`.execute(db);
  await sql`DROP INDEX handoffs_one_offer_per_agent`.execute(db);
  await sql`ALTER TABLE handoffs DROP CONSTRAINT handoffs_offer_deadline`.execute(db);
  await sql`ALTER TABLE handoffs DROP COLUMN offer_expires_at`.execute(db);
  await db.schema.dropTable("agent_presence").execute();
}
