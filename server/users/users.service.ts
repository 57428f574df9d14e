import { sql, type Kysely } from "kysely";
import { containsPattern } from "../validation/like-pattern";
import type { Database, Role, User } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import { setPassword } from "../auth/auth.service";
import { hashPassword } from "../auth/password";
import type { CreateUserInput, ListUsersInput } from "./users.schema";
import { UsersError } from "./users.errors";

/** What a user list or audit entry shows of a user: never the password hash. */
export type UserSummary = Pick<User, "id" | "email" | "name" | "role" | "disabled_at" | "created_at"> & {
  last_sign_in_at: Date | null;
};

const summaryColumns = ["users.id", "users.email", "users.name", "users.role", "users.disabled_at", "users.created_at"] as const;

function auditView(u: Pick<User, "email" | "name" | "role" | "disabled_at">) {
  return { email: u.email, name: u.name, role: u.role, disabled: u.disabled_at !== null };
}

/** Users by email, keyset-paginated. */
export async function listUsers(db: Kysely<Database>, q: ListUsersInput) {
  let query = db
    .selectFrom("users")
    .select(summaryColumns)
    .select((eb) =>
      eb
        .selectFrom("audit_log")
        .select((e) => e.fn.max("audit_log.at").as("at"))
        .whereRef("audit_log.actor_id", "=", "users.id")
        .where("audit_log.action", "=", "auth.sign_in")
        .as("last_sign_in_at"),
    )
    .orderBy("users.email")
    .limit(q.limit + 1);
  if (q.search) {
    const pattern = containsPattern(q.search);
    query = query.where((eb) => eb.or([eb("users.email", "ilike", pattern), eb("users.name", "ilike", pattern)]));
  }
  if (q.role) query = query.where("users.role", "=", q.role);
  if (q.status === "active") query = query.where("users.disabled_at", "is", null);
  if (q.status === "disabled") query = query.where("users.disabled_at", "is not", null);
  if (q.after) query = query.where("users.email", ">", q.after);
  const rows = await query.execute();
  const users = rows.slice(0, q.limit) as UserSummary[];
  return { users, nextCursor: rows.length > q.limit ? users[users.length - 1]!.email : null };
}

export async function getUser(db: Kysely<Database>, userId: string): Promise<UserSummary> {
  const user = await db
    .selectFrom("users")
    .select(summaryColumns)
    .select(sql<Date | null>`null`.as("last_sign_in_at"))
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user) throw new UsersError("NOT_FOUND", "No such user.");
  return user;
}

async function lockUser(db: Kysely<Database>, userId: string) {
  const user = await db.selectFrom("users").selectAll().where("id", "=", userId).forUpdate().executeTakeFirst();
  if (!user) throw new UsersError("NOT_FOUND", "No such user.");
  return user;
}

export async function createUser(
  db: Kysely<Database>,
  actor: Actor,
  input: CreateUserInput & { isDemo?: boolean },
): Promise<UserSummary> {
  const passwordHash = await hashPassword(input.password);
  const created = await db
    .insertInto("users")
    .values({
      email: input.email,
      name: input.name,
      role: input.role,
      password_hash: passwordHash,
      is_demo: input.isDemo ?? false,
    })
    .onConflict((oc) => oc.column("email").doNothing())
    .returning(summaryColumns)
    .executeTakeFirst();
  if (!created) throw new UsersError("EMAIL_TAKEN", `A user with the email ${input.email} already exists.`, "email");
  await recordAudit(db, actor, {
    action: "user.created",
    entityType: "user",
    entityId: created.id,
    after: auditView(created),
  });
  return { ...created, last_sign_in_at: null };
}

export async function setRole(db: Kysely<Database>, actor: Actor, userId: string, role: Role): Promise<void> {
  const user = await lockUser(db, userId);
  if (user.id === actor.id && role !== "admin") {
    throw new UsersError("SELF_LOCKOUT", "You cannot take the admin role from yourself. Ask another admin.", "role");
  }
  if (user.role === role) return;
  await db.updateTable("users").set({ role, updated_at: new Date() }).where("id", "=", userId).execute();
  await recordAudit(db, actor, {
    action: "user.role_changed",
    entityType: "user",
    entityId: userId,
    before: auditView(user),
    after: auditView({ ...user, role }),
  });
}

/** Disabling ends every session of the user at once. */
export async function setDisabled(db: Kysely<Database>, actor: Actor, userId: string, disabled: boolean) {
  const user = await lockUser(db, userId);
  if (user.id === actor.id && disabled) {
    throw new UsersError("SELF_LOCKOUT", "You cannot disable your own account.");
  }
  if ((user.disabled_at !== null) === disabled) return;
  const disabledAt = disabled ? new Date() : null;
  await db.updateTable("users").set({ disabled_at: disabledAt, updated_at: new Date() }).where("id", "=", userId).execute();
  if (disabled) await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
  await recordAudit(db, actor, {
    action: disabled ? "user.disabled" : "user.enabled",
    entityType: "user",
    entityId: userId,
    before: auditView(user),
    after: auditView({ ...user, disabled_at: disabledAt }),
  });
}

/** An admin sets a new password for someone; their sessions end. */
export async function resetPassword(db: Kysely<Database>, actor: Actor, userId: string, password: string) {
  await lockUser(db, userId);
  await setPassword(db, userId, password);
  await recordAudit(db, actor, { action: "user.password_reset", entityType: "user", entityId: userId });
}

export async function countUsers(db: Kysely<Database>): Promise<{ total: number; real: number }> {
  const row = await db
    .selectFrom("users")
    .select((eb) => [
      eb.fn.countAll<number>().as("total"),
      eb.fn.countAll<number>().filterWhere("is_demo", "=", false).as("real"),
    ])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), real: Number(row.real) };
}
