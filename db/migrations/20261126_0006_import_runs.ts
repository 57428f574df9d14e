import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
//
// One row per data import started from the admin page: who started it, the files it was given,
// progress while it runs (rows read per object), the summary when it ends, or the error.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("import_runs")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("source", "text", (c) => c.notNull().check(sql`source IN ('salesforce')`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("queued").check(sql`status IN ('queued', 'running', 'succeeded', 'failed')`))
    .addColumn("started_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("started_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("finished_at", "timestamptz")
    // [{ name, size }] as uploaded.
    .addColumn("files", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // Per object: rows read so far, state; written every few seconds by the process running it.
    .addColumn("progress", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // The running process touches this with every progress write; a run whose heartbeat stopped was interrupted.
    .addColumn("heartbeat_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("summary", "jsonb")
    .addColumn("error", "text")
    .addCheckConstraint("import_runs_finished_has_time", sql`(status IN ('succeeded', 'failed')) = (finished_at IS NOT NULL)`)
    .addCheckConstraint("import_runs_failed_has_error", sql`(status = 'failed') = (error IS NOT NULL)`)
    .execute();
  // One import at a time, whoever starts it and on whichever app server: a second active row is refused.
  await sql`CREATE UNIQUE INDEX import_runs_one_active_idx ON import_runs ((true)) WHERE status IN ('queued', 'running')`.execute(db);
  await sql`CREATE INDEX import_runs_started_idx ON import_runs (started_at DESC)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("import_runs").execute();
}
