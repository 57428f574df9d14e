import crypto from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema";
import type { SessionUser } from "../../server/auth/lucia";
import { createUser } from "../../server/users/users.service";
import { createInnerContext, type Context } from "../../server/trpc/context";
import { createCaller } from "../../server/trpc/router";

export const TEST_PASSWORD = "correct horse battery";

/** A user with a unique email, made through the real service (hashing and audit included). */
export async function makeUser(
  db: Kysely<Database>,
  role: Role = "agent",
  overrides: { email?: string; password?: string; name?: string } = {},
): Promise<SessionUser> {
  const email = overrides.email ?? `${role}-${crypto.randomBytes(4).toString("hex")}@example.com`;
  const user = await createUser(db, { id: null, label: "test", ip: null }, {
    email,
    name: overrides.name ?? `Test ${role}`,
    role,
    password: overrides.password ?? TEST_PASSWORD,
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** The tRPC caller a signed-in user's request would get (or an anonymous one). */
export function callerFor(db: Kysely<Database>, user: SessionUser | null, extra: Partial<Context> = {}) {
  const ctx = createInnerContext({ db, user, ip: "203.0.113.7", ...extra });
  return { caller: createCaller(ctx), ctx };
}
