import { Kysely, PostgresDialect, PostgresDriver, type CompiledQuery, type DatabaseConnection, type Driver } from "kysely";
import pg from "pg";
import { SESSION_OPTIONS } from "../../db/client";
import type { Database } from "../../db/schema";

/**
 * Raw floors for services that send several statements whose text depends on
 * what the earlier ones found (search: the vocabulary first, then the
 * customers). Rather than copy that logic, the service runs once against a
 * Kysely that records every statement it sends — text, parameters, which
 * connection, and which were in flight together — and the floor then replays
 * exactly those statements through pg: the same SQL, same order, same
 * transactions, same concurrency, without tRPC, zod, Kysely or JSON.
 */

export interface RecordedStatement {
  sql: string;
  parameters: readonly unknown[];
  /** Which pool connection sent it (0, 1, …): a transaction's statements share one. */
  connection: number;
  /** Statements of one wave were sent before any of them answered (Promise.all). */
  wave: number;
}

// As db/client.ts parses them, so the service sees the values it sees in the app.
const typeParsers: Record<number, (value: string) => unknown> = {
  20: (v) => Number(v),
  1700: (v) => Number(v),
  1082: (v) => v,
};

class RecordingDriver extends PostgresDriver {
  log: RecordedStatement[] | null = null;
  private connections = new WeakMap<DatabaseConnection, number>();
  private wave = 0;
  private answered = 0;

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    if (!this.connections.has(connection)) this.connections.set(connection, nextConnectionId++);
    return new Proxy(connection, {
      get: (target, prop) => {
        // Everything but executeQuery (the private release symbol included) goes to the real connection.
        if (prop !== "executeQuery") {
          const value = Reflect.get(target, prop, target) as unknown;
          return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        }
        return async (query: CompiledQuery) => {
          if (this.log) {
            // A new wave starts once something answered since the last statement was sent.
            if (this.answered > 0) {
              this.wave++;
              this.answered = 0;
            }
            this.log.push({ sql: query.sql, parameters: query.parameters, connection: this.connections.get(target)!, wave: this.wave });
          }
          try {
            return await target.executeQuery(query);
          } finally {
            this.answered++;
          }
        };
      },
    });
  }

  start() {
    this.log = [];
    this.wave = 0;
    this.answered = 0;
  }

  stop(): RecordedStatement[] {
    const log = this.log ?? [];
    this.log = null;
    // Connection ids as 0, 1, … in order of first use.
    const ids = new Map<number, number>();
    return log.map((s) => {
      if (!ids.has(s.connection)) ids.set(s.connection, ids.size);
      return { ...s, connection: ids.get(s.connection)! };
    });
  }
}

let nextConnectionId = 1;

export interface Recorder {
  db: Kysely<Database>;
  /** Runs `work` and returns every statement it sent. */
  record(work: (db: Kysely<Database>) => Promise<unknown>): Promise<RecordedStatement[]>;
  close(): Promise<void>;
}

export function statementRecorder(url: string, poolSize: number): Recorder {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    options: SESSION_OPTIONS,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        typeParsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  let driver: RecordingDriver | null = null;
  class RecordingDialect extends PostgresDialect {
    override createDriver(): Driver {
      driver = new RecordingDriver({ pool });
      return driver;
    }
  }
  const db = new Kysely<Database>({ dialect: new RecordingDialect({ pool }) });
  let busy = false;
  return {
    db,
    async record(work) {
      if (busy) throw new Error("One recording at a time.");
      busy = true;
      try {
        // Kysely creates the driver on first use.
        await db.selectNoFrom((eb) => eb.val(1).as("one")).execute();
        driver!.start();
        await work(db);
        return driver!.stop();
      } finally {
        busy = false;
      }
    },
    close: () => db.destroy(),
  };
}

/**
 * Sends recorded statements through `pool`: wave after wave, a wave's statements at once, each
 * recorded connection mapped to one pool client for the whole replay (so transactions hold).
 * Returns the last statement's row count.
 */
export async function replay(pool: pg.Pool, statements: RecordedStatement[]): Promise<number> {
  let rows = 0;
  for (let i = 0; i < statements.length; ) {
    const wave = statements[i]!.wave;
    const batch: RecordedStatement[] = [];
    while (i < statements.length && statements[i]!.wave === wave) batch.push(statements[i++]!);
    // Statements of one connection in one wave go one after another on one client, as the connection
    // runs them; each client is held only for its own statements (as Kysely holds a pooled one), so
    // concurrent replays never hold some clients while waiting for more.
    const byConnection = new Map<number, RecordedStatement[]>();
    for (const s of batch) byConnection.set(s.connection, [...(byConnection.get(s.connection) ?? []), s]);
    await Promise.all(
      [...byConnection.values()].map(async (list) => {
        const client = await pool.connect();
        let failed = false;
        try {
          for (const s of list) rows = (await client.query(s.sql, s.parameters as unknown[])).rowCount ?? 0;
        } catch (error) {
          failed = true;
          throw error;
        } finally {
          client.release(failed ? true : undefined);
        }
      }),
    );
  }
  return rows;
}
