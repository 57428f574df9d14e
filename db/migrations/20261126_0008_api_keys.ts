import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
//
// API keys for programs outside (the bot, the website, the app) that ask for a human:
// only a SHA-256 hash of each key is stored (keys are 256 random bits, so a fast hash is
// enough; a slow password hash would only cost every request), with its first characters
// to tell keys apart on the admin page. Requests are counted per key per minute.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("api_keys")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(name) BETWEEN 1 AND 80`))
    .addColumn("token_prefix", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("rate_limit_per_minute", "integer", (c) => c.notNull().defaultTo(600).check(sql`rate_limit_per_minute BETWEEN 1 AND 100000`))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .addColumn("revoked_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  // A name means one live key.
  await sql`CREATE UNIQUE INDEX api_keys_live_name_idx ON api_keys (lower(name)) WHERE revoked_at IS NULL`.execute(db);

  await db.schema
    .createTable("api_key_usage")
    .addColumn("api_key_id", "uuid", (c) => c.notNull().references("api_keys.id").onDelete("cascade"))
    .addColumn("window_start", "timestamptz", (c) => c.notNull())
    .addColumn("requests", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("api_key_usage_pkey", ["api_key_id", "window_start"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("api_key_usage").execute();
  await db.schema.dropTable("api_keys").execute();
}
