import fs from "node:fs";
import crypto from "node:crypto";
import { inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { adminQuery, databaseUrl } from "./postgres-admin";

export interface TestDatabase extends DatabaseHandle {
  /** A second, independent connection pool on the same database (PostgreSQL), for races. */
  url: string | null;
}

/**
 * A fresh migrated database for one test file: a copy of the base dump on
 * PGlite, or a new database from the migrated template on PostgreSQL.
 */
export async function freshDatabase(): Promise<TestDatabase> {
  if (inject("dbKind") === "postgres") {
    // Maintenance statements go through the server URL's own database, never the template,
    // since a connection to the template would block every other copy.
    const serverUrl = inject("postgresServerUrl");
    const template = inject("postgresTemplate");
    const name = `frontline_t_${crypto.randomBytes(6).toString("hex")}`;
    await createFromTemplate(serverUrl, name, template);
    const url = databaseUrl(serverUrl, name);
    const handle = await openDatabase({ url, poolSize: 8 });
    return {
      ...handle,
      url,
      async close() {
        await handle.close();
        await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  const dump = fs.readFileSync(inject("pgliteBaseDump"));
  const handle = await openDatabase({ dataDir: "memory://", loadDataDir: new Blob([dump]) });
  return { ...handle, url: null };
}

async function createFromTemplate(serverUrl: string, name: string, template: string) {
  // Two files copying the template at the same instant can collide; try again.
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
      return;
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}

export const dbKind = () => inject("dbKind");
