import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// One built server on a throwaway embedded database, seeded with the demo logins.
const port = Number(process.env.E2E_PORT ?? 3210);
process.env.E2E_DATA_DIR ??= path.join(os.tmpdir(), `frontline-e2e-${process.pid}-${Date.now()}`, "pglite");

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  timeout: 30_000,
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "chromium", use: { browserName: "chromium" }, testIgnore: /console\.spec\.ts$/ },
    // The live console test routes real customers to the demo agent: it runs after every other test,
    // so none of them signs the agent out or takes their customers meanwhile.
    { name: "console", use: { browserName: "chromium" }, testMatch: /console\.spec\.ts$/, dependencies: ["chromium"] },
  ],
  webServer: {
    command: "node --import tsx server/start.ts",
    url: `http://localhost:${port}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(port),
      FRONTLINE_DATA_DIR: process.env.E2E_DATA_DIR,
      DATABASE_URL: "",
      NODE_ENV: "production",
    },
  },
});
