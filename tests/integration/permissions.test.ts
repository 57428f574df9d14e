import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../db/schema";
import type { SessionUser } from "../../server/auth/lucia";
import type { ProcedureMeta } from "../../server/trpc/init";
import { appRouter } from "../../server/trpc/router";
import { callerFor, makeUser } from "../setup/fixtures";
import { freshDatabase, type TestDatabase } from "../setup/test-db";

/** The only procedures reachable without signing in. Adding one here is a decision: say why. */
const PUBLIC_PROCEDURES = new Set([
  "auth.login", // the way in
  "auth.logout", // harmless without a session; clears a stale cookie
]);

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta } }>);

let h: TestDatabase;
const users = {} as Record<Role, SessionUser>;
beforeAll(async () => {
  h = await freshDatabase();
  for (const role of ROLES) users[role] = await makeUser(h.db, role);
});
afterAll(() => h.close());

function call(user: SessionUser | null, path: string): Promise<unknown> {
  const { caller } = callerFor(h.db, user);
  const fn = path.split(".").reduce<any>((node, key) => node[key], caller);
  return fn(undefined);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    return error instanceof TRPCError ? error.code : `THREW ${String(error)}`;
  }
}

describe("every procedure of the root router", () => {
  it("is enumerated (the router is not empty)", () => {
    expect(procedures.length).toBeGreaterThan(5);
  });

  it.each(procedures.map(([path]) => path))("%s: refuses a visitor who is not signed in, unless public", async (path) => {
    const code = await codeOf(call(null, path));
    if (PUBLIC_PROCEDURES.has(path)) expect(code).not.toBe("UNAUTHORIZED");
    else expect(code).toBe("UNAUTHORIZED");
  });

  it.each(procedures.map(([path, p]) => [path, p._def.meta] as const))(
    "%s: declares who may call it, and refuses every other role",
    async (path, meta) => {
      if (PUBLIC_PROCEDURES.has(path)) return expect(meta?.access).toBeUndefined();
      expect(meta?.access, `${path} has no access rule`).toBeDefined();
      if (meta!.access === "api-key") {
        // Programs outside call these with a key; a signed-in session of any role is not a key.
        for (const role of ROLES) expect(await codeOf(call(users[role], path)), `${role} on ${path}`).toBe("UNAUTHORIZED");
        return;
      }
      if (!Array.isArray(meta!.access)) return;
      for (const role of ROLES) {
        const allowed = role === "admin" || meta!.access.includes(role);
        const code = await codeOf(call(users[role], path));
        if (allowed) expect(code, `${role} on ${path}`).not.toBe("FORBIDDEN");
        else expect(code, `${role} on ${path}`).toBe("FORBIDDEN");
      }
    },
  );
});

describe("the HTTP status of refusals", () => {
  it("maps not signed in to 401 and wrong role to 403", async () => {
    const { getHTTPStatusCodeFromError } = await import("@trpc/server/http");
    const anon = await call(null, "auth.me").catch((e: TRPCError) => e);
    const agent = await call(users.agent, "users.list").catch((e: TRPCError) => e);
    expect(getHTTPStatusCodeFromError(anon as TRPCError)).toBe(401);
    expect(getHTTPStatusCodeFromError(agent as TRPCError)).toBe(403);
  });
});
