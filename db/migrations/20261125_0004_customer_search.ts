import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
//
// Customer search (as you type, over name, email, phone and external id):
// - customer_name_tokens: one row per distinct name word, and per ordered pair of words ('a b'), of a
//   live customer (not merged away, not erased), with the name and the archived flag copied, so one word's customers are read in name
//   order straight from an index;
// - name_vocabulary: every distinct word with how many live customers carry it; typos are corrected
//   against this far smaller list by trigram similarity, and typed prefixes are expanded through it;
// - both kept in step with customers by one trigger (plpgsql: PGlite and PostgreSQL alike);
// - phone_national (the E.164 number without its country calling code) and lower(email), for prefixes.

/** Accented Latin letters and their base letters, for translate(). */
const FOLD_FROM = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳØøĐđŁłĦħıŦŧƉ";
const FOLD_TO = "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoUuAaIiOoUuUuUuUuUuAaAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYyOoDdLlHhiTtD";

/** Country calling codes (ITU E.164, a prefix-free set), as of this migration. */
const CALLING_CODES = "1,20,211,212,213,216,218,220,221,222,223,224,225,226,227,228,229,230,231,232,233,234,235,236,237,238,239,240,241,242,243,244,245,246,247,248,249,250,251,252,253,254,255,256,257,258,260,261,262,263,264,265,266,267,268,269,27,290,291,297,298,299,30,31,32,33,34,350,351,352,353,354,355,356,357,358,359,36,370,371,372,373,374,375,376,377,378,380,381,382,383,385,386,387,389,39,40,41,420,421,423,43,44,45,46,47,48,49,500,501,502,503,504,505,506,507,508,509,51,52,53,54,55,56,57,58,590,591,592,593,594,595,596,597,598,599,60,61,62,63,64,65,66,670,672,673,674,675,676,677,678,679,680,681,682,683,685,686,687,688,689,690,691,692,7,81,82,84,850,852,853,855,856,86,880,886,90,91,92,93,94,95,960,961,962,963,964,965,966,967,968,970,971,972,973,974,975,976,977,98,992,993,994,995,996,998";

export async function up(db: Kysely<any>): Promise<void> {
  // A name folded for search: accents off, lower case, dashes and dots made spaces.
  await sql
    .raw(
      `CREATE FUNCTION customer_search_fold(value text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
          SELECT lower(translate(
            replace(replace(replace(replace(replace(replace(replace(replace(value,
              'ß', 'ss'), 'ẞ', 'SS'), 'Æ', 'AE'), 'æ', 'ae'), 'Œ', 'OE'), 'œ', 'oe'), 'Þ', 'TH'), 'þ', 'th'),
            '${FOLD_FROM}‐‑‒–—―·•’ʼ', '${FOLD_TO}        ''''')) $$`,
    )
    .execute(db);
  // The distinct words of a name, sorted (also a stable lock order for the vocabulary counts).
  // Apostrophes join (O'Brien -> obrien); other punctuation and spaces split.
  await sql`
    CREATE FUNCTION customer_search_words(value text) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT w ORDER BY w), '{}')
        FROM regexp_split_to_table(replace(customer_search_fold(value), '''', ''), '[[:space:][:punct:]]+') AS w
        WHERE w <> ''
      $$`.execute(db);
  // What customer_name_tokens holds for a name: its words, and every ordered pair of two of its
  // words as 'a b' (the first 12 words), so a two-word query reads its few customers directly
  // instead of intersecting two long word lists.
  await sql`
    CREATE FUNCTION customer_search_keys(value text) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        WITH w AS (SELECT unnest(customer_search_words(value)) AS w LIMIT 12)
        SELECT coalesce(array_agg(k ORDER BY k), '{}') FROM (
          SELECT w AS k FROM w
          UNION ALL
          SELECT a.w || ' ' || b.w FROM w a JOIN w b ON a.w <> b.w
        ) keys
      $$`.execute(db);
  // A word's letters in order: a swap of two letters ("jhon") keeps it, where trigrams mostly differ.
  await sql`
    CREATE FUNCTION customer_search_letters(value text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT string_agg(c, '' ORDER BY c COLLATE "C") FROM regexp_split_to_table(value, '') AS c
      $$`.execute(db);
  await sql
    .raw(
      `CREATE FUNCTION customer_phone_national(phone text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
          SELECT CASE
            WHEN substr(phone, 2, 1) = ANY ('{${CALLING_CODES}}'::text[]) THEN substr(phone, 3)
            WHEN substr(phone, 2, 2) = ANY ('{${CALLING_CODES}}'::text[]) THEN substr(phone, 4)
            WHEN substr(phone, 2, 3) = ANY ('{${CALLING_CODES}}'::text[]) THEN substr(phone, 5)
            ELSE substr(phone, 2)
          END $$`,
    )
    .execute(db);

  await db.schema
    .createTable("customer_name_tokens")
    .addColumn("token", "text", (c) => c.notNull())
    .addColumn("customer_id", "uuid", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("archived", "boolean", (c) => c.notNull())
    .addPrimaryKeyConstraint("customer_name_tokens_pkey", ["token", "customer_id"])
    .execute();
  await db.schema
    .createTable("name_vocabulary")
    .addColumn("token", "text", (c) => c.primaryKey())
    .addColumn("customers", "integer", (c) => c.notNull())
    .execute();

  // Backfill before the indexes and the trigger: one pass over customers.
  await sql`
    INSERT INTO customer_name_tokens (token, customer_id, name, archived)
    SELECT w, c.id, c.name, c.archived_at IS NOT NULL
    FROM customers c CROSS JOIN LATERAL unnest(customer_search_keys(c.name)) AS w
    WHERE c.merged_into_id IS NULL AND c.erased_at IS NULL`.execute(db);
  await sql`
    INSERT INTO name_vocabulary (token, customers)
    SELECT token, count(*) FROM customer_name_tokens WHERE position(' ' in token) = 0 GROUP BY token`.execute(db);

  // One word's customers in name order (a limit reads only the first rows).
  await sql`CREATE INDEX customer_name_tokens_order_idx ON customer_name_tokens (token, name, customer_id) INCLUDE (archived)`.execute(db);
  // A customer's words (trigger upkeep; checking the other words of a multi-word query).
  await sql`CREATE INDEX customer_name_tokens_customer_idx ON customer_name_tokens (customer_id, token)`.execute(db);
  await sql`CREATE INDEX name_vocabulary_trgm_idx ON name_vocabulary USING gin (token gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX name_vocabulary_prefix_idx ON name_vocabulary (token text_pattern_ops)`.execute(db);
  await sql`ALTER TABLE name_vocabulary ADD COLUMN letters text GENERATED ALWAYS AS (customer_search_letters(token)) STORED`.execute(db);
  await sql`CREATE INDEX name_vocabulary_letters_idx ON name_vocabulary (letters)`.execute(db);

  await sql`
    CREATE FUNCTION customers_sync_name_tokens() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      old_words text[] := '{}';
      new_words text[] := '{}';
      gone text[];
      added text[];
    BEGIN
      IF TG_OP <> 'INSERT' AND OLD.merged_into_id IS NULL AND OLD.erased_at IS NULL THEN
        old_words := customer_search_keys(OLD.name);
      END IF;
      IF TG_OP <> 'DELETE' AND NEW.merged_into_id IS NULL AND NEW.erased_at IS NULL THEN
        new_words := customer_search_keys(NEW.name);
      END IF;
      gone := ARRAY(SELECT unnest(old_words) EXCEPT SELECT unnest(new_words) ORDER BY 1);
      added := ARRAY(SELECT unnest(new_words) EXCEPT SELECT unnest(old_words) ORDER BY 1);
      IF cardinality(gone) > 0 THEN
        DELETE FROM customer_name_tokens WHERE customer_id = OLD.id AND token = ANY (gone);
        -- (pairs, with a space, are not words)
        UPDATE name_vocabulary SET customers = customers - 1 WHERE token = ANY (gone);
        DELETE FROM name_vocabulary WHERE token = ANY (gone) AND customers <= 0;
      END IF;
      IF TG_OP = 'UPDATE' AND cardinality(new_words) > cardinality(added)
         AND (NEW.name IS DISTINCT FROM OLD.name OR (NEW.archived_at IS NULL) <> (OLD.archived_at IS NULL)) THEN
        UPDATE customer_name_tokens SET name = NEW.name, archived = NEW.archived_at IS NOT NULL
        WHERE customer_id = NEW.id AND token = ANY (new_words) AND NOT (token = ANY (added));
      END IF;
      IF cardinality(added) > 0 THEN
        INSERT INTO customer_name_tokens (token, customer_id, name, archived)
        SELECT w, NEW.id, NEW.name, NEW.archived_at IS NOT NULL FROM unnest(added) AS w;
        INSERT INTO name_vocabulary AS v (token, customers)
        SELECT w, 1 FROM unnest(added) AS w WHERE position(' ' in w) = 0 ORDER BY w
        ON CONFLICT (token) DO UPDATE SET customers = v.customers + 1;
      END IF;
      RETURN NULL;
    END
    $$`.execute(db);
  await sql`
    CREATE TRIGGER customers_sync_name_tokens
    AFTER INSERT OR DELETE OR UPDATE OF name, merged_into_id, archived_at, erased_at ON customers
    FOR EACH ROW EXECUTE FUNCTION customers_sync_name_tokens()`.execute(db);

  await sql`ALTER TABLE customers ADD COLUMN phone_national text GENERATED ALWAYS AS (customer_phone_national(phone)) STORED`.execute(db);
  await sql`CREATE INDEX customers_phone_national_idx ON customers (phone_national text_pattern_ops) WHERE phone_national IS NOT NULL`.execute(db);
  await sql`CREATE INDEX customers_email_prefix_idx ON customers (lower(email::text) text_pattern_ops) WHERE email IS NOT NULL`.execute(db);
  await sql`CREATE INDEX customers_external_id_idx ON customers (external_id text_pattern_ops) WHERE external_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX customers_external_id_idx`.execute(db);
  await sql`DROP INDEX customers_email_prefix_idx`.execute(db);
  await sql`ALTER TABLE customers DROP COLUMN phone_national`.execute(db);
  await sql`DROP TRIGGER customers_sync_name_tokens ON customers`.execute(db);
  await sql`DROP FUNCTION customers_sync_name_tokens()`.execute(db);
  await db.schema.dropTable("name_vocabulary").execute();
  await db.schema.dropTable("customer_name_tokens").execute();
  await sql`DROP FUNCTION customer_phone_national(text)`.execute(db);
  await sql`DROP FUNCTION customer_search_letters(text)`.execute(db);
  await sql`DROP FUNCTION customer_search_keys(text)`.execute(db);
  await sql`DROP FUNCTION customer_search_words(text)`.execute(db);
  await sql`DROP FUNCTION customer_search_fold(text)`.execute(db);
}
