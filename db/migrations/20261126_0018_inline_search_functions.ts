import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
//
// customer_phone_national (the stored phone_national column of every customer written) and
// customer_search_fold (every name's search keys, in the name-search trigger) were declared
// STRICT. PostgreSQL inlines a one-expression SQL function into the statement calling it only if a
// STRICT function's body is strict too, and a CASE is not, so both ran through the SQL-function
// executor on every call: 5.7 µs per phone_national here against 0.3 µs inlined, and the name
// keys 13.6 µs against 8.9 µs. Neither needs STRICT to answer NULL for NULL: every branch of
// both bodies is NULL when the argument is (tested).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER FUNCTION customer_phone_national(text) CALLED ON NULL INPUT`.execute(db);
  await sql`ALTER FUNCTION customer_search_fold(text) CALLED ON NULL INPUT`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER FUNCTION customer_search_fold(text) STRICT`.execute(db);
  await sql`ALTER FUNCTION customer_phone_national(text) STRICT`.execute(db);
}
