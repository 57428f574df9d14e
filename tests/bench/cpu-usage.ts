import fs from "node:fs";

/**
 * CPU time the app server and the database spent, from /proc (Linux). On a
 * shared machine req/s and latencies move with everyone else's load; CPU
 * milliseconds per request move much less, so they show what a request costs
 * and how many a quiet machine of N cores could serve (N × 1000 / the sum).
 */

/** Linux's USER_HZ: /proc times are in hundredths of a second. */
const TICKS_PER_S = 100;

/** utime + stime of a process (all its threads), in ms; null when it is gone or there is no /proc. */
function processCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may hold spaces) in parentheses: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
  } catch {
    return null;
  }
}

/** The PostgreSQL backends connected to `database` (their process titles read "postgres: … user database host …"). */
function backendPids(database: string): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of entries) {
    try {
      const title = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (title.startsWith("postgres: ") && title.split(" ").includes(database)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

export interface CpuSnapshot {
  app: number | null;
  backends: Map<number, number>;
  /** This process (the load generator). */
  client: NodeJS.CpuUsage;
}

export function cpuSnapshot(appPid: number | undefined, database: string): CpuSnapshot {
  const backends = new Map<number, number>();
  for (const pid of backendPids(database)) {
    const ms = processCpuMs(pid);
    if (ms !== null) backends.set(pid, ms);
  }
  return { app: appPid ? processCpuMs(appPid) : null, backends, client: process.cpuUsage() };
}

/**
 * CPU ms per request since `before`: the app server's, and the database backends' (those that
 * ended meanwhile are not counted; the pools keep theirs open). Null without /proc.
 */
export function cpuPerRequest(
  before: CpuSnapshot,
  appPid: number | undefined,
  database: string,
  requests: number,
): { app: number; database: number; client: number } | null {
  if (requests <= 0 || before.app === null) return null;
  const after = cpuSnapshot(appPid, database);
  if (after.app === null) return null;
  let db = 0;
  for (const [pid, ms] of after.backends) db += ms - (before.backends.get(pid) ?? 0);
  const client = process.cpuUsage(before.client);
  return { app: (after.app - before.app) / requests, database: db / requests, client: (client.user + client.system) / 1000 / requests };
}
