import { sql, type Kysely } from "kysely";

// Frozen in time: this file imports nothing from the app.
//
// App servers may keep validated sessions in memory for a few seconds. Whatever changes what a
// session check would answer — a session renewed, ended or deleted; a user's name, email or role
// changed, or the user disabled — tells every server through NOTIFY, from the database itself,
// so no code path (a page, the CLI, plain SQL) can forget to. Delivered only if the change commits.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION sessions_notify_evict() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('frontline_sessions', 'session:' || OLD.id);
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER sessions_evict AFTER UPDATE OR DELETE ON sessions
      FOR EACH ROW EXECUTE FUNCTION sessions_notify_evict()`.execute(db);
  await sql`
    CREATE FUNCTION users_notify_evict() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('frontline_sessions', 'user:' || OLD.id);
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER users_evict_update AFTER UPDATE OF email, name, role, disabled_at ON users
      FOR EACH ROW
      WHEN (OLD.email IS DISTINCT FROM NEW.email OR OLD.name IS DISTINCT FROM NEW.name
            OR OLD.role IS DISTINCT FROM NEW.role OR OLD.disabled_at IS DISTINCT FROM NEW.disabled_at)
      EXECUTE FUNCTION users_notify_evict()`.execute(db);
  await sql`
    CREATE TRIGGER users_evict_delete AFTER DELETE ON users
      FOR EACH ROW EXECUTE FUNCTION users_notify_evict()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER users_evict_delete ON users`.execute(db);
  await sql`DROP TRIGGER users_evict_update ON users`.execute(db);
  await sql`DROP FUNCTION users_notify_evict()`.execute(db);
  await sql`DROP TRIGGER sessions_evict ON sessions`.execute(db);
  await sql`DROP FUNCTION sessions_notify_evict()`.execute(db);
}
