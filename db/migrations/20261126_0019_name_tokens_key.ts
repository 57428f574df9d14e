import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
//
// customer_name_tokens had three indexes: its primary key (token, customer_id), the search's
// (token, name, customer_id) and the trigger's (customer_id, token). Every lookup by token reads
// the search's index (it covers name and archived too), so the primary key on (token, customer_id)
// only checked uniqueness, which a key on (customer_id, token) checks as well while serving the
// trigger's and the multi-word search's lookups by customer. One index fewer per name key
// written: each customer writes about six keys, ~3 µs each here.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE customer_name_tokens DROP CONSTRAINT customer_name_tokens_pkey`.execute(db);
  await sql`DROP INDEX customer_name_tokens_customer_idx`.execute(db);
  await sql`ALTER TABLE customer_name_tokens ADD CONSTRAINT customer_name_tokens_pkey PRIMARY KEY (customer_id, token)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE customer_name_tokens DROP CONSTRAINT customer_name_tokens_pkey`.execute(db);
  await sql`ALTER TABLE customer_name_tokens ADD CONSTRAINT customer_name_tokens_pkey PRIMARY KEY (token, customer_id)`.execute(db);
  await sql`CREATE INDEX customer_name_tokens_customer_idx ON customer_name_tokens (customer_id, token)`.execute(db);
}
