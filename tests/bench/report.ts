import fs from "node:fs";
import os from "node:os";
import type { LoadResult } from "./load";

export interface OperationResult extends LoadResult {
  name: string;
  description: string;
  floor: string | null;
  /** This operation's p95 over its floor's p95, when both ran. */
  p95RatioToFloor: number | null;
  /** A one-run operation's breakdown (e.g. rows per second per file). */
  detail?: string;
  /** CPU ms per request (measured phase) of the app server, the database backends and this client; null without /proc. */
  cpuMsPerRequest?: { app: number; database: number; client: number } | null;
}

export interface BenchReport {
  date: string;
  machine: {
    node: string;
    platform: string;
    arch: string;
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
  };
  database: {
    kind: "postgres";
    serverVersion: string;
    /** Without credentials. */
    location: string;
    appPoolSize: number;
  };
  settings: { durationS: number; warmupS: number };
  operations: OperationResult[];
}

export function withFloorRatios(results: Omit<OperationResult, "p95RatioToFloor">[]): OperationResult[] {
  return results.map((result) => {
    const floor = result.floor ? results.find((r) => r.name === result.floor) : undefined;
    const ratio = floor && floor.latencyMs.p95 > 0 ? result.latencyMs.p95 / floor.latencyMs.p95 : null;
    return { ...result, p95RatioToFloor: ratio !== null && Number.isFinite(ratio) ? ratio : null };
  });
}

export function machineDetails(): BenchReport["machine"] {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: os.platform(),
    arch: os.arch(),
    cpus: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  };
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : "-");

export function formatTable(report: BenchReport): string {
  const header = ["operation", "conc", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "p95 / floor", "cpu ms/req app+db+client"];
  const rows = report.operations.map((r) => [
    r.name,
    String(r.concurrency),
    String(r.requests),
    String(r.errors),
    r.throughputPerS.toFixed(r.throughputPerS < 100 ? 1 : 0),
    ms(r.latencyMs.p50),
    ms(r.latencyMs.p95),
    ms(r.latencyMs.p99),
    r.p95RatioToFloor === null ? "" : `${r.p95RatioToFloor.toFixed(1)}x`,
    r.cpuMsPerRequest ? [r.cpuMsPerRequest.app, r.cpuMsPerRequest.database, r.cpuMsPerRequest.client].map((v) => v.toFixed(2)).join("+") : "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  // Names read left-aligned, numbers right-aligned.
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ").trimEnd();
  const floors = report.operations
    .filter((r) => r.p95RatioToFloor !== null)
    .map((r) => `${r.name} over ${r.floor}`);
  const { machine, database, settings } = report;
  return [
    `Frontline bench · ${report.date} · node ${machine.node} · ${machine.cpus} CPUs (${machine.cpuModel})`,
    `PostgreSQL ${database.serverVersion} at ${database.location}, app pool ${database.appPoolSize} · ` +
      `${settings.warmupS} s warm-up + ${settings.durationS} s per operation, closed loop`,
    "",
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    ...(floors.length ? ["", `p95 / floor: ${floors.join("; ")}.`] : []),
    ...(report.operations.some((r) => r.cpuMsPerRequest)
      ? [
          "cpu ms/req: CPU time per request (after the warm-up) of the app server, the database's backends and this client; " +
            "less sensitive to other load than req/s: a quiet machine serves about cores × 1000 / (app + db) per second, " +
            "less while the client shares it.",
        ]
      : []),
    ...report.operations.filter((r) => r.detail).map((r) => `${r.name}: ${r.detail}`),
    ...report.operations
      .filter((r) => r.firstError)
      .map((r) => `${r.name}: ${r.errors} errors; first: ${r.firstError}`),
  ].join("\n");
}

export function writeResultsJson(file: string, report: BenchReport): void {
  fs.writeFileSync(file, `${JSON.stringify(report, roundNumbers, 2)}\n`);
}

// Microsecond precision is all a latency measured this way can claim.
function roundNumbers(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value;
}
