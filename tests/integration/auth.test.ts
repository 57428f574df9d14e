import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signIn } from "../../server/auth/auth.service";
import { SESSION_LIFETIME } from "../../server/auth/lucia";
import { ACCOUNT_POLICY, ADDRESS_POLICY } from "../../server/auth/throttle";
import { createRequestContext } from "../../server/trpc/context";
import { callerFor, errorOf, makeUser, TEST_PASSWORD } from "../setup/fixtures";
import { freshDatabase, type TestDatabase } from "../setup/test-db";

let h: TestDatabase;
beforeAll(async () => {
  h = await freshDatabase();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.db.deleteFrom("auth_throttle").execute();
});

function cookieFrom(headers: Headers): string {
  const set = headers.getSetCookie().find((c) => c.startsWith("frontline_session="));
  if (!set) throw new Error("no session cookie set");
  return set;
}

async function requestAs(cookie: string | null, url = "http://app.test/") {
  const resHeaders = new Headers();
  const request = new Request(url, { headers: cookie ? { cookie: cookie.split(";")[0]! } : {} });
  const ctx = await createRequestContext({ db: h.db, request, resHeaders, ip: "198.51.100.1" });
  return { ctx, resHeaders };
}

async function login(email: string, password = TEST_PASSWORD, extra: { secure?: boolean; ip?: string } = {}) {
  const { caller, ctx } = callerFor(h.db, null, { secure: extra.secure ?? false, ip: extra.ip ?? "203.0.113.7" });
  const result = await caller.auth.login({ email, password });
  return { result, cookie: cookieFrom(ctx.resHeaders) };
}


describe("sign-in", () => {
  it("opens a session with an HttpOnly, SameSite=Lax cookie that auth.me accepts", async () => {
    const user = await makeUser(h.db, "planner");
    const { result, cookie } = await login(user.email.toUpperCase());
    expect(result.user).toMatchObject({ id: user.id, role: "planner" });
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const { ctx } = await requestAs(cookie);
    expect(ctx.user).toEqual({ id: user.id, email: user.email, name: user.name, role: "planner" });
  });

  it("marks the cookie Secure when the request came over HTTPS", async () => {
    const user = await makeUser(h.db);
    const { cookie } = await login(user.email, TEST_PASSWORD, { secure: true });
    expect(cookie).toMatch(/; Secure/);
  });

  it("stores the password as an argon2id hash", async () => {
    const user = await makeUser(h.db);
    const row = await h.db.selectFrom("users").select("password_hash").where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it("refuses a wrong password and an unknown email with the same message", async () => {
    const user = await makeUser(h.db);
    const wrong = await errorOf(login(user.email, "not the password"));
    const unknown = await errorOf(login("nobody@example.com", "whatever-password"));
    expect(wrong.code).toBe("BAD_REQUEST");
    expect(wrong.message).toBe("The email or password is not right.");
    expect(unknown.message).toBe(wrong.message);
  });

  it("rejects a malformed email with a field error and counts nothing", async () => {
    const error = await errorOf(login("not-an-email", "x"));
    expect(error.code).toBe("BAD_REQUEST");
    expect(await h.db.selectFrom("auth_throttle").selectAll().execute()).toHaveLength(0);
  });

  it("logout ends the session and clears the cookie", async () => {
    const user = await makeUser(h.db);
    const { cookie } = await login(user.email);
    const { ctx } = await requestAs(cookie);
    const out = callerFor(h.db, ctx.user, { sessionId: ctx.sessionId });
    await out.caller.auth.logout();
    expect(out.ctx.resHeaders.getSetCookie()[0]).toMatch(/frontline_session=;.*Max-Age=0/);
    expect((await requestAs(cookie)).ctx.user).toBeNull();
  });
});

describe("sliding expiry", () => {
  it("renews a session used in the second half of its life and re-sends the cookie", async () => {
    const user = await makeUser(h.db);
    const { cookie } = await login(user.email);
    const { ctx } = await requestAs(cookie);
    const soon = new Date(Date.now() + 60 * 60_000); // 1 h left of 12
    await h.db.updateTable("sessions").set({ expires_at: soon }).where("id", "=", ctx.sessionId!).execute();

    const again = await requestAs(cookie);
    expect(again.ctx.user?.id).toBe(user.id);
    expect(again.resHeaders.getSetCookie()[0]).toMatch(/frontline_session=/);
    const row = await h.db.selectFrom("sessions").select("expires_at").where("id", "=", ctx.sessionId!).executeTakeFirstOrThrow();
    expect(new Date(row.expires_at).getTime()).toBeGreaterThan(Date.now() + SESSION_LIFETIME.milliseconds() - 60_000);
  });

  it("does not accept an expired session, and clears its cookie", async () => {
    const user = await makeUser(h.db);
    const { cookie } = await login(user.email);
    const { ctx } = await requestAs(cookie);
    await h.db.updateTable("sessions").set({ expires_at: new Date(Date.now() - 1000) }).where("id", "=", ctx.sessionId!).execute();
    const again = await requestAs(cookie);
    expect(again.ctx.user).toBeNull();
    expect(again.resHeaders.getSetCookie()[0]).toMatch(/Max-Age=0/);
  });
});

describe("sessions end", () => {
  it("when the user changes their password: every old session ends, the new one works", async () => {
    const user = await makeUser(h.db);
    const first = await login(user.email);
    const second = await login(user.email);
    const { ctx } = await requestAs(first.cookie);
    const me = callerFor(h.db, ctx.user, { sessionId: ctx.sessionId });
    await me.caller.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: "a brand new passphrase" });
    expect((await requestAs(first.cookie)).ctx.user).toBeNull();
    expect((await requestAs(second.cookie)).ctx.user).toBeNull();
    const renewed = cookieFrom(me.ctx.resHeaders);
    expect((await requestAs(renewed)).ctx.user?.id).toBe(user.id);
    await expect(login(user.email, "a brand new passphrase")).resolves.toBeTruthy();
  });

  it("refuses a password change with the wrong current password, changing nothing", async () => {
    const user = await makeUser(h.db);
    const { cookie } = await login(user.email);
    const { ctx } = await requestAs(cookie);
    const error = await errorOf(
      callerFor(h.db, ctx.user).caller.auth.changePassword({ currentPassword: "wrong one", newPassword: "another passphrase" }),
    );
    expect(error.message).toBe("Your current password is not right.");
    expect((await requestAs(cookie)).ctx.user?.id).toBe(user.id);
  });

  it("when an admin disables the user: sessions end and sign-in is refused", async () => {
    const admin = await makeUser(h.db, "admin");
    const user = await makeUser(h.db);
    const { cookie } = await login(user.email);
    await callerFor(h.db, admin).caller.users.setDisabled({ userId: user.id, disabled: true });
    expect((await requestAs(cookie)).ctx.user).toBeNull();
    const error = await errorOf(login(user.email));
    expect(error.message).toMatch(/disabled/);
  });

  it("a disabled user's surviving session row does not validate", async () => {
    const user = await makeUser(h.db);
    const { cookie } = await login(user.email);
    await h.db.updateTable("users").set({ disabled_at: new Date() }).where("id", "=", user.id).execute();
    expect((await requestAs(cookie)).ctx.user).toBeNull();
  });
});

describe("throttling failed sign-ins", () => {
  it(`locks an account after ${ACCOUNT_POLICY.maxFailures} failures, even for the right password`, async () => {
    const user = await makeUser(h.db);
    for (let i = 1; i < ACCOUNT_POLICY.maxFailures; i++) {
      expect((await errorOf(login(user.email, "wrong password"))).code).toBe("BAD_REQUEST");
    }
    const locking = await errorOf(login(user.email, "wrong password"));
    expect(locking.code).toBe("TOO_MANY_REQUESTS");
    expect(locking.message).toMatch(/Too many failed sign-in attempts\. Try again in 15 minutes\./);
    const right = await errorOf(login(user.email, TEST_PASSWORD));
    expect(right.code).toBe("TOO_MANY_REQUESTS");
    // Another account from another address is unaffected.
    const other = await makeUser(h.db);
    await expect(login(other.email, TEST_PASSWORD, { ip: "192.0.2.50" })).resolves.toBeTruthy();
  });

  it("counts concurrent failures exactly", async () => {
    const user = await makeUser(h.db);
    await Promise.all(
      Array.from({ length: 4 }, () => signIn(h.db, { email: user.email, password: "nope", ip: null, userAgent: null }).catch(() => null)),
    );
    const row = await h.db.selectFrom("auth_throttle").select("failures").where("key", "=", `email:${user.email}`).executeTakeFirstOrThrow();
    expect(row.failures).toBe(4);
  });

  it("unlocks after the lock time, and a failure after the window starts a fresh count", async () => {
    const user = await makeUser(h.db);
    const t0 = new Date("2026-01-05T10:00:00Z");
    const attempt = (password: string, at: Date) =>
      signIn(h.db, { email: user.email, password, ip: null, userAgent: null, now: at }).then(
        () => "ok",
        (e: Error) => e.message,
      );
    for (let i = 0; i < ACCOUNT_POLICY.maxFailures; i++) await attempt("wrong", t0);
    expect(await attempt(TEST_PASSWORD, new Date(t0.getTime() + 14 * 60_000))).toMatch(/Try again in 1 minute\./);
    expect(await attempt(TEST_PASSWORD, new Date(t0.getTime() + ACCOUNT_POLICY.lockMs + 1000))).toBe("ok");

    const t1 = new Date(t0.getTime() + 60 * 60_000);
    for (let i = 0; i < ACCOUNT_POLICY.maxFailures - 1; i++) await attempt("wrong", t1);
    const later = new Date(t1.getTime() + ACCOUNT_POLICY.windowMs + 1000);
    expect(await attempt("wrong", later)).toBe("The email or password is not right.");
    const row = await h.db.selectFrom("auth_throttle").select("failures").where("key", "=", `email:${user.email}`).executeTakeFirstOrThrow();
    expect(row.failures).toBe(1);
  });

  it(`locks a client address after ${ADDRESS_POLICY.maxFailures} failures across many accounts`, async () => {
    const ip = "198.51.100.99";
    const now = new Date();
    for (let i = 0; i < ADDRESS_POLICY.maxFailures - 1; i++) {
      await signIn(h.db, { email: `guess${i}@example.com`, password: "x", ip, userAgent: null, now }).catch(() => null);
    }
    const last = await signIn(h.db, { email: "guess-last@example.com", password: "x", ip, userAgent: null, now }).catch((e: Error) => e);
    expect((last as Error).message).toMatch(/Too many failed sign-in attempts/);
    const user = await makeUser(h.db);
    const blocked = await signIn(h.db, { email: user.email, password: TEST_PASSWORD, ip, userAgent: null, now }).catch((e: Error) => e);
    expect((blocked as Error).message).toMatch(/Too many failed sign-in attempts/);
  });

  it("writes the lockout to the audit log", async () => {
    const user = await makeUser(h.db);
    for (let i = 0; i < ACCOUNT_POLICY.maxFailures; i++) await errorOf(login(user.email, "wrong password"));
    const entry = await h.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "auth.locked")
      .where("entity_id", "=", user.id)
      .executeTakeFirst();
    expect(entry?.actor_label).toBe(user.email);
  });
});
