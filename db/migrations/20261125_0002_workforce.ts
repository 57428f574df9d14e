import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`now()`;
  await db.schema
    .createTable("teams")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();

  // Languages are skills too (kind 'language', code like 'lang:es').
  await db.schema
    .createTable("skills")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('skill', 'language')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable("agents")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.notNull().unique().references("users.id"))
    .addColumn("employee_number", "text", (c) => c.notNull().unique())
    .addColumn("time_zone", "text", (c) => c.notNull())
    .addColumn("labor_region", "text", (c) => c.notNull().check(sql`labor_region IN ('US-FLSA', 'US-CA', 'NONE')`))
    .addColumn("employment_type", "text", (c) =>
      c.notNull().check(sql`employment_type IN ('full_time', 'part_time', 'contractor')`),
    )
    .addColumn("contract_hours_per_week", "numeric(5, 2)", (c) =>
      c.notNull().check(sql`contract_hours_per_week >= 0 AND contract_hours_per_week <= 80`),
    )
    .addColumn("hourly_rate_cents", "integer", (c) => c.notNull().check(sql`hourly_rate_cents >= 0`))
    .addColumn("currency", "text", (c) => c.notNull().check(sql`currency ~ '^[A-Z]{3}$'`))
    .addColumn("team_id", "uuid", (c) => c.references("teams.id"))
    .addColumn("hire_date", "date", (c) => c.notNull())
    .addColumn("termination_date", "date")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addCheckConstraint("agents_termination_after_hire", sql`termination_date IS NULL OR termination_date >= hire_date`)
    .execute();
  await db.schema.createIndex("agents_team_idx").on("agents").column("team_id").execute();

  await db.schema
    .createTable("agent_skills")
    .addColumn("agent_id", "uuid", (c) => c.notNull().references("agents.id").onDelete("cascade"))
    .addColumn("skill_id", "uuid", (c) => c.notNull().references("skills.id"))
    .addColumn("level", "smallint", (c) => c.notNull().check(sql`level BETWEEN 1 AND 5`))
    .addPrimaryKeyConstraint("agent_skills_pk", ["agent_id", "skill_id"])
    .execute();
  await db.schema.createIndex("agent_skills_skill_idx").on("agent_skills").columns(["skill_id", "agent_id"]).execute();

  // A shift is an interval of instants. 'open' = posted to the marketplace, no agent yet.
  await db.schema
    .createTable("shifts")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("agent_id", "uuid", (c) => c.references("agents.id"))
    .addColumn("starts_at", "timestamptz", (c) => c.notNull())
    .addColumn("ends_at", "timestamptz", (c) => c.notNull())
    .addColumn("skill_id", "uuid", (c) => c.references("skills.id"))
    .addColumn("break_minutes", "integer", (c) => c.notNull().defaultTo(0).check(sql`break_minutes >= 0`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status IN ('scheduled', 'open', 'cancelled')`))
    .addColumn("note", "text")
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addCheckConstraint("shifts_positive_length", sql`ends_at > starts_at AND ends_at - starts_at <= interval '24 hours'`)
    .addCheckConstraint(
      "shifts_agent_matches_status",
      sql`(status = 'open' AND agent_id IS NULL) OR (status = 'scheduled' AND agent_id IS NOT NULL) OR status = 'cancelled'`,
    )
    .addCheckConstraint("shifts_break_fits", sql`make_interval(mins => break_minutes) < ends_at - starts_at`)
    .execute();
  // No agent can hold two overlapping shifts, whoever writes them and however concurrently.
  await sql`ALTER TABLE shifts ADD CONSTRAINT shifts_no_overlap
    EXCLUDE USING gist (agent_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (agent_id IS NOT NULL AND status <> 'cancelled')`.execute(db);
  await sql`CREATE INDEX shifts_starts_idx ON shifts (starts_at) WHERE status <> 'cancelled'`.execute(db);
  await sql`CREATE INDEX shifts_open_idx ON shifts (starts_at) WHERE status = 'open'`.execute(db);
  await sql`CREATE INDEX shifts_agent_starts_idx ON shifts (agent_id, starts_at) WHERE status = 'scheduled'`.execute(db);

  // Weekly availability in the agent's local time (ISO weekday 1 = Monday).
  await db.schema
    .createTable("availability")
    .addColumn("agent_id", "uuid", (c) => c.notNull().references("agents.id").onDelete("cascade"))
    .addColumn("weekday", "smallint", (c) => c.notNull().check(sql`weekday BETWEEN 1 AND 7`))
    .addColumn("start_time", "time", (c) => c.notNull())
    .addColumn("end_time", "time", (c) => c.notNull())
    .addPrimaryKeyConstraint("availability_pk", ["agent_id", "weekday", "start_time"])
    .addCheckConstraint("availability_order", sql`end_time > start_time`)
    .execute();

  await db.schema
    .createTable("time_off_requests")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("agent_id", "uuid", (c) => c.notNull().references("agents.id"))
    .addColumn("starts_at", "timestamptz", (c) => c.notNull())
    .addColumn("ends_at", "timestamptz", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("pending").check(sql`status IN ('pending', 'approved', 'rejected', 'cancelled')`),
    )
    .addColumn("decided_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("decision_note", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addCheckConstraint("time_off_order", sql`ends_at > starts_at`)
    .execute();
  await sql`CREATE INDEX time_off_agent_idx ON time_off_requests (agent_id, starts_at)`.execute(db);
  await sql`CREATE INDEX time_off_pending_idx ON time_off_requests (created_at) WHERE status = 'pending'`.execute(db);

  // One row: the company's schedule rules.
  await db.schema
    .createTable("schedule_rules")
    .addColumn("id", "boolean", (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn("min_rest_hours", "numeric(4, 2)", (c) => c.notNull().defaultTo(11))
    .addColumn("max_weekly_hours", "numeric(5, 2)", (c) => c.notNull().defaultTo(48))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.insertInto("schedule_rules").defaultValues().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["schedule_rules", "time_off_requests", "availability", "shifts", "agent_skills", "agents", "skills", "teams"]) {
    await db.schema.dropTable(table).execute();
  }
}
