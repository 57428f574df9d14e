import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { signIn, signOut } from "../../server/auth/auth.service";
import { luciaFor } from "../../server/auth/lucia";
import { startSessionCache, type SessionCache } from "../../server/auth/session-cache";
import { setDisabled, setRole } from "../../server/users/users.service";
import { makeUser, TEST_PASSWORD } from "../setup/fixtures";
import { dbKind, freshDatabase, type TestDatabase } from "../setup/test-db";

/**
 * Session checks answered from memory must never outlive what the database
 * says: a sign-out, a disabled account or a new role reaches every server's
 * cache through the triggers' NOTIFY, and with LISTEN down nothing is cached.
 * On PostgreSQL the change is made through a second handle (another app server).
 */

let h: TestDatabase;
let cached: { cache: SessionCache; stop(): Promise<void> };
/** Where changes are made: another server's handle on PostgreSQL, the same one on PGlite. */
let other: DatabaseHandle;
const onPostgres = dbKind() === "postgres";
const admin = { id: null, label: "test", ip: null };

beforeAll(async () => {
  h = await freshDatabase();
  cached = await startSessionCache(h);
  other = onPostgres ? await openDatabase({ url: h.url!, poolSize: 2 }) : h;
});

afterAll(async () => {
  await cached.stop();
  if (other !== h) await other.close();
  await h.close();
});

async function signedIn(role: "agent" | "planner" = "agent") {
  const user = await makeUser(h.db, role);
  const { sessionId } = await signIn(h.db, { email: user.email, password: TEST_PASSWORD, ip: null, userAgent: null });
  return { user, sessionId };
}

const check = (sessionId: string) => luciaFor(h.db).validateSession(sessionId);

/** Waits for the notification to land (it arrives after the other server's commit). */
async function eventually(probe: () => Promise<boolean>) {
  const deadline = Date.now() + 5_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the session cache", () => {
  it("answers a repeated check from memory with the same user", async () => {
    const { user, sessionId } = await signedIn();
    const first = await check(sessionId);
    const hits = cached.cache.stats.hits;
    const second = await check(sessionId);
    expect(second.user).toEqual(first.user);
    expect(second.user?.id).toBe(user.id);
    expect(cached.cache.stats.hits).toBe(hits + 1);
  });

  it("forgets a session signed out on another server", async () => {
    const { sessionId } = await signedIn();
    expect((await check(sessionId)).session).not.toBeNull();
    await signOut(other.db, sessionId);
    await eventually(async () => (await check(sessionId)).session === null);
  });

  it("forgets a disabled user's sessions, and a changed role is seen", async () => {
    const a = await signedIn();
    const b = await signedIn("planner");
    expect((await check(a.sessionId)).user?.role).toBe("agent");
    expect((await check(b.sessionId)).user?.role).toBe("planner");
    await setRole(other.db, admin, a.user.id, "supervisor");
    await eventually(async () => (await check(a.sessionId)).user?.role === "supervisor");
    await setDisabled(other.db, admin, b.user.id, true);
    await eventually(async () => (await check(b.sessionId)).session === null);
  });

  it("forgets a session changed by plain SQL (the triggers, not the app, tell)", async () => {
    const { sessionId } = await signedIn();
    expect((await check(sessionId)).session).not.toBeNull();
    await other.db.deleteFrom("sessions").where("id", "=", sessionId).execute();
    await eventually(async () => (await check(sessionId)).session === null);
  });

  it("does not serve a session in the second half of its life: lucia renews it from the database", async () => {
    const { sessionId } = await signedIn();
    await check(sessionId);
    const soon = new Date(Date.now() + 60 * 60 * 1000);
    await h.db.updateTable("sessions").set({ expires_at: soon }).where("id", "=", sessionId).execute();
    await eventually(async () => {
      const { session } = await check(sessionId);
      return session !== null && session.fresh;
    });
    const row = await h.db.selectFrom("sessions").select("expires_at").where("id", "=", sessionId).executeTakeFirstOrThrow();
    expect(new Date(row.expires_at).getTime()).toBeGreaterThan(soon.getTime());
  });

  it.runIf(onPostgres)("stops caching while LISTEN is down, and starts again after it reconnects", async () => {
    const { sessionId } = await signedIn();
    await check(sessionId);
    expect(cached.cache.size).toBeGreaterThan(0);
    const { rows } = await sql<{ ended: boolean }>`
      SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
       WHERE datname = current_database() AND query = 'LISTEN "frontline_sessions"'`.execute(other.db);
    expect(rows).toEqual([{ ended: true }]);
    await eventually(async () => !cached.cache.enabled);
    expect(cached.cache.size).toBe(0);
    // Meanwhile every check reads the database: a sign-out is seen at once.
    const { sessionId: second } = await signedIn();
    await check(second);
    await other.db.deleteFrom("sessions").where("id", "=", second).execute();
    expect((await check(second)).session).toBeNull();
    await eventually(async () => cached.cache.enabled);
    await check(sessionId);
    expect((await check(sessionId)).session).not.toBeNull();
    expect(cached.cache.size).toBeGreaterThan(0);
  });
});
