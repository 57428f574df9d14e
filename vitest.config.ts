import path from "node:path";
import { defineConfig } from "vitest/config";

const integration = (name: string, globalSetup: string) => ({
  extends: true as const,
  test: {
    name,
    include: ["tests/integration/**/*.test.ts"],
    globalSetup: [globalSetup],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    environment: "node",
    pool: "forks",
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      integration("integration:pglite", "tests/setup/global-pglite.ts"),
      // Real PostgreSQL too, whenever a server is given.
      ...(process.env.TEST_DATABASE_URL ? [integration("integration:postgres", "tests/setup/global-postgres.ts")] : []),
    ],
  },
});
