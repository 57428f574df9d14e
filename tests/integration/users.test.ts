import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../server/auth/lucia";
import { callerFor, errorOf, makeUser } from "../setup/fixtures";
import { freshDatabase, type TestDatabase } from "../setup/test-db";

let h: TestDatabase;
let admin: SessionUser;
beforeAll(async () => {
  h = await freshDatabase();
  admin = await makeUser(h.db, "admin", { email: "root-admin@example.com" });
});
afterAll(() => h.close());

const api = () => callerFor(h.db, admin, { ip: "192.0.2.10" }).caller;


async function auditFor(entityId: string) {
  return h.db.selectFrom("audit_log").selectAll().where("entity_id", "=", entityId).orderBy("id").execute();
}

describe("user administration", () => {
  it("creates a user with a role and audits who, what, before/after and from where", async () => {
    const created = await api().users.create({
      email: "  New.Agent@Example.com ",
      name: "Nia Agent",
      role: "agent",
      password: "a long enough password",
    });
    expect(created.email).toBe("new.agent@example.com");
    const [entry] = await auditFor(created.id);
    expect(entry).toMatchObject({
      action: "user.created",
      actor_id: admin.id,
      actor_label: admin.email,
      entity_type: "user",
      ip: "192.0.2.10",
      after: { email: "new.agent@example.com", name: "Nia Agent", role: "agent", disabled: false },
    });
    expect(JSON.stringify(entry)).not.toMatch(/argon2/);
  });

  it("refuses a duplicate email (any case) with a field error and writes nothing", async () => {
    await makeUser(h.db, "hr", { email: "dup@example.com" });
    const before = await h.db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const error = await errorOf(
      api().users.create({ email: "DUP@example.com", name: "Dup", role: "hr", password: "a long enough password" }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toBe("A user with the email dup@example.com already exists.");
    expect((error.cause as { field?: string }).field).toBe("email");
    const after = await h.db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("validates input with messages per field", async () => {
    const error = await errorOf(api().users.create({ email: "bad", name: "", role: "boss" as never, password: "short" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/email: Enter a valid email address/);
    expect(error.message).toMatch(/password: Use at least 12 characters/);
  });

  it("changes a role, with the change in the audit log", async () => {
    const user = await makeUser(h.db, "agent");
    await api().users.setRole({ userId: user.id, role: "supervisor" });
    expect((await api().users.get({ userId: user.id })).role).toBe("supervisor");
    const entries = await auditFor(user.id);
    expect(entries.at(-1)).toMatchObject({
      action: "user.role_changed",
      before: { role: "agent" },
      after: { role: "supervisor" },
    });
  });

  it("does not let an admin lock themselves out", async () => {
    expect((await errorOf(api().users.setDisabled({ userId: admin.id, disabled: true }))).message).toBe(
      "You cannot disable your own account.",
    );
    expect((await errorOf(api().users.setRole({ userId: admin.id, role: "agent" }))).code).toBe("BAD_REQUEST");
  });

  it("disables and enables a user, audited both ways", async () => {
    const user = await makeUser(h.db, "planner");
    await api().users.setDisabled({ userId: user.id, disabled: true });
    expect((await api().users.get({ userId: user.id })).disabled_at).not.toBeNull();
    await api().users.setDisabled({ userId: user.id, disabled: false });
    expect((await api().users.get({ userId: user.id })).disabled_at).toBeNull();
    expect((await auditFor(user.id)).map((e) => e.action)).toEqual(["user.created", "user.disabled", "user.enabled"]);
  });

  it("resets a password: the old one stops working, sessions end, and the audit has no secret", async () => {
    const user = await makeUser(h.db, "agent");
    await h.db.insertInto("sessions").values({ id: "s-reset-test", user_id: user.id, expires_at: new Date(Date.now() + 3600_000), ip: null, user_agent: null }).execute();
    await api().users.resetPassword({ userId: user.id, password: "freshly reset password" });
    expect(await h.db.selectFrom("sessions").selectAll().where("user_id", "=", user.id).execute()).toHaveLength(0);
    const { caller } = callerFor(h.db, null);
    await expect(caller.auth.login({ email: user.email, password: "freshly reset password" })).resolves.toBeTruthy();
    const entries = await auditFor(user.id);
    expect(entries.map((e) => e.action)).toContain("user.password_reset");
    expect(JSON.stringify(entries)).not.toMatch(/freshly/);
  });

  it("says so when the user does not exist", async () => {
    const error = await errorOf(api().users.get({ userId: "00000000-0000-4000-8000-000000000000" }));
    expect(error.code).toBe("NOT_FOUND");
  });

  it("lists users by email with keyset pages, search and filters", async () => {
    for (const n of ["p1", "p2", "p3", "p4", "p5"]) await makeUser(h.db, "planner", { email: `page-${n}@list.test`, name: `Pager ${n}` });
    const first = await api().users.list({ search: "@list.test", limit: 2, status: "all" });
    expect(first.users.map((u) => u.email)).toEqual(["page-p1@list.test", "page-p2@list.test"]);
    const second = await api().users.list({ search: "@list.test", limit: 2, after: first.nextCursor!, status: "all" });
    expect(second.users.map((u) => u.email)).toEqual(["page-p3@list.test", "page-p4@list.test"]);
    const third = await api().users.list({ search: "@list.test", limit: 2, after: second.nextCursor!, status: "all" });
    expect(third.users.map((u) => u.email)).toEqual(["page-p5@list.test"]);
    expect(third.nextCursor).toBeNull();
    const byName = await api().users.list({ search: "pager P3", status: "all", limit: 50 });
    expect(byName.users.map((u) => u.email)).toEqual(["page-p3@list.test"]);
    const agents = await api().users.list({ role: "agent", status: "all", limit: 200 });
    expect(agents.users.every((u) => u.role === "agent")).toBe(true);
    const wildcard = await api().users.list({ search: "%", status: "all", limit: 50 });
    expect(wildcard.users).toHaveLength(0);
  });

  it("shows the audit log newest first with keyset pages", async () => {
    const page1 = await api().audit.list({ limit: 3 });
    const page2 = await api().audit.list({ limit: 3, before: page1.nextCursor! });
    expect(page1.entries).toHaveLength(3);
    expect(page1.entries[0]!.id).toBeGreaterThan(page1.entries[2]!.id);
    expect(page2.entries[0]!.id).toBeLessThan(page1.entries[2]!.id);
  });

  it("names the user an audit entry is about", async () => {
    const user = await makeUser(h.db, "hr", { email: "named.in.audit@example.com" });
    const page = await api().audit.list({ entityType: "user", entityId: user.id, limit: 5 });
    expect(page.entries.map((e) => e.entity_label)).toEqual(["named.in.audit@example.com"]);
  });
});
