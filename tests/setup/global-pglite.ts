import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    dbKind: "pglite" | "postgres";
    pgliteBaseDump: string;
    postgresServerUrl: string;
    postgresTemplate: string;
  }
}

/** Migrates one in-memory PGlite and dumps it; every test file starts from a copy. */
export default async function setup(project: TestProject) {
  const handle = await openDatabase({ dataDir: "memory://" });
  await migrateToLatest(handle.db);
  const dump = await handle.dumpDataDir!();
  await handle.close();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-test-"));
  const file = path.join(dir, "base.tar");
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("dbKind", "pglite");
  project.provide("pgliteBaseDump", file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
