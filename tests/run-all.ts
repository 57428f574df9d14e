/**
 * `npm test`: every test. Unit and integration tests (PGlite always; real
 * PostgreSQL too when TEST_DATABASE_URL is set), then the end-to-end tests
 * in Debian's Chromium against the built app. Without a Chromium the
 * end-to-end part is skipped loudly; with CI set that is a failure.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { ensureBuild } from "../server/http/build-freshness";

import { e2ePlan } from "./e2e-plan";

const totals = { passed: 0, failed: 0, skipped: 0 };

function run(command: string, args: string[]): number {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  return result.status ?? 1;
}

function readJson(file: string): any {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function banner(lines: string[]) {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  console.log(`\n${"!".repeat(width)}`);
  for (const line of lines) console.log(`! ${line.padEnd(width - 4)} !`);
  console.log(`${"!".repeat(width)}\n`);
}

fs.rmSync("test-results", { recursive: true, force: true });
fs.mkdirSync("test-results", { recursive: true });
if (!process.env.TEST_DATABASE_URL) {
  console.log("TEST_DATABASE_URL is not set: integration tests run on PGlite only (set it to add real PostgreSQL).");
}

const vitestCode = run("npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  "--outputFile.json=test-results/vitest.json",
]);
const vitest = readJson("test-results/vitest.json");
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests;
  totals.skipped += vitest.numPendingTests + vitest.numTodoTests;
} else if (vitestCode !== 0) totals.failed += 1;

let e2eCode = 0;
const plan = e2ePlan({ CI: process.env.CI, CHROMIUM_PATH: process.env.CHROMIUM_PATH }, fs.existsSync);
if (plan.action !== "run") {
  banner(plan.banner);
  if (plan.action === "fail") {
    console.error("CI is set, so a skipped end-to-end suite is a failure.");
    e2eCode = 1;
    totals.failed += 1;
  }
} else {
  ensureBuild();
  e2eCode = run("npx", ["playwright", "test"]);
  const e2e = readJson("test-results/e2e.json");
  if (e2e?.stats) {
    totals.passed += e2e.stats.expected;
    totals.failed += e2e.stats.unexpected + (e2e.stats.flaky ?? 0);
    totals.skipped += e2e.stats.skipped;
  } else if (e2eCode !== 0) totals.failed += 1;
}

console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(vitestCode !== 0 || e2eCode !== 0 ? 1 : 0);
