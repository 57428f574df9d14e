import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { PreparingClient } from "../../db/prepared-statements";
import { openDatabase, SESSION_OPTIONS } from "../../db/client";
import {
  analyzeScaleData,
  analyzeScaleInteractions,
  assertScaleSeedAllowed,
  parseScaleSize,
  progressPrinter,
  seedScale,
  seedScaleInteractions,
  type ScaleInteractionsResult,
  type ScaleSeedResult,
  type ScaleSize,
} from "../../db/scale-seed";
import { DEMO_PASSWORD, DEMO_USERS } from "../../db/seed";
import { freePort, startAppServer, type AppServer } from "./app-server";
import { signIn } from "./frontline-client";
import { LoopbackHttpClient } from "./http-client";
import { loadResult, runClosedLoop, runPhase, type PhaseResult } from "./load";
import { summarizeLatencies } from "./stats";
import { operations, type BenchContext, type BenchOperation } from "./operations";
import { formatTable, machineDetails, withFloorRatios, writeResultsJson, type OperationResult } from "./report";
import { BenchSetupError, createScratchDatabase, type ScratchDatabase } from "./scratch-database";
import { cpuPerRequest, cpuSnapshot } from "./cpu-usage";

/**
 * `npm run bench`: a scratch PostgreSQL database, the built app server on
 * it, then each registered operation under closed-loop load. Prints a table
 * and writes tests/bench/results.json.
 *
 * Operations that ask for it get the scale seed (BENCH_SCALE, default full)
 * on the scratch database, after the app has started: the app seeds its demo
 * users only into an empty database, and the auth operations sign in as them.
 *
 * Env: BENCH_DATABASE_URL, BENCH_DURATION_S (10), BENCH_WARMUP_S (2),
 * BENCH_ONLY (comma-separated operation names), BENCH_SCALE (small, full or a
 * multiplier), BENCH_KEEP_DB=1, BENCH_DB_NAME (frontline_bench), PORT.
 * BENCH_REUSE_DB=1 keeps the database between runs and seeds it only once per
 * BENCH_SCALE (the full CRM seed takes minutes): the seed's result is kept in
 * $TMPDIR/frontline-bench-scale-seed-<database>.json and the database is not dropped.
 * A database kept from before the seed made interactions gets just those added
 * (seedScaleInteractions; about 20 minutes for 5,000,000 on 2 busy cores), once.
 * BENCH_LOG_CONCURRENCY sets interactions.log's workers (16); BENCH_SERVER_NODE_ARGS
 * passes node flags to the app server (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const RESULTS_FILE = fileURLToPath(new URL("./results.json", import.meta.url));
const DEFAULT_SERVER_URL = "postgres://frontline:frontline@localhost/frontline_test";
const SCRATCH_DB = process.env.BENCH_DB_NAME || "frontline_bench";
const REUSE_DB = process.env.BENCH_REUSE_DB === "1";
const seedResultFile = (database: string) => path.join(os.tmpdir(), `frontline-bench-scale-seed-${database}.json`);
const MAX_REQUESTS_PER_PHASE = 1_000_000;

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new BenchSetupError(`${name} must be a positive number of seconds, not "${raw}".`);
  return value;
}

function selectedOperations(): BenchOperation[] {
  const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim()).filter(Boolean);
  if (!only?.length) return operations;
  const unknown = only.filter((name) => !operations.some((op) => op.name === name));
  if (unknown.length) {
    throw new BenchSetupError(
      `Unknown operation ${unknown.join(", ")} in BENCH_ONLY; known: ${operations.map((op) => op.name).join(", ")}.`,
    );
  }
  return operations.filter((op) => only.includes(op.name));
}

const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | null = null;

/** Runs once, last-registered first, whether the run ends normally, fails or is interrupted. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        console.error(`Cleanup failed: ${error instanceof Error ? error.message : error}`);
      }
    }
  })();
  return cleaning;
}

function benchScaleSize(sizeName: string): ScaleSize {
  try {
    return parseScaleSize(sizeName);
  } catch (error) {
    throw new BenchSetupError(`BENCH_SCALE: ${(error as Error).message}`);
  }
}

/**
 * Only the interactions, on a database kept (BENCH_REUSE_DB=1) from a run made before the scale
 * seed had them: the customers and shifts stay, so this takes the interactions' time, not the CRM's.
 */
async function seedScratchInteractions(url: string, sizeName: string): Promise<ScaleInteractionsResult> {
  const size = benchScaleSize(sizeName);
  console.error(`Scale seed "${size.name}": adding ${size.interactions} interactions to the kept data…`);
  const started = performance.now();
  const handle = await openDatabase({ url, poolSize: 1 });
  try {
    const result = await handle.db.transaction().execute(async (trx) => {
      await assertScaleSeedAllowed(trx);
      return seedScaleInteractions(trx, { size, onProgress: progressPrinter((line) => console.error(`  ${line}`)) });
    });
    const inserted = performance.now();
    await analyzeScaleInteractions(handle.db);
    const s = (inserted - started) / 1000;
    console.error(
      `Scale interactions "${size.name}": ${result.interactions} (${result.offShift} off shift, ${result.withCase} about a case, ` +
        `${result.withCsat} with csat) over ${result.shifts} shifts in ${s.toFixed(1)} s (${Math.round(result.interactions / s)} rows/s), ` +
        `${result.replaced} earlier removed; VACUUM ANALYZE ${((performance.now() - inserted) / 1000).toFixed(1)} s.`,
    );
    return result;
  } finally {
    await handle.close();
  }
}

/** The scale seed, in this process, on the scratch database; progress on stderr. */
async function seedScratchAtScale(url: string, sizeName: string): Promise<ScaleSeedResult> {
  const size = benchScaleSize(sizeName);
  console.error(`Scale seed "${size.name}"…`);
  const started = performance.now();
  const handle = await openDatabase({ url, poolSize: 1 });
  try {
    const result = await handle.db.transaction().execute(async (trx) => {
      await assertScaleSeedAllowed(trx);
      return seedScale(trx, { size, onProgress: progressPrinter((line) => console.error(`  ${line}`)) });
    });
    await analyzeScaleData(handle.db);
    console.error(
      `Scale seed "${size.name}" took ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
        `${result.agents} agents, ${result.shifts} shifts (${result.fromDate} to ${result.toDate}), ${result.openShifts} open; ` +
        `${result.crm.customers} customers, ${result.crm.contacts} contacts, ${result.crm.cases} cases, ${result.crm.notes} notes; ` +
        `${result.interactions.interactions} interactions (${result.interactions.offShift} off shift).`,
    );
    return result;
  } finally {
    await handle.close();
  }
}

async function main() {
  const durationS = positiveNumber("BENCH_DURATION_S", 10);
  const warmupS = positiveNumber("BENCH_WARMUP_S", 2);
  // Turns in which an operation and its floor share the measured time.
  const SLICES = Number(process.env.BENCH_SLICES ?? 4);
  if (!Number.isInteger(SLICES) || SLICES < 1) throw new BenchSetupError(`BENCH_SLICES must be a whole number from 1, not "${process.env.BENCH_SLICES}".`);
  const selected = selectedOperations();
  const serverUrl = process.env.BENCH_DATABASE_URL || DEFAULT_SERVER_URL;
  // The app's default (db/client.ts); the raw floor gets a pool of the same size.
  const appPoolSize = Number(process.env.PG_POOL_SIZE ?? 10);

  const scratch: ScratchDatabase = await createScratchDatabase(serverUrl, SCRATCH_DB, { reuse: REUSE_DB });
  if (process.env.BENCH_KEEP_DB === "1" || REUSE_DB) console.error(`Keeping database ${scratch.name}.`);
  else cleanups.push(() => scratch.drop());

  const port = process.env.PORT ? Number(process.env.PORT) : await freePort();
  console.error(`Starting the app on 127.0.0.1:${port} with database ${scratch.name}…`);
  const server: AppServer = await startAppServer({ cwd: REPO_ROOT, databaseUrl: scratch.url, port });
  cleanups.push(() => server.stop());

  const http = new LoopbackHttpClient(server.baseUrl);
  cleanups.push(async () => http.close());
  // The raw floors prepare repeated statements exactly as the app's pool does (db/prepared-statements.ts).
  const pool = new pg.Pool({
    connectionString: scratch.url,
    max: appPoolSize,
    Client: PreparingClient,
    options: SESSION_OPTIONS,
    connectionTimeoutMillis: 10_000,
    query_timeout: 30_000,
  });
  cleanups.push(() => pool.end());

  const scaleName = process.env.BENCH_SCALE || "full";
  let scale: ScaleSeedResult | null = null;
  if (selected.some((op) => op.scaleSeed)) {
    const file = seedResultFile(scratch.name);
    const kept = REUSE_DB && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as { scale: string; result: ScaleSeedResult }) : null;
    if (kept?.scale === scaleName) {
      console.error(`Reusing the scale seed "${scaleName}" already in ${scratch.name} (BENCH_REUSE_DB=1).`);
      scale = kept.result;
      // Kept from before the seed made interactions: add just those, and remember.
      if (!scale.interactions) {
        scale = { ...scale, interactions: await seedScratchInteractions(scratch.url, scaleName) };
        fs.writeFileSync(file, JSON.stringify({ scale: scaleName, result: scale }));
      }
    } else {
      scale = await seedScratchAtScale(scratch.url, scaleName);
      if (REUSE_DB) fs.writeFileSync(file, JSON.stringify({ scale: scaleName, result: scale }));
    }
  }

  const ctx: BenchContext = {
    http,
    pg: pool,
    signIn: (index = 0) => {
      const user = DEMO_USERS[index % DEMO_USERS.length];
      return signIn(http, user.email, DEMO_PASSWORD);
    },
    signInAs: (email, password) => signIn(http, email, password),
    scale,
    phaseSeconds: warmupS + durationS,
    serverUrl,
    scratchName: scratch.name,
  };

  const results: Omit<OperationResult, "p95RatioToFloor">[] = [];
  const done = new Set<string>();
  for (const op of selected) {
    if (op.once) {
      console.error(`→ ${op.name}: one run…`);
      const { rows, ms, detail } = await op.once(ctx);
      console.error(`  ${detail}`);
      results.push({
        name: op.name,
        description: op.description,
        floor: null,
        concurrency: op.concurrency,
        requests: rows,
        errors: 0,
        elapsedMs: ms,
        throughputPerS: ms > 0 ? (rows / ms) * 1000 : 0,
        latencyMs: summarizeLatencies([]),
        firstError: null,
        detail,
      });
      continue;
    }
    if (done.has(op.name)) continue;
    // An operation and its floor are measured in turns, slice by slice, so that both see the same
    // machine: this VM's speed drifts by 10–25 % within minutes, which a ratio of two runs made
    // minutes apart would carry.
    const floorOp = op.floor ? selected.find((o) => o.name === op.floor && !o.once) : undefined;
    const pair = floorOp ? [op, floorOp] : [op];
    const slices = floorOp ? SLICES : 1;
    console.error(
      `→ ${pair.map((o) => o.name).join(" and its floor ")}: ${op.concurrency} workers, ${warmupS} s warm-up + ${durationS} s` +
        (slices > 1 ? ` each, in ${slices} turns` : "") +
        "…",
    );
    const runs = [];
    for (const o of pair) {
      const prepared = await o.prepare!(ctx);
      let sent = 0;
      const request = (worker: number) => {
        sent++;
        return prepared(worker);
      };
      const phase = { concurrency: o.concurrency, maxRequests: MAX_REQUESTS_PER_PHASE, warmupMs: 0 };
      runs.push({ op: o, prepared, request, phase, sent: () => sent, phases: [] as PhaseResult[], cpu: { app: 0, database: 0, client: 0 }, counted: 0 });
    }
    // Warm-ups on their own, so the CPU time counted is the measured phases'.
    for (const r of runs) await runClosedLoop(r.prepared, { ...r.phase, durationMs: warmupS * 1000 });
    for (let slice = 0; slice < slices; slice++) {
      for (const r of runs) {
        const before = cpuSnapshot(server.pid, scratch.name);
        const sentBefore = r.sent();
        r.phases.push(await runPhase(r.request, r.op.concurrency, (durationS * 1000) / slices, MAX_REQUESTS_PER_PHASE));
        const total = cpuPerRequest(before, server.pid, scratch.name, 1);
        if (total) {
          r.cpu.app += total.app;
          r.cpu.database += total.database;
          r.cpu.client += total.client;
          r.counted += r.sent() - sentBefore;
        }
      }
    }
    for (const r of runs) {
      done.add(r.op.name);
      const cpuMsPerRequest =
        r.counted > 0 ? { app: r.cpu.app / r.counted, database: r.cpu.database / r.counted, client: r.cpu.client / r.counted } : null;
      results.push({
        name: r.op.name,
        description: r.op.description,
        floor: r.op.floor ?? null,
        ...loadResult(r.op.concurrency, r.phases),
        cpuMsPerRequest,
      });
    }
  }

  const { rows } = await pool.query<{ server_version: string }>("SHOW server_version");
  const location = new URL(scratch.url);
  const report = {
    date: new Date().toISOString(),
    machine: machineDetails(),
    database: {
      kind: "postgres" as const,
      serverVersion: rows[0].server_version,
      location: `postgres://${location.host}${location.pathname}`,
      appPoolSize,
    },
    settings: { durationS, warmupS },
    operations: withFloorRatios(results),
  };
  console.log(formatTable(report));
  writeResultsJson(RESULTS_FILE, report);
  console.error(`\nWrote ${RESULTS_FILE}`);
  return report.operations.some((op) => op.errors > 0) ? 1 : 0;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the benchmark…`);
    void cleanUp().then(() => process.exit(130));
  });
}

main()
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  })
  .catch(async (error) => {
    console.error(error instanceof BenchSetupError ? error.message : error);
    await cleanUp();
    process.exit(1);
  });
