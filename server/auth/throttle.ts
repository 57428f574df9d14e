import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";

/**
 * Failed sign-ins are counted per account and per client address in a
 * fixed window. Past the limit the key is locked for a while; a correct
 * password does not get through a locked key.
 */
export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
export const ADDRESS_POLICY: ThrottlePolicy = { maxFailures: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export const accountKey = (email: string) => `email:${email.toLowerCase()}`;
export const addressKey = (ip: string) => `ip:${ip}`;

/** The instant until which any of the keys is locked, or null. */
export async function lockedUntil(db: Kysely<Database>, keys: string[], now: Date): Promise<Date | null> {
  if (keys.length === 0) return null;
  const row = await db
    .selectFrom("auth_throttle")
    .select((eb) => eb.fn.max("locked_until").as("until"))
    .where("key", "in", keys)
    .where("locked_until", ">", now)
    .executeTakeFirst();
  return row?.until ? new Date(row.until) : null;
}

/** Counts one failure atomically (concurrent failures all count); returns the lock if it now holds. */
export async function recordFailure(
  db: Kysely<Database>,
  key: string,
  policy: ThrottlePolicy,
  now: Date,
): Promise<Date | null> {
  const windowStart = new Date(now.getTime() - policy.windowMs);
  const lockUntil = new Date(now.getTime() + policy.lockMs);
  const row = await db
    .insertInto("auth_throttle")
    .values({ key, failures: 1, window_started_at: now, locked_until: policy.maxFailures <= 1 ? lockUntil : null })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        failures: sql`CASE WHEN auth_throttle.window_started_at < ${windowStart} THEN 1 ELSE auth_throttle.failures + 1 END`,
        window_started_at: sql`CASE WHEN auth_throttle.window_started_at < ${windowStart} THEN ${now}::timestamptz ELSE auth_throttle.window_started_at END`,
        locked_until: sql`CASE
          WHEN auth_throttle.window_started_at >= ${windowStart} AND auth_throttle.failures + 1 >= ${policy.maxFailures}
          THEN ${lockUntil}::timestamptz
          ELSE auth_throttle.locked_until END`,
      }),
    )
    .returning(["locked_until"])
    .executeTakeFirstOrThrow();
  return row.locked_until && new Date(row.locked_until) > now ? new Date(row.locked_until) : null;
}

export async function clearFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom("auth_throttle").where("key", "=", key).execute();
}
