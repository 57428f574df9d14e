import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

// A second server of our own on its own embedded database: SIGTERM must close it and exit promptly.
test("the server closes the embedded database and exits promptly on SIGTERM and SIGINT", async () => {
  test.setTimeout(90_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-shutdown-"));
  const dataDir = path.join(dir, "pglite");
  try {
    for (const [signal, port] of [["SIGTERM", 3231], ["SIGINT", 3232]] as const) {
      const child = spawn(process.execPath, ["--import", "tsx", "server/start.ts"], {
        env: { ...process.env, PORT: String(port), FRONTLINE_DATA_DIR: dataDir, DATABASE_URL: "" },
        stdio: "ignore",
      });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      await expect
        .poll(async () => (await fetch(`http://localhost:${port}/healthz`).catch(() => null))?.status, { timeout: 60_000 })
        .toBe(200);
      expect(fs.existsSync(`${dataDir}.lock`)).toBe(true);
      const sentAt = Date.now();
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(Date.now() - sentAt).toBeLessThan(5_000);
      expect(fs.existsSync(`${dataDir}.lock`), "lock released").toBe(false);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
