import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
//
// The customer list (customers.list, CSV export): keyset pages over live customers (not merged
// away, not erased) in name order or newest first, with filters.
// - customers_list_name_idx: name order; a filter on kind (two common values) is checked while
//   walking it, reading only as far as the page needs;
// - customers_list_country_idx, _segment_idx, _tier_idx: name order within one value, so a rare
//   value's page does not walk the whole name index;
// - customers_list_created_idx: newest first;
// - customers_custom_idx: custom-field exact values (`custom @> '{"key": value}'`); a rare value
//   is found through it and sorted, a common one is checked while walking the name index
//   (the service bounds that walk and falls back to this index).
export async function up(db: Kysely<any>): Promise<void> {
  const live = sql.raw("WHERE merged_into_id IS NULL AND erased_at IS NULL");
  await sql`CREATE INDEX customers_list_name_idx ON customers (name, id) ${live}`.execute(db);
  await sql`CREATE INDEX customers_list_country_idx ON customers (country, name, id) ${live}`.execute(db);
  await sql`CREATE INDEX customers_list_segment_idx ON customers (segment, name, id) ${live}`.execute(db);
  await sql`CREATE INDEX customers_list_tier_idx ON customers (tier, name, id) ${live}`.execute(db);
  await sql`CREATE INDEX customers_list_created_idx ON customers (created_at DESC, id DESC) ${live}`.execute(db);
  await sql`CREATE INDEX customers_custom_idx ON customers USING gin (custom jsonb_path_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    "customers_custom_idx",
    "customers_list_created_idx",
    "customers_list_tier_idx",
    "customers_list_segment_idx",
    "customers_list_country_idx",
    "customers_list_name_idx",
  ]) {
    await sql`DROP INDEX ${sql.raw(index)}`.execute(db);
  }
}
