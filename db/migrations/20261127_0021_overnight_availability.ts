import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
//
// A weekly availability slot may run past midnight: it belongs to the weekday it starts on, and an
// end_time at or before start_time is on the next day (Monday 22:00–06:00 runs until Tuesday 06:00;
// Sunday's into Monday). Only an end equal to the start stays refused (no length, or a whole day?),
// so a slot is 1 minute to 23 h 59 min long. Overlaps, across midnight and round the week, are the
// service's rule: a row is one slot, and the week's clash is between rows.
//
// Until now a night had to be two rows, "… 23:59" and the next day's "00:00 …" (the editor said so),
// losing a minute. Such a pair becomes the one slot it stood for, when that is under 24 hours.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE availability DROP CONSTRAINT availability_order`.execute(db);
  await sql`ALTER TABLE availability ADD CONSTRAINT availability_not_empty CHECK (end_time <> start_time)`.execute(db);
  await sql`
    WITH nights AS (
      SELECT late.agent_id, late.weekday, late.start_time, early.weekday AS next_weekday, early.end_time AS next_end
        FROM availability late
        JOIN availability early
          ON early.agent_id = late.agent_id AND early.weekday = late.weekday % 7 + 1 AND early.start_time = '00:00'
       WHERE late.end_time = '23:59' AND early.end_time < late.start_time
    ), merged AS (
      UPDATE availability a SET end_time = n.next_end
        FROM nights n
       WHERE a.agent_id = n.agent_id AND a.weekday = n.weekday AND a.start_time = n.start_time
    )
    DELETE FROM availability a USING nights n
     WHERE a.agent_id = n.agent_id AND a.weekday = n.next_weekday AND a.start_time = '00:00'`.execute(db);
}

// Back to slots within one day: a night is split at midnight again (its first part ends 23:59).
export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE availability DROP CONSTRAINT availability_not_empty`.execute(db);
  await sql`
    INSERT INTO availability (agent_id, weekday, start_time, end_time)
    SELECT agent_id, weekday % 7 + 1, '00:00', end_time FROM availability WHERE end_time < start_time AND end_time > '00:00'
    ON CONFLICT DO NOTHING`.execute(db);
  await sql`UPDATE availability SET end_time = '23:59' WHERE end_time < start_time`.execute(db);
  await sql`DELETE FROM availability WHERE end_time <= start_time`.execute(db);
  await sql`ALTER TABLE availability ADD CONSTRAINT availability_order CHECK (end_time > start_time)`.execute(db);
}
