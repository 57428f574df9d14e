import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
//
// Likely duplicate customers, one row per unordered pair (customer_a < customer_b): why they look
// alike (same email, same phone, very similar name in the same country), how similar the names
// are, and what a person decided (dismissed, or merged).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("customer_duplicates")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("customer_a", "uuid", (c) => c.notNull().references("customers.id"))
    .addColumn("customer_b", "uuid", (c) => c.notNull().references("customers.id"))
    .addColumn("reasons", sql`text[]`, (c) =>
      c.notNull().check(sql`cardinality(reasons) > 0 AND reasons <@ ARRAY['email', 'phone', 'name']::text[]`),
    )
    // pg_trgm similarity of the two names (0..1), whatever the reasons.
    .addColumn("score", "real", (c) => c.notNull().check(sql`score >= 0 AND score <= 1`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open").check(sql`status IN ('open', 'dismissed', 'merged')`))
    .addColumn("found_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("decided_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decided_at", "timestamptz")
    .addCheckConstraint("customer_duplicates_ordered", sql`customer_a < customer_b`)
    .addCheckConstraint("customer_duplicates_decided", sql`(status = 'open') = (decided_at IS NULL)`)
    .addUniqueConstraint("customer_duplicates_pair", ["customer_a", "customer_b"])
    .execute();
  // The open list, newest first (keyset on found_at, id).
  await sql`CREATE INDEX customer_duplicates_open_idx ON customer_duplicates (found_at DESC, id DESC) WHERE status = 'open'`.execute(db);
  // A customer's pairs: the unique (customer_a, customer_b) serves customer_a; this one serves customer_b.
  await sql`CREATE INDEX customer_duplicates_b_idx ON customer_duplicates (customer_b)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("customer_duplicates").execute();
}
