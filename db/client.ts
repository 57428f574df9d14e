import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { citext } from "@electric-sql/pglite/contrib/citext";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { PreparingClient } from "./prepared-statements";
import { PGliteDialect } from "./pglite-dialect";
import type { Database } from "./schema";

export type DatabaseKind = "postgres" | "pglite";

/**
 * Settings of every app session, set when a connection starts (PGlite: once at open):
 * - `jit` off: an OLTP app's statements run in milliseconds, but the planner's row estimates for
 *   a LIMITed search can cross jit_above_cost and spend ~25 ms compiling one.
 * - `pg_trgm.similarity_threshold` 0.2: the `%` operator's floor, which the customer search's
 *   typo candidates rely on (pg_trgm's default 0.3 misses "jonh" → "john"). Nothing else uses `%`
 *   without setting its own threshold for its transaction (the duplicate check does).
 * As session settings they cost no statement per request; they were once set per search
 * transaction, three round trips of a search's five.
 */
export const SESSION_SETTINGS: Readonly<Record<string, string>> = { jit: "off", "pg_trgm.similarity_threshold": "0.2" };

/** SESSION_SETTINGS as libpq's `options` (pg.Pool's `options`). */
export const SESSION_OPTIONS = Object.entries(SESSION_SETTINGS)
  .map(([name, value]) => `-c ${name}=${value}`)
  .join(" ");

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Where the data lives, for log lines (no password). */
  location: string;
  close(): Promise<void>;
  /** PGlite only: the whole data folder as a tarball (tests copy a migrated base this way). */
  dumpDataDir?: () => Promise<Blob>;
  /**
   * LISTEN on a channel: `onPayload` gets each NOTIFY's payload once its transaction commits.
   * On PostgreSQL a connection of its own listens and reconnects when it is lost; `onGap` is
   * called after a reconnect, since notifications sent meanwhile were missed, and `onLost` as soon as
   * the connection drops (until `onGap`, notifications are not arriving). Resolves to a stop function.
   */
  listen(channel: string, onPayload: (payload: string) => void, onGap?: () => void, onLost?: () => void): Promise<() => Promise<void>>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL URL; defaults to DATABASE_URL. When absent the embedded database is used. */
  url?: string;
  /** PGlite data folder or `memory://`; defaults to FRONTLINE_DATA_DIR or `.data/pglite`. */
  dataDir?: string;
  /** A PGlite data-folder dump to start from (tests copy one migrated base database). */
  loadDataDir?: Blob;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /**
   * PostgreSQL reached through a pooler in transaction mode (PgBouncer): no named statements and
   * no startup options (a pooled server connection is not ours between transactions); the
   * database itself must then carry SESSION_SETTINGS, which is checked. Defaults to PG_POOLER.
   */
  pooler?: "transaction" | null;
}

export class DatabaseInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database at ${dataDir} is in use by another Frontline process (pid ${pid}). ` +
        `Stop that process first, or run this against PostgreSQL with DATABASE_URL.`,
    );
    this.name = "DatabaseInUseError";
  }
}

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

// The two drivers disagree on these types (string vs number vs BigInt, local vs
// UTC midnight); both are made to return the same JavaScript values here.
const typeParsers: Record<number, (value: string) => unknown> = {
  [INT8]: (v) => Number(v),
  [NUMERIC]: (v) => Number(v),
  [DATE]: (v) => v,
};

export function defaultDataDir(): string {
  return process.env.FRONTLINE_DATA_DIR || path.join(".data", "pglite");
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  const url = options.url ?? process.env.DATABASE_URL;
  if (url) {
    const pooler = options.pooler !== undefined ? options.pooler : poolerFromEnv();
    const handle = openPostgres(url, options.poolSize, pooler);
    if (pooler) {
      try {
        await assertDatabaseSettings(handle.db);
      } catch (error) {
        await handle.close();
        throw error;
      }
    }
    return handle;
  }
  return openPGlite(options.dataDir ?? defaultDataDir(), options.loadDataDir);
}

function poolerFromEnv(): "transaction" | null {
  const raw = process.env.PG_POOLER;
  if (raw === undefined || raw === "") return null;
  if (raw === "transaction") return raw;
  throw new Error(`PG_POOLER must be "transaction" (behind PgBouncer in transaction mode) or unset, not "${raw}".`);
}

/** Behind a pooler the session settings cannot be sent per connection: the database must carry them. */
async function assertDatabaseSettings(db: Kysely<Database>) {
  const names = Object.keys(SESSION_SETTINGS);
  const { rows } = await sql<{ name: string; setting: string | null; database: string }>`
    SELECT name, current_setting(name, true) AS setting, current_database() AS database FROM unnest(${names}::text[]) AS name`.execute(db);
  const wrong = rows.filter((r) => r.setting !== SESSION_SETTINGS[r.name]);
  if (wrong.length === 0) return;
  const database = `"${rows[0]!.database.replaceAll('"', '""')}"`;
  throw new Error(
    `Behind a pooler (PG_POOLER=transaction) the database must carry Frontline's session settings; as its owner run: ` +
      wrong.map((r) => `ALTER DATABASE ${database} SET ${r.name} = '${SESSION_SETTINGS[r.name]}';`).join(" "),
  );
}

function openPostgres(url: string, poolSize = Number(process.env.PG_POOL_SIZE ?? 10), pooler: "transaction" | null = null): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // Repeated statements are prepared once per connection (db/prepared-statements.ts), except
    // behind a pooler, where the next transaction may run on another server connection.
    Client: pooler ? pg.Client : PreparingClient,
    ...(pooler ? {} : { options: SESSION_OPTIONS }),
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        typeParsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server ends (a restart, a failover, an administrator) must not take the
  // process down: the pool drops it and opens a new one when needed.
  pool.on("error", (error) => console.error(`PostgreSQL closed an idle connection: ${error.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const parsed = new URL(url);
  return {
    db,
    kind: "postgres",
    location: `postgres://${parsed.host}${parsed.pathname}`,
    close: () => db.destroy(),
    // LISTEN holds one server connection for good, which a pooler in transaction mode cannot give:
    // DATABASE_LISTEN_URL points past it, at PostgreSQL itself.
    listen: (channel, onPayload, onGap, onLost) =>
      listenOnPostgres(process.env.DATABASE_LISTEN_URL || url, channel, onPayload, onGap, onLost),
  };
}

const RECONNECT_MS = 1_000;

/** One connection outside the pool that only listens, reconnecting (and reporting the gap) when it drops. */
async function listenOnPostgres(url: string, channel: string, onPayload: (payload: string) => void, onGap?: () => void, onLost?: () => void) {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on("notification", (message) => {
      if (message.channel === channel) onPayload(message.payload ?? "");
    });
    c.on("error", (error) => console.error(`The LISTEN connection failed: ${error.message}`));
    c.on("end", () => {
      if (client === c) client = null;
      if (stopped) return;
      onLost?.();
      scheduleReconnect();
    });
    await c.connect();
    await c.query(`LISTEN ${c.escapeIdentifier(channel)}`);
    if (stopped) {
      await c.end();
      return;
    }
    client = c;
  };
  const scheduleReconnect = () => {
    clearTimeout(retry);
    retry = setTimeout(() => {
      connect().then(
        () => onGap?.(),
        () => scheduleReconnect(),
      );
    }, RECONNECT_MS);
    retry.unref();
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}

async function openPGlite(dataDir: string, loadDataDir?: Blob): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith("memory://");
  const release = inMemory ? () => {} : acquireDataDirLock(dataDir);
  try {
    if (!inMemory) fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
    const pglite = await PGlite.create(inMemory ? undefined : dataDir, {
      // Extensions must be named at every open, or reopening the folder fails.
      extensions: { btree_gist, citext, pg_trgm },
      parsers: typeParsers,
      loadDataDir,
    });
    for (const [name, value] of Object.entries(SESSION_SETTINGS)) await pglite.query("SELECT set_config($1, $2, false)", [name, value]);
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    let closed = false;
    return {
      db,
      kind: "pglite",
      location: inMemory ? "memory://" : path.resolve(dataDir),
      dumpDataDir: () => pglite.dumpDataDir("none"),
      // PGlite delivers its own session's notifications after the committing statement.
      // Call it before serving: LISTEN issued inside an open transaction would share its fate.
      listen: async (channel, onPayload) => {
        const unlisten = await pglite.listen(channel, onPayload);
        return async () => {
          if (!closed) await unlisten();
        };
      },
      async close() {
        if (closed) return;
        closed = true;
        await db.destroy();
        await pglite.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * PGlite is one process at a time. A lock file beside the data folder holds
 * the owner's pid; a second opener gets a clear error instead of a corrupted
 * database. A lock left by a dead process is taken over.
 */
function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = `${path.resolve(dataDir)}.lock`;
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => fs.rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number(fs.readFileSync(lockPath, "utf8").trim());
      if (pid && pid !== process.pid && isAlive(pid)) throw new DatabaseInUseError(dataDir, pid);
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database at ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
