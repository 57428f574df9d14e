import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { openDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "../db/seed";
import { ensureBuild, SERVER_BUILD } from "./http/build-freshness";
import { createHttpApp } from "./http/app";
import { countUsers } from "./users/users.service";
import { markInterruptedImportRuns } from "./crm/import-runs.service";
import { startLiveHub } from "./support/live";
import { startSessionCache } from "./auth/session-cache";
import { routingOptionsFromEnv, startHandoffSweeper } from "./support/routing.service";

/**
 * `npm start`: build if needed, open and migrate the database, seed demo
 * data into an empty one, serve. Closes the database on SIGTERM/SIGINT.
 */
async function main() {
  process.env.NODE_ENV ??= "production";
  ensureBuild();
  const handle = await openDatabase();
  const applied = await migrateToLatest(handle.db);
  if (applied.length) console.log(`Migrated: ${applied.join(", ")}`);
  const interrupted = await markInterruptedImportRuns(handle.db, { everyRun: handle.kind === "pglite" });
  if (interrupted) console.log(`Marked ${interrupted} import run(s) left running by a stopped server as failed.`);

  const users = await countUsers(handle.db);
  if (users.total === 0) {
    const seeded = await handle.db.transaction().execute((trx) => seedDemo(trx));
    console.log(`Seeded demo data (${seeded.usersCreated} users).`);
  }

  // Live updates (LISTEN) and the handoff timers (offer deadlines, SLA escalation, routing).
  const live = await startLiveHub(handle);
  // Signed-in requests check their session in memory; the database's triggers say when to forget.
  const sessions = await startSessionCache(handle);
  const routing = routingOptionsFromEnv();
  const stopSweeper = startHandoffSweeper(handle.db, routing);

  const build = (await import(pathToFileURL(path.resolve(SERVER_BUILD)).href)) as ServerBuild;
  const app = createHttpApp({
    db: handle.db,
    build,
    live: live.hub,
    trustProxy: process.env.TRUST_PROXY ? parseTrustProxy(process.env.TRUST_PROXY) : false,
  });
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "0.0.0.0";
  const server = app.listen(port, host, async () => {
    const url = `http://localhost:${port}`;
    console.log(`Frontline is running at ${url} (database: ${handle.kind}, ${handle.location})`);
    const { real } = await countUsers(handle.db);
    if (real === 0) {
      console.log(`Demo logins (password "${DEMO_PASSWORD}"):`);
      for (const u of DEMO_USERS) console.log(`  ${u.email.padEnd(24)} ${u.role}`);
    }
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down…`);
    const force = setTimeout(() => server.closeAllConnections(), 5_000);
    force.unref();
    server.close();
    server.closeIdleConnections();
    stopSweeper();
    // Ends the live streams, so the server can close.
    await live.stop();
    await sessions.stop();
    await handle.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

function parseTrustProxy(value: string): string | boolean | number {
  if (value === "true") return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
