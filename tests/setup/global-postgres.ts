import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { adminQuery, databaseUrl } from "./postgres-admin";

/**
 * Migrates one template database on the PostgreSQL server named by
 * TEST_DATABASE_URL; every test file gets its own database copied from it.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL!;
  const template = `frontline_tpl_${process.pid}`;
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${template}`);
  await adminQuery(serverUrl, `CREATE DATABASE ${template}`);
  const handle = await openDatabase({ url: databaseUrl(serverUrl, template), poolSize: 1 });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
  project.provide("dbKind", "postgres");
  project.provide("postgresServerUrl", serverUrl);
  project.provide("postgresTemplate", template);
  return async () => {
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  };
}
