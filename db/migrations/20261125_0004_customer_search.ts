import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
//
// Customer search (as you type, over name, email, phone and external id):
// - customer_name_tokens: one row per distinct name word, and per ordered pair of words ('a b'), of a
//   live customer (not merged away, not erased), with the name and the archived flag copied, so one word's customers are read in name
//   order straight from an index;
// - name_vocabulary: every distinct word with how many live customers carry it; typos are corrected
//   against this far smaller list by trigram similarity, and typed prefixes are expanded through it;
// - both kept in step with customers by statement-level triggers over transition tables (plpgsql:
//   PGlite and PostgreSQL alike), set-based, so bulk writes pay per statement rather than per row;
// - phone_national (the E.164 number without its country calling code) and lower(email), for prefixes.

/** Accented Latin letters and their base letters, for translate(). */
const FOLD_FROM = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳØøĐđŁłĦħıŦŧƉ";
const FOLD_TO = "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoUuAaIiOoUuUuUuUuUuAaAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYyOoDdLlHhiTtD";

/** Country calling codes (ITU E.164, a prefix-free set), as of this migration. */
const CALLING_CODES = "1,20,211,212,213,216,218,220,221,222,223,224,225,226,227,228,229,230,231,232,233,234,235,236,237,238,239,240,241,242,243,244,245,246,247,248,249,250,251,252,253,254,255,256,257,258,260,261,262,263,264,265,266,267,268,269,27,290,291,297,298,299,30,31,32,33,34,350,351,352,353,354,355,356,357,358,359,36,370,371,372,373,374,375,376,377,378,380,381,382,383,385,386,387,389,39,40,41,420,421,423,43,44,45,46,47,48,49,500,501,502,503,504,505,506,507,508,509,51,52,53,54,55,56,57,58,590,591,592,593,594,595,596,597,598,599,60,61,62,63,64,65,66,670,672,673,674,675,676,677,678,679,680,681,682,683,685,686,687,688,689,690,691,692,7,81,82,84,850,852,853,855,856,86,880,886,90,91,92,93,94,95,960,961,962,963,964,965,966,967,968,970,971,972,973,974,975,976,977,98,992,993,994,995,996,998";

export async function up(db: Kysely<any>): Promise<void> {
  // A name folded for search: accents off, lower case, dashes and dots made spaces. Plain ASCII (most
  // names) needs only lower(); translate() over the long accent list is what costs.
  await sql
    .raw(
      `CREATE FUNCTION customer_search_fold(value text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
          SELECT CASE WHEN octet_length(value) = char_length(value) THEN lower(value) ELSE lower(translate(
            replace(replace(replace(replace(replace(replace(replace(replace(value,
              'ß', 'ss'), 'ẞ', 'SS'), 'Æ', 'AE'), 'æ', 'ae'), 'Œ', 'OE'), 'œ', 'oe'), 'Þ', 'TH'), 'þ', 'th'),
            '${FOLD_FROM}‐‑‒–—―·•’ʼ', '${FOLD_TO}        ''''')) END $$`,
    )
    .execute(db);
  // The distinct words of a name, sorted (also a stable lock order for the vocabulary counts).
  // Apostrophes join (O'Brien -> obrien); other punctuation and spaces split.
  // plpgsql with plain expressions only: it runs once per customer written, so it must be cheap
  // (a SQL function with a FROM clause pays an executor start per call, several times this).
  await sql`
    CREATE FUNCTION customer_search_words(value text) RETURNS text[]
      LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      DECLARE
        words text[] := '{}';
        w text;
        i int;
      BEGIN
        FOREACH w IN ARRAY regexp_split_to_array(replace(customer_search_fold(value), '''', ''), '[[:space:][:punct:]]+') LOOP
          IF w = '' OR w = ANY (words) THEN CONTINUE; END IF;
          -- Insertion in order: a name has a handful of words.
          i := cardinality(words);
          WHILE i > 0 AND words[i] > w LOOP i := i - 1; END LOOP;
          words := words[1:i] || w || words[i + 1:];
        END LOOP;
        RETURN words;
      END $$`.execute(db);
  // What customer_name_tokens holds for a name: its words, then every pair of two of its words as
  // 'a b' (of the first 12 words), so a two-word query reads its few customers directly instead of
  // intersecting two long word lists. A pair is stored once, its words in byte order (COLLATE "C",
  // which JavaScript's < also follows), so the search builds the same key whichever word came first.
  await sql`
    CREATE FUNCTION customer_search_keys(value text) RETURNS text[]
      LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      DECLARE
        w text[] := customer_search_words(value);
        n int := least(cardinality(w), 12);
        keys text[] := w[1:n];
      BEGIN
        FOR i IN 1..n LOOP
          FOR j IN 1..n LOOP
            IF w[i] COLLATE "C" < w[j] COLLATE "C" THEN keys := keys || (w[i] || ' ' || w[j]); END IF;
          END LOOP;
        END LOOP;
        RETURN keys;
      END $$`.execute(db);
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
  // Counts change with every customer written: room on each page keeps those updates HOT (no new
  // entries in the trigram, prefix and letters indexes).
  await sql`ALTER TABLE name_vocabulary SET (fillfactor = 50)`.execute(db);

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

  // Upkeep, set-based, once per statement: a bulk insert or upsert of thousands of customers costs a few
  // statements, not a few per row. The transition tables hold the statement's rows; an UPDATE
  // trigger cannot name columns when it has them, so it fires on every update and first keeps only the
  // rows whose name or liveness or archived flag changed.
  //
  // Vocabulary counts stay exact under concurrent writers: one INSERT ... ON CONFLICT DO UPDATE adds
  // each word's net change (in token order, a stable lock order), then words down to zero go.
  // One statement per event: x is the statement's key changes (customer_id, token, name, archived, sign),
  // sign -1 the key goes, +1 it comes, 0 it stays with its name or archived flag refreshed.
  const upkeep = (changes: string) => `
        WITH x AS MATERIALIZED (${changes}),
        gone AS (
          DELETE FROM customer_name_tokens t USING x
          WHERE x.sign = -1 AND t.customer_id = x.customer_id AND t.token = x.token
        ),
        kept AS (
          UPDATE customer_name_tokens t SET name = x.name, archived = x.archived FROM x
          WHERE x.sign = 0 AND t.customer_id = x.customer_id AND t.token = x.token
            AND (t.name, t.archived) IS DISTINCT FROM (x.name, x.archived)
        ),
        added AS (
          INSERT INTO customer_name_tokens (token, customer_id, name, archived)
          SELECT token, customer_id, name, archived FROM x WHERE sign = 1
          ORDER BY token, name -- neighbours in customer_name_tokens_order_idx one after another
        ),
        counted AS (
          -- (pairs, with a space, are not words)
          INSERT INTO name_vocabulary AS v (token, customers)
          SELECT token, sum(sign)::int FROM x
          WHERE sign <> 0 AND position(' ' in token) = 0
          GROUP BY token HAVING sum(sign) <> 0
          ORDER BY token
          ON CONFLICT (token) DO UPDATE SET customers = v.customers + excluded.customers
          RETURNING v.token, v.customers
        )
        SELECT coalesce(array_agg(token ORDER BY token), '{}') FROM counted WHERE customers <= 0`;
  await sql
    .raw(
      `CREATE FUNCTION customers_sync_name_tokens() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        unused text[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${upkeep(`
            SELECT n.id AS customer_id, k AS token, n.name, n.archived_at IS NOT NULL AS archived, 1 AS sign
            FROM new_rows n CROSS JOIN LATERAL unnest(customer_search_keys(n.name)) AS k
            WHERE n.merged_into_id IS NULL AND n.erased_at IS NULL`)} INTO unused;
        ELSIF TG_OP = 'DELETE' THEN
          ${upkeep(`
            SELECT o.id AS customer_id, k AS token, NULL::text AS name, NULL::boolean AS archived, -1 AS sign
            FROM old_rows o CROSS JOIN LATERAL unnest(customer_search_keys(o.name)) AS k
            WHERE o.merged_into_id IS NULL AND o.erased_at IS NULL`)} INTO unused;
        ELSE
          ${upkeep(`
            WITH changed AS (
              SELECT n.id, o.name AS old_name, n.name AS new_name, n.archived_at IS NOT NULL AS archived,
                     o.merged_into_id IS NULL AND o.erased_at IS NULL AS was_live,
                     n.merged_into_id IS NULL AND n.erased_at IS NULL AS is_live
              FROM old_rows o JOIN new_rows n ON n.id = o.id
              WHERE o.name IS DISTINCT FROM n.name
                 OR (o.archived_at IS NULL) <> (n.archived_at IS NULL)
                 OR (o.merged_into_id IS NULL AND o.erased_at IS NULL) <> (n.merged_into_id IS NULL AND n.erased_at IS NULL)
            ),
            b AS (SELECT c.id, k FROM changed c CROSS JOIN LATERAL unnest(customer_search_keys(c.old_name)) AS k WHERE c.was_live),
            a AS (SELECT c.id, k, c.new_name, c.archived FROM changed c CROSS JOIN LATERAL unnest(customer_search_keys(c.new_name)) AS k WHERE c.is_live)
            SELECT coalesce(a.id, b.id) AS customer_id, coalesce(a.k, b.k) AS token, a.new_name AS name, a.archived,
                   CASE WHEN a.id IS NULL THEN -1 WHEN b.id IS NULL THEN 1 ELSE 0 END AS sign
            FROM b FULL JOIN a ON a.id = b.id AND a.k = b.k`)} INTO unused;
        END IF;
        IF cardinality(unused) > 0 THEN
          DELETE FROM name_vocabulary WHERE token = ANY (unused) AND customers <= 0;
        END IF;
        RETURN NULL;
      END
      $$`,
    )
    .execute(db);
  await sql`
    CREATE TRIGGER customers_sync_name_tokens_insert AFTER INSERT ON customers
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customers_sync_name_tokens()`.execute(db);
  await sql`
    CREATE TRIGGER customers_sync_name_tokens_update AFTER UPDATE ON customers
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customers_sync_name_tokens()`.execute(db);
  await sql`
    CREATE TRIGGER customers_sync_name_tokens_delete AFTER DELETE ON customers
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION customers_sync_name_tokens()`.execute(db);

  // A contact's cases: the foreign key check when contacts are deleted (the scale seed's re-run
  // removes two million) and moving a merged contact's cases would otherwise scan every case.
  await sql`CREATE INDEX cases_contact_idx ON cases (contact_id) WHERE contact_id IS NOT NULL`.execute(db);

  await sql`ALTER TABLE customers ADD COLUMN phone_national text GENERATED ALWAYS AS (customer_phone_national(phone)) STORED`.execute(db);
  await sql`CREATE INDEX customers_phone_national_idx ON customers (phone_national text_pattern_ops) WHERE phone_national IS NOT NULL`.execute(db);
  await sql`CREATE INDEX customers_email_prefix_idx ON customers (lower(email::text) text_pattern_ops) WHERE email IS NOT NULL`.execute(db);
  await sql`CREATE INDEX customers_external_id_idx ON customers (external_id text_pattern_ops) WHERE external_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX customers_external_id_idx`.execute(db);
  await sql`DROP INDEX cases_contact_idx`.execute(db);
  await sql`DROP INDEX customers_email_prefix_idx`.execute(db);
  await sql`ALTER TABLE customers DROP COLUMN phone_national`.execute(db);
  await sql`DROP TRIGGER customers_sync_name_tokens_delete ON customers`.execute(db);
  await sql`DROP TRIGGER customers_sync_name_tokens_update ON customers`.execute(db);
  await sql`DROP TRIGGER customers_sync_name_tokens_insert ON customers`.execute(db);
  await sql`DROP FUNCTION customers_sync_name_tokens()`.execute(db);
  await db.schema.dropTable("name_vocabulary").execute();
  await db.schema.dropTable("customer_name_tokens").execute();
  await sql`DROP FUNCTION customer_phone_national(text)`.execute(db);
  await sql`DROP FUNCTION customer_search_letters(text)`.execute(db);
  await sql`DROP FUNCTION customer_search_keys(text)`.execute(db);
  await sql`DROP FUNCTION customer_search_words(text)`.execute(db);
  await sql`DROP FUNCTION customer_search_fold(text)`.execute(db);
}
