import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
//
// Quality assurance, as a contact centre's QA form: supervisors score an interaction against the
// configured criteria. A criterion is either points (0..max_points) or pass/fail (0 or 1), has a
// relative weight, and may be critical (failing it fails the whole scorecard). Criteria are
// retired, never deleted, and every scorecard item keeps a copy of the criterion as it was scored
// (name, kind, maximum, weight, critical), so an old scorecard keeps its meaning whatever is
// edited later. One scorecard per reviewer per interaction; its percentage is computed by the
// server and stored.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("qa_criteria")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(name) BETWEEN 1 AND 80`))
    .addColumn("description", "text", (c) => c.check(sql`length(description) <= 1000`))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('points', 'pass_fail')`))
    .addColumn("max_points", "smallint", (c) => c.notNull())
    .addColumn("weight", "smallint", (c) => c.notNull().defaultTo(1).check(sql`weight BETWEEN 1 AND 100`))
    .addColumn("critical", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("retired_at", "timestamptz")
    .addColumn("retired_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addCheckConstraint(
      "qa_criteria_max_points",
      sql`CASE kind WHEN 'pass_fail' THEN max_points = 1 ELSE max_points BETWEEN 1 AND 100 END`,
    )
    .execute();
  // A name means one criterion on the live form.
  await sql`CREATE UNIQUE INDEX qa_criteria_live_name_idx ON qa_criteria (lower(name)) WHERE retired_at IS NULL`.execute(db);

  await db.schema
    .createTable("qa_scorecards")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("interaction_id", "uuid", (c) => c.notNull().references("interactions.id").onDelete("cascade"))
    .addColumn("reviewer_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("comment", "text", (c) => c.check(sql`length(comment) <= 4000`))
    .addColumn("score_percent", "numeric(5, 2)", (c) => c.notNull().check(sql`score_percent BETWEEN 0 AND 100`))
    .addColumn("auto_failed", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("qa_scorecards_one_per_reviewer", ["interaction_id", "reviewer_id"])
    .execute();
  await sql`CREATE INDEX qa_scorecards_reviewer_idx ON qa_scorecards (reviewer_id, created_at DESC)`.execute(db);

  await db.schema
    .createTable("qa_scorecard_items")
    .addColumn("scorecard_id", "uuid", (c) => c.notNull().references("qa_scorecards.id").onDelete("cascade"))
    .addColumn("criterion_id", "uuid", (c) => c.notNull().references("qa_criteria.id"))
    // null: not applicable to this interaction (left out of the percentage).
    .addColumn("points", "smallint")
    .addColumn("criterion_name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('points', 'pass_fail')`))
    .addColumn("max_points", "smallint", (c) => c.notNull().check(sql`max_points BETWEEN 1 AND 100`))
    .addColumn("weight", "smallint", (c) => c.notNull().check(sql`weight BETWEEN 1 AND 100`))
    .addColumn("critical", "boolean", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("qa_scorecard_items_pk", ["scorecard_id", "criterion_id"])
    .addCheckConstraint("qa_scorecard_items_points", sql`points IS NULL OR points BETWEEN 0 AND max_points`)
    .execute();
  await sql`CREATE INDEX qa_scorecard_items_criterion_idx ON qa_scorecard_items (criterion_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("qa_scorecard_items").execute();
  await db.schema.dropTable("qa_scorecards").execute();
  await db.schema.dropTable("qa_criteria").execute();
}
