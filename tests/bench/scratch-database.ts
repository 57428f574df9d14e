import pg from "pg";
import { isLoopbackHost } from "./http-client";
import { adminQuery, databaseUrl } from "../setup/postgres-admin";

/** A setup problem the user can fix; printed as one line, without a stack. */
export class BenchSetupError extends Error {}

const START_HINT = "start it with: pg_ctlcluster --skip-systemctl-redirect 15 main start";
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOENT", "EHOSTUNREACH", "ETIMEDOUT", "EAI_AGAIN", "57P03"]);

export interface ScratchDatabase {
  name: string;
  url: string;
  /** Drops the database (disconnecting whoever is still in it). */
  drop(): Promise<void>;
}

/**
 * Creates an empty database on the server of `serverUrl`, replacing one left by an earlier run
 * (or, with `reuse`, keeping one that exists).
 */
export async function createScratchDatabase(serverUrl: string, name: string, options: { reuse?: boolean } = {}): Promise<ScratchDatabase> {
  const parsed = new URL(serverUrl);
  const host = decodeURIComponent(parsed.hostname);
  // An empty host or a socket folder means a local Unix socket.
  if (host && !host.startsWith("/") && !isLoopbackHost(host)) {
    throw new BenchSetupError(`BENCH_DATABASE_URL must point at a PostgreSQL on this machine, not ${host}.`);
  }
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new BenchSetupError(`Not a plain database name: ${name}`);
  const where = `postgres://${parsed.host}${parsed.pathname}`;
  try {
    const exists = options.reuse && (await databaseExists(serverUrl, name));
    if (!exists) {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    const reason = error instanceof Error ? error.message : String(error);
    if (UNREACHABLE_CODES.has(code) || (error instanceof AggregateError && error.errors.length)) {
      throw new BenchSetupError(`PostgreSQL is not reachable at ${where} (${code || reason}); ${START_HINT}`);
    }
    throw new BenchSetupError(`Could not create the scratch database ${name} at ${where}: ${reason}`);
  }
  return {
    name,
    url: databaseUrl(serverUrl, name),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rows.length > 0;
  } finally {
    await client.end();
  }
}
