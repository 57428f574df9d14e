import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`now()`;
  await db.schema
    .createTable("customers")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('person', 'company')`))
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(name) BETWEEN 1 AND 200`))
    .addColumn("email", sql`citext`)
    .addColumn("phone", "text", (c) => c.check(sql`phone ~ '^\\+[1-9][0-9]{6,14}$'`))
    .addColumn("country", "text", (c) => c.check(sql`country ~ '^[A-Z]{2}$'`))
    .addColumn("language", "text", (c) => c.check(sql`language ~ '^[a-z]{2,3}$'`))
    .addColumn("segment", "text")
    .addColumn("tier", "text")
    .addColumn("custom", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // Where a record came from (e.g. 'salesforce' and its 18-character Id), so imports re-run as updates.
    .addColumn("external_source", "text")
    .addColumn("external_id", "text")
    .addColumn("merged_into_id", "uuid", (c) => c.references("customers.id"))
    .addColumn("archived_at", "timestamptz")
    .addColumn("erased_at", "timestamptz")
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addCheckConstraint("customers_external_pair", sql`(external_source IS NULL) = (external_id IS NULL)`)
    .addCheckConstraint("customers_not_merged_into_self", sql`merged_into_id IS NULL OR merged_into_id <> id`)
    .execute();
  await sql`CREATE UNIQUE INDEX customers_external_idx ON customers (external_source, external_id) WHERE external_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX customers_email_idx ON customers (email) WHERE email IS NOT NULL`.execute(db);
  await sql`CREATE INDEX customers_phone_idx ON customers (phone text_pattern_ops) WHERE phone IS NOT NULL`.execute(db);
  await sql`CREATE INDEX customers_name_trgm_idx ON customers USING gin (name gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX customers_merged_idx ON customers (merged_into_id) WHERE merged_into_id IS NOT NULL`.execute(db);

  // People at a company customer.
  await db.schema
    .createTable("contacts")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("customer_id", "uuid", (c) => c.notNull().references("customers.id"))
    .addColumn("first_name", "text")
    .addColumn("last_name", "text", (c) => c.notNull())
    .addColumn("email", sql`citext`)
    .addColumn("phone", "text", (c) => c.check(sql`phone ~ '^\\+[1-9][0-9]{6,14}$'`))
    .addColumn("title", "text")
    .addColumn("external_source", "text")
    .addColumn("external_id", "text")
    .addColumn("archived_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await sql`CREATE UNIQUE INDEX contacts_external_idx ON contacts (external_source, external_id) WHERE external_id IS NOT NULL`.execute(db);
  await db.schema.createIndex("contacts_customer_idx").on("contacts").column("customer_id").execute();

  await sql`CREATE SEQUENCE case_number_seq START 1000`.execute(db);
  await db.schema
    .createTable("cases")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("case_number", "text", (c) => c.notNull().unique().defaultTo(sql`nextval('case_number_seq')::text`))
    .addColumn("customer_id", "uuid", (c) => c.notNull().references("customers.id"))
    .addColumn("contact_id", "uuid", (c) => c.references("contacts.id"))
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("new").check(sql`status IN ('new', 'open', 'pending', 'closed')`))
    .addColumn("priority", "text", (c) => c.notNull().defaultTo("medium").check(sql`priority IN ('low', 'medium', 'high', 'urgent')`))
    .addColumn("origin", "text", (c) => c.check(sql`origin IN ('phone', 'email', 'web', 'chat', 'social', 'other')`))
    .addColumn("owner_agent_id", "uuid", (c) => c.references("agents.id"))
    .addColumn("opened_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("closed_at", "timestamptz")
    .addColumn("external_source", "text")
    .addColumn("external_id", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addCheckConstraint("cases_closed_has_time", sql`(status = 'closed') = (closed_at IS NOT NULL)`)
    .execute();
  await sql`CREATE UNIQUE INDEX cases_external_idx ON cases (external_source, external_id) WHERE external_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX cases_customer_idx ON cases (customer_id, opened_at DESC)`.execute(db);
  await sql`CREATE INDEX cases_customer_closed_idx ON cases (customer_id, closed_at DESC) WHERE closed_at IS NOT NULL`.execute(db);

  // Like Salesforce field history tracking: every change to a tracked field.
  await db.schema
    .createTable("field_history")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("entity_type", "text", (c) => c.notNull())
    .addColumn("entity_id", "uuid", (c) => c.notNull())
    .addColumn("field", "text", (c) => c.notNull())
    .addColumn("old_value", "jsonb")
    .addColumn("new_value", "jsonb")
    .addColumn("changed_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("changed_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await sql`CREATE INDEX field_history_entity_idx ON field_history (entity_type, entity_id, changed_at DESC)`.execute(db);

  await db.schema
    .createTable("custom_field_definitions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("entity_type", "text", (c) => c.notNull().check(sql`entity_type IN ('customer', 'contact', 'case')`))
    .addColumn("key", "text", (c) => c.notNull().check(sql`key ~ '^[a-z][a-z0-9_]{0,39}$'`))
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull().check(sql`type IN ('text', 'number', 'date', 'picklist')`))
    .addColumn("options", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("custom_field_definitions_key", ["entity_type", "key"])
    .execute();

  await db.schema
    .createTable("customer_notes")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("customer_id", "uuid", (c) => c.notNull().references("customers.id"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("author_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await sql`CREATE INDEX customer_notes_customer_idx ON customer_notes (customer_id, created_at DESC)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["customer_notes", "custom_field_definitions", "field_history", "cases", "contacts", "customers"]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`DROP SEQUENCE case_number_seq`.execute(db);
}
