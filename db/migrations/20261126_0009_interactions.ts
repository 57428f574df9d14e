import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
//
// Support interactions: every one belongs to a customer, an agent and the agent's shift,
// except in two cases the schema names and enforces:
// - off-shift work: logged by an agent outside any of their shifts (agent set, no shift,
//   off_shift = true), kept and shown to supervisors for review;
// - history imported from Salesforce tasks (source = 'import'): no agent or shift of ours,
//   the original owner kept as text.
// A shift linked is always the same agent's (a foreign key over (shift_id, agent_id)).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE shifts ADD CONSTRAINT shifts_id_agent_key UNIQUE (id, agent_id)`.execute(db);

  await db.schema
    .createTable("interactions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("customer_id", "uuid", (c) => c.notNull().references("customers.id"))
    .addColumn("agent_id", "uuid", (c) => c.references("agents.id"))
    .addColumn("shift_id", "uuid")
    .addColumn("off_shift", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("source", "text", (c) => c.notNull().defaultTo("agent").check(sql`source IN ('agent', 'handoff', 'import')`))
    .addColumn("imported_owner", "text")
    .addColumn("channel", "text", (c) => c.notNull().check(sql`channel IN ('phone', 'chat', 'email', 'social')`))
    .addColumn("direction", "text", (c) => c.notNull().check(sql`direction IN ('inbound', 'outbound')`))
    .addColumn("started_at", "timestamptz", (c) => c.notNull())
    .addColumn("ended_at", "timestamptz")
    .addColumn("subject", "text", (c) => c.notNull().check(sql`length(subject) BETWEEN 1 AND 200`))
    .addColumn("summary", "text", (c) => c.check(sql`length(summary) <= 10000`))
    .addColumn("outcome", "text", (c) => c.check(sql`outcome IN ('resolved', 'follow_up', 'escalated')`))
    .addColumn("case_id", "uuid", (c) => c.references("cases.id"))
    .addColumn("csat", "smallint", (c) => c.check(sql`csat BETWEEN 1 AND 5`))
    .addColumn("external_source", "text")
    .addColumn("external_id", "text")
    .addColumn("reviewed_at", "timestamptz")
    .addColumn("reviewed_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint("interactions_shift_of_agent", ["shift_id", "agent_id"], "shifts", ["id", "agent_id"])
    .addCheckConstraint("interactions_ends_after_start", sql`ended_at IS NULL OR ended_at >= started_at`)
    .addCheckConstraint("interactions_external_pair", sql`(external_source IS NULL) = (external_id IS NULL)`)
    .addCheckConstraint(
      "interactions_linked",
      sql`CASE WHEN source = 'import'
            THEN agent_id IS NULL AND shift_id IS NULL AND NOT off_shift AND imported_owner IS NOT NULL
            ELSE agent_id IS NOT NULL AND imported_owner IS NULL AND (shift_id IS NULL) = off_shift
          END`,
    )
    .execute();
  await sql`CREATE INDEX interactions_customer_idx ON interactions (customer_id, started_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX interactions_agent_idx ON interactions (agent_id, started_at DESC) WHERE agent_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX interactions_shift_idx ON interactions (shift_id) WHERE shift_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX interactions_case_idx ON interactions (case_id) WHERE case_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX interactions_off_shift_review_idx ON interactions (started_at DESC) WHERE off_shift AND reviewed_at IS NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX interactions_external_idx ON interactions (external_source, external_id) WHERE external_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("interactions").execute();
  await sql`ALTER TABLE shifts DROP CONSTRAINT shifts_id_agent_key`.execute(db);
}
