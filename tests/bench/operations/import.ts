import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../../../db/client";
import { migrateToLatest } from "../../../db/migrate";
import { importSalesforceExport, type SalesforceImportSummary } from "../../../server/crm/salesforce-import";
import { BENCH_EXPORT_SIZE, generateSalesforceExport } from "../salesforce-export-generator";
import { cpuSnapshot } from "../cpu-usage";
import { createScratchDatabase } from "../scratch-database";
import type { BenchOperation } from "./types";

/**
 * The CRM issue's import target (≥ 20,000 rows/s): a synthetic Salesforce
 * export (tests/bench/salesforce-export-generator.ts; 100,000 Accounts,
 * 200,000 Contacts and Cases, 100,000 Tasks, or BENCH_IMPORT_ACCOUNTS accounts
 * with twice as many contacts and cases and as many tasks) imported into an empty database of its own, then
 * imported again (the weekly re-run, which changes nothing). One run each,
 * not a latency loop.
 */

function exportSize() {
  const raw = process.env.BENCH_IMPORT_ACCOUNTS;
  const accounts = raw ? Number(raw) : BENCH_EXPORT_SIZE.accounts;
  if (!Number.isInteger(accounts) || accounts < 1) throw new Error(`BENCH_IMPORT_ACCOUNTS must be a positive whole number, not "${raw}".`);
  return { accounts, contacts: accounts * 2, cases: accounts * 2, tasks: accounts };
}

const OBJECTS = ["Account", "Contact", "Case", "Task"] as const;

// CPU seconds of Node (parsing, checking) and of the database's backends (writing, its triggers and
// indexes): the import overlaps the two, so the wall time is near the larger when both have a core.
const perFile = (summary: SalesforceImportSummary, seconds: Record<string, number>, cpu: { node: number; database: number | null }) =>
  `${OBJECTS.map(
    (o) => `${o} ${summary.objects[o].rows.toLocaleString("en")} in ${seconds[o]!.toFixed(1)} s = ${Math.round(summary.objects[o].rows / seconds[o]!).toLocaleString("en")}/s`,
  ).join(", ")}; CPU: Node ${cpu.node.toFixed(1)} s, PostgreSQL ${cpu.database === null ? "?" : `${cpu.database.toFixed(1)} s`}`;

async function timedImport(url: string, dir: string) {
  const handle = await openDatabase({ url, poolSize: 2 });
  try {
    await migrateToLatest(handle.db);
    const seconds: Record<string, number> = {};
    const database = decodeURIComponent(new URL(url).pathname.slice(1));
    const cpu = cpuSnapshot(undefined, database);
    let last = performance.now();
    const started = last;
    const summary = await importSalesforceExport(handle.db, dir, {
      onProgress: (line) => {
        const m = /^(Account|Contact|Case|Task)\.csv: done/.exec(line);
        if (m) {
          const now = performance.now();
          seconds[m[1]!] = (now - last) / 1000;
          last = now;
        }
      },
    });
    const ms = performance.now() - started;
    const after = cpuSnapshot(undefined, database);
    const node = process.cpuUsage(cpu.client);
    let db = 0;
    for (const [pid, cpuMs] of after.backends) db += cpuMs - (cpu.backends.get(pid) ?? 0);
    const rows = OBJECTS.reduce((n, o) => n + summary.objects[o].rows, 0);
    // Backends that ended meanwhile (an autovacuum worker) are not counted; no /proc, no number.
    return { rows, ms, summary, seconds, cpu: { node: (node.user + node.system) / 1e6, database: after.backends.size ? db / 1000 : null } };
  } finally {
    await handle.close();
  }
}

let prepared: Promise<{ dir: string; url: string; drop: () => Promise<void> }> | null = null;

/** The export and an empty database, made once for both operations. */
function prepare(serverUrl: string, scratchName: string) {
  prepared ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-sf-export-"));
    const size = exportSize();
    console.error(`  generating a Salesforce export: ${size.accounts} accounts, ${size.contacts} contacts, ${size.cases} cases, ${size.tasks} tasks…`);
    generateSalesforceExport(dir, size);
    const db = await createScratchDatabase(serverUrl, `${scratchName}_import`);
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    return {
      dir,
      url: db.url,
      drop: async () => {
        fs.rmSync(dir, { recursive: true, force: true });
        await db.drop();
      },
    };
  })();
  return prepared;
}

export const importOperations: BenchOperation[] = [
  {
    name: "import.salesforce fresh",
    description: "npm run cli -- import salesforce: a synthetic export (Account, Contact, Case, Task) into an empty database; rows per second over all four files",
    concurrency: 1,
    async once(ctx) {
      const { dir, url } = await prepare(ctx.serverUrl, ctx.scratchName);
      const run = await timedImport(url, dir);
      const created = OBJECTS.reduce((n, o) => n + run.summary.objects[o].created, 0);
      // Task.csv's to-dos and calls not made yet (about 15%) are skipped by design.
      if (created < run.rows * 0.85) throw new Error(`The fresh import created only ${created} of ${run.rows} rows.`);
      return { rows: run.rows, ms: run.ms, detail: perFile(run.summary, run.seconds, run.cpu) };
    },
  },
  {
    name: "import.salesforce re-run",
    description: "the same export imported again (nothing changes; every row is read, looked up and compared)",
    concurrency: 1,
    async once(ctx) {
      const p = await prepare(ctx.serverUrl, ctx.scratchName);
      try {
        let run = await timedImport(p.url, p.dir);
        if (run.summary.objects.Account.created + run.summary.objects.Account.updated > 0) {
          // The fresh operation did not run first: this was the fresh import; time the re-run now.
          run = await timedImport(p.url, p.dir);
        }
        const changed = OBJECTS.reduce((n, o) => n + run.summary.objects[o].created + run.summary.objects[o].updated, 0);
        if (changed > 0) throw new Error(`The re-run changed ${changed} rows; it should change none.`);
        return { rows: run.rows, ms: run.ms, detail: perFile(run.summary, run.seconds, run.cpu) };
      } finally {
        await p.drop();
        prepared = null;
      }
    },
  },
];
