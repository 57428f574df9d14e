import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { cliProcess } from "../setup/cli-process";
import { dbKind } from "../setup/test-db";

// The command line runs as a separate process, on an on-disk PGlite folder
// or on this file's PostgreSQL database.
const { cli, dataDir } = cliProcess("frontline-cli-");

describe("npm run cli", () => {
  it("migrates up and reports status", async () => {
    const up = await cli("migrate");
    expect(up.code, up.stderr).toBe(0);
    const status = await cli("migrate", "status");
    expect(status.stdout).toMatch(/^applied {2}20261125_0001_foundation/m);
  });

  it("creates a user with a role", async () => {
    const r = await cli("create-user", "--email", "Cli.Admin@Example.com", "--role", "admin", "--password", "cli password 123");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Created cli\.admin@example\.com \(admin\)/);
  });

  it("creates an API key, prints it once, lists and revokes it", async () => {
    const created = await cli("api-key", "create", "--name", "Support bot", "--rate-limit", "120");
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^flk_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/shown once/);
    const listed = await cli("api-key", "list");
    expect(listed.stdout).toContain(`${token.slice(0, 12)}…  Support bot  120/min  last used never`);
    expect(listed.stdout).not.toContain(token);
    const twice = await cli("api-key", "create", "--name", "support BOT");
    expect(twice.code).toBe(1);
    expect(twice.stderr.trim()).toBe('error: A live key is already named "support BOT". Revoke it first or choose another name.');
    const revoked = await cli("api-key", "revoke", "--name", "Support bot");
    expect(revoked.code, revoked.stderr).toBe(0);
    expect((await cli("api-key", "list")).stdout).toMatch(/Support bot .* REVOKED/);
    expect((await cli("api-key", "create")).code).toBe(64);
  }, 120_000); // five processes, each opening the database

  it("answers bad input with one clear line and a non-zero exit, changing nothing", async () => {
    const r = await cli("create-user", "--email", "nobody", "--role", "boss", "--password", "x");
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: --email: Enter a valid email address\.; --role: Choose one of/);
    const dup = await cli("create-user", "--email", "cli.admin@example.com", "--role", "hr", "--password", "another password");
    expect(dup.code).toBe(1);
    expect(dup.stderr.trim()).toBe("error: A user with the email cli.admin@example.com already exists.");
  });

  it("refuses to seed demo data next to real users", async () => {
    const r = await cli("seed");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Refusing to seed demo data: this database holds 1 real user/);
  });

  it("rejects an unknown command", async () => {
    const r = await cli("frobnicate");
    expect(r.code).toBe(64);
    expect(r.stderr.trim()).toBe('error: Unknown command "frobnicate". Run "npm run cli -- help".');
  });

  // Only the embedded database is one-process-at-a-time; PostgreSQL serves many.
  it.runIf(dbKind() === "pglite")("says clearly when the app holds the embedded database", async () => {
    const holder = await openDatabase({ dataDir: dataDir() });
    try {
      const r = await cli("migrate", "status");
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/is in use by another Frontline process \(pid \d+\)/);
    } finally {
      await holder.close();
    }
    expect((await cli("migrate", "status")).code).toBe(0);
  });
});
