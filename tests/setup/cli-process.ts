import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { dbKind, freshDatabase, type TestDatabase } from "./test-db";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `npm run cli -- …` as a separate process, for the test file (or describe block) that calls this:
 * on an on-disk PGlite folder of its own, or on a fresh PostgreSQL database when the run is on
 * PostgreSQL. Registers its own beforeAll/afterAll; `dataDir` is the PGlite folder.
 */
export function cliProcess(prefix: string) {
  let pg: TestDatabase | null = null;
  let dataDir = "";
  beforeAll(async () => {
    if (dbKind() === "postgres") pg = await freshDatabase();
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), prefix)), "pglite");
  });
  afterAll(async () => {
    await pg?.close();
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  function cli(...args: string[]): Promise<CliResult> {
    const env: NodeJS.ProcessEnv = { ...process.env, FRONTLINE_DATA_DIR: dataDir };
    if (pg) env.DATABASE_URL = pg.url!;
    else delete env.DATABASE_URL;
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", "server/cli.ts", ...args], { env });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  return {
    cli,
    /** The PGlite folder the command line uses (set once beforeAll has run). */
    dataDir: () => dataDir,
  };
}
