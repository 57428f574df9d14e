import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const SOURCES = ["app", "server", "db", "remix.config.js", "tailwind.config.ts", "postcss.config.js", "package.json"];
export const SERVER_BUILD = path.join("build", "index.js");

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/** True when the server build is missing or older than any source it is built from. */
export function buildIsStale(root = "."): boolean {
  const built = path.join(root, SERVER_BUILD);
  if (!fs.existsSync(built)) return true;
  const builtAt = fs.statSync(built).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > builtAt);
}

/** Runs `remix build` when the build is missing or stale. */
export function ensureBuild(root = "."): void {
  if (!buildIsStale(root)) return;
  console.log("Building the app (remix build)…");
  const result = spawnSync("npx", ["remix", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error("remix build failed; see the output above.");
}
