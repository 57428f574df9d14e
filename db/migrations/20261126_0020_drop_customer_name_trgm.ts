import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
//
// customers_name_trgm_idx (a trigram GIN index over every customer's full name) served the first
// name search. Since 0004 names are found through customer_name_tokens and name_vocabulary, and
// duplicate checks score similarity() only on candidates found there, so no statement reads it;
// every customer written still paid ~8 µs to add its name's trigrams (140,000 names: 1.2 s with the
// index, 0.1 s without).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS customers_name_trgm_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX customers_name_trgm_idx ON customers USING gin (name gin_trgm_ops)`.execute(db);
}
