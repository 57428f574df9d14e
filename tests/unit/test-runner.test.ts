import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildIsStale } from "../../server/http/build-freshness";
import { e2ePlan } from "../e2e-plan";

describe("npm test without a browser", () => {
  const none = () => false;
  it("skips the end-to-end suite loudly on a developer's machine", () => {
    const plan = e2ePlan({}, none);
    expect(plan.action).toBe("skip");
    expect(plan.action !== "run" && plan.banner[0]).toBe("END-TO-END TESTS SKIPPED: no Chromium at /usr/bin/chromium.");
  });
  it("fails under CI", () => {
    expect(e2ePlan({ CI: "true" }, none).action).toBe("fail");
  });
  it("runs when Debian's Chromium (or CHROMIUM_PATH) is there", () => {
    expect(e2ePlan({}, (p) => p === "/usr/bin/chromium")).toEqual({ action: "run", chromium: "/usr/bin/chromium" });
    expect(e2ePlan({ CHROMIUM_PATH: "/opt/c" }, (p) => p === "/opt/c").action).toBe("run");
  });
});

describe("npm start rebuilds only when needed", () => {
  let root = "";
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  function touch(file: string, secondsAgo: number) {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, "x");
    const t = new Date(Date.now() - secondsAgo * 1000);
    fs.utimesSync(full, t, t);
  }

  it("builds when the build is missing, older than a source, and not when it is newer", () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-build-"));
    touch("app/root.tsx", 100);
    touch("server/trpc/router.ts", 100);
    expect(buildIsStale(root)).toBe(true);
    touch("build/index.js", 50);
    // Directory mtimes count too; age them with their files.
    for (const dir of ["app", "server", "server/trpc"]) {
      const t = new Date(Date.now() - 100_000);
      fs.utimesSync(path.join(root, dir), t, t);
    }
    expect(buildIsStale(root)).toBe(false);
    touch("server/trpc/router.ts", 10);
    expect(buildIsStale(root)).toBe(true);
  });
});
