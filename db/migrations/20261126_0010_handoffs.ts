import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
//
// A customer's request for a human, from the bot, the website or the app (through an API key).
// It never disappears: waiting → offered → active → resolved, or abandoned / cancelled, every
// step timestamped. The SLA is the time by which an agent should have accepted it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("handoffs")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("customer_id", "uuid", (c) => c.notNull().references("customers.id"))
    .addColumn("api_key_id", "uuid", (c) => c.references("api_keys.id").onDelete("set null"))
    .addColumn("channel", "text", (c) => c.notNull().check(sql`channel IN ('phone', 'chat', 'email', 'social')`))
    .addColumn("reason", "text", (c) => c.notNull().check(sql`length(reason) BETWEEN 1 AND 1000`))
    .addColumn("language", "text", (c) => c.check(sql`language ~ '^[a-z]{2,3}$'`))
    .addColumn("skill_id", "uuid", (c) => c.references("skills.id"))
    .addColumn("transcript", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // Customers whose earlier handoff was abandoned go first.
    .addColumn("priority", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("waiting").check(sql`status IN ('waiting', 'offered', 'active', 'resolved', 'abandoned', 'cancelled')`),
    )
    .addColumn("requested_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("sla_due_at", "timestamptz", (c) => c.notNull())
    .addColumn("offered_at", "timestamptz")
    .addColumn("offered_agent_id", "uuid", (c) => c.references("agents.id"))
    .addColumn("accepted_at", "timestamptz")
    .addColumn("agent_id", "uuid", (c) => c.references("agents.id"))
    .addColumn("resolved_at", "timestamptz")
    .addColumn("cancelled_at", "timestamptz")
    .addColumn("abandoned_at", "timestamptz")
    .addColumn("escalated_at", "timestamptz")
    .addColumn("interaction_id", "uuid", (c) => c.references("interactions.id"))
    .addCheckConstraint("handoffs_sla_after_request", sql`sla_due_at >= requested_at`)
    .addCheckConstraint(
      "handoffs_status_steps",
      sql`(status <> 'offered' OR (offered_at IS NOT NULL AND offered_agent_id IS NOT NULL))
      AND (status NOT IN ('active', 'resolved') OR (accepted_at IS NOT NULL AND agent_id IS NOT NULL))
      AND (status <> 'resolved' OR resolved_at IS NOT NULL)
      AND (status <> 'cancelled' OR cancelled_at IS NOT NULL)
      AND (status <> 'abandoned' OR abandoned_at IS NOT NULL)`,
    )
    .execute();
  // The queue: waiting handoffs, priority first, then longest waiting.
  await sql`CREATE INDEX handoffs_queue_idx ON handoffs (priority DESC, requested_at, id) WHERE status = 'waiting'`.execute(db);
  await sql`CREATE INDEX handoffs_customer_idx ON handoffs (customer_id, requested_at DESC)`.execute(db);
  // A customer waits in the queue (or talks with an agent) once, however many programs ask.
  await sql`CREATE UNIQUE INDEX handoffs_one_open_per_customer ON handoffs (customer_id) WHERE status IN ('waiting', 'offered', 'active')`.execute(db);
  await sql`CREATE INDEX handoffs_open_sla_idx ON handoffs (sla_due_at) WHERE status IN ('waiting', 'offered') AND escalated_at IS NULL`.execute(db);

  // A skill's SLA to accept (seconds); skills without one use 60 s.
  await sql`ALTER TABLE skills ADD COLUMN handoff_sla_seconds integer CHECK (handoff_sla_seconds BETWEEN 5 AND 86400)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE skills DROP COLUMN handoff_sla_seconds`.execute(db);
  await db.schema.dropTable("handoffs").execute();
}
