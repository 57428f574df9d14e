import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import { AuthError } from "./auth.errors";
import { luciaFor, type SessionUser } from "./lucia";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./password";
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  accountKey,
  addressKey,
  clearFailures,
  lockedUntil,
  recordFailure,
} from "./throttle";

export interface SignInInput {
  email: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  now?: Date;
}

export interface SignedIn {
  user: SessionUser;
  sessionId: string;
  expiresAt: Date;
}

function throttled(until: Date, now: Date): AuthError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new AuthError(
    "THROTTLED",
    `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
  );
}

/**
 * Checks the password and opens a session. Not run inside a transaction on
 * purpose: a failure must be counted even though the call then fails.
 */
export async function signIn(db: Kysely<Database>, input: SignInInput): Promise<SignedIn> {
  const now = input.now ?? new Date();
  const keys = [accountKey(input.email), ...(input.ip ? [addressKey(input.ip)] : [])];
  const locked = await lockedUntil(db, keys, now);
  if (locked) throw throttled(locked, now);

  const user = await db
    .selectFrom("users")
    .select(["id", "email", "name", "role", "password_hash", "disabled_at"])
    .where("email", "=", input.email)
    .executeTakeFirst();
  const ok = user ? await verifyPassword(user.password_hash, input.password) : await verifyAgainstDummy(input.password);

  if (!ok || !user) {
    const accountLock = await recordFailure(db, accountKey(input.email), ACCOUNT_POLICY, now);
    const addressLock = input.ip ? await recordFailure(db, addressKey(input.ip), ADDRESS_POLICY, now) : null;
    const lock = accountLock ?? addressLock;
    if (lock) {
      await recordAudit(db, { id: null, label: input.email, ip: input.ip }, {
        action: "auth.locked",
        entityType: "user",
        entityId: user?.id ?? null,
        after: { until: lock.toISOString() },
      });
      throw throttled(lock, now);
    }
    throw new AuthError("INVALID_CREDENTIALS", "The email or password is not right.");
  }
  if (user.disabled_at) {
    throw new AuthError("ACCOUNT_DISABLED", "This account is disabled. Ask an administrator to enable it.");
  }

  await clearFailures(db, accountKey(input.email));
  const session = await luciaFor(db).createSession(user.id, { ip: input.ip, userAgent: input.userAgent });
  await recordAudit(db, { id: user.id, label: user.email, ip: input.ip }, {
    action: "auth.sign_in",
    entityType: "user",
    entityId: user.id,
  });
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    sessionId: session.id,
    expiresAt: session.expiresAt,
  };
}

export async function signOut(db: Kysely<Database>, sessionId: string): Promise<void> {
  await luciaFor(db).invalidateSession(sessionId);
}

/** Sets a new password and ends every session of the user. */
export async function setPassword(db: Kysely<Database>, userId: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db
    .updateTable("users")
    .set({ password_hash: passwordHash, password_changed_at: new Date(), updated_at: new Date() })
    .where("id", "=", userId)
    .execute();
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

/** The signed-in user changes their own password; all their sessions end, and a new one is returned. */
export async function changeOwnPassword(
  db: Kysely<Database>,
  actor: Actor & { id: string },
  input: { currentPassword: string; newPassword: string; userAgent: string | null },
): Promise<{ sessionId: string }> {
  const user = await db
    .selectFrom("users")
    .select(["id", "password_hash"])
    .where("id", "=", actor.id)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AuthError("WRONG_CURRENT_PASSWORD", "Your current password is not right.", "currentPassword");
  }
  await setPassword(db, user.id, input.newPassword);
  await recordAudit(db, actor, { action: "user.password_changed", entityType: "user", entityId: user.id });
  const session = await luciaFor(db).createSession(user.id, { ip: actor.ip, userAgent: input.userAgent });
  return { sessionId: session.id };
}
