import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema";
import { sessionCacheFor } from "./session-cache";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** Sessions last 12 hours and slide: one used in its second half is renewed. */
export const SESSION_LIFETIME = new TimeSpan(12, "h");

/** Whether lucia would pass this session as it is (it renews or ends those in their second half). */
function settled(session: DatabaseSession): boolean {
  return session.expiresAt.getTime() - SESSION_LIFETIME.milliseconds() / 2 > Date.now();
}

/**
 * lucia's storage, on our Kysely handle. A disabled user's sessions do not validate.
 * When the server keeps a session cache (server/auth/session-cache.ts), a settled
 * session's check is answered from it; everything else reads the database.
 */
class KyselySessionAdapter implements Adapter {
  constructor(private readonly db: Kysely<Database>) {}

  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const cache = sessionCacheFor(this.db);
    const cached = cache?.get(sessionId);
    if (cached && settled(cached.session)) return [cached.session, cached.user];
    const token = cache?.readToken() ?? 0;
    const found = await this.readSessionAndUser(sessionId);
    const [session, user] = found;
    if (cache && session && user && settled(session)) cache.set(token, { session, user });
    return found;
  }

  private async readSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = await this.db
      .selectFrom("sessions")
      .leftJoin("users", (j) => j.onRef("users.id", "=", "sessions.user_id").on("users.disabled_at", "is", null))
      .select([
        "sessions.id as session_id",
        "sessions.user_id",
        "sessions.expires_at",
        "users.id as uid",
        "users.email",
        "users.name",
        "users.role",
      ])
      .where("sessions.id", "=", sessionId)
      .executeTakeFirst();
    if (!row) return [null, null];
    const session: DatabaseSession = {
      id: row.session_id,
      userId: row.user_id,
      expiresAt: new Date(row.expires_at),
      attributes: {},
    };
    if (!row.uid) return [session, null];
    return [session, { id: row.uid, attributes: { email: row.email!, name: row.name!, role: row.role! } }];
  }

  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    const rows = await this.db.selectFrom("sessions").selectAll().where("user_id", "=", userId).execute();
    return rows.map((r) => ({ id: r.id, userId: r.user_id, expiresAt: new Date(r.expires_at), attributes: {} }));
  }

  async setSession(session: DatabaseSession): Promise<void> {
    const attributes = session.attributes as { ip?: string | null; userAgent?: string | null };
    await this.db
      .insertInto("sessions")
      .values({
        id: session.id,
        user_id: session.userId,
        expires_at: session.expiresAt,
        ip: attributes.ip ?? null,
        user_agent: attributes.userAgent?.slice(0, 400) ?? null,
      })
      .execute();
  }

  // The triggers tell every server (this one too) once these commit; this server forgets at once.
  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    sessionCacheFor(this.db)?.evictSession(sessionId);
    await this.db.updateTable("sessions").set({ expires_at: expiresAt }).where("id", "=", sessionId).execute();
  }

  async deleteSession(sessionId: string): Promise<void> {
    sessionCacheFor(this.db)?.evictSession(sessionId);
    await this.db.deleteFrom("sessions").where("id", "=", sessionId).execute();
  }

  async deleteUserSessions(userId: string): Promise<void> {
    sessionCacheFor(this.db)?.evictUser(userId);
    await this.db.deleteFrom("sessions").where("user_id", "=", userId).execute();
  }

  async deleteExpiredSessions(): Promise<void> {
    await this.db.deleteFrom("sessions").where("expires_at", "<=", new Date()).execute();
  }
}

function createLucia(db: Kysely<Database>) {
  return new Lucia(new KyselySessionAdapter(db), {
    sessionExpiresIn: SESSION_LIFETIME,
    sessionCookie: {
      name: "frontline_session",
      // `secure` is decided per request (see sessionCookie below).
      attributes: { sameSite: "lax", secure: false },
    },
    getUserAttributes: (attributes): Omit<SessionUser, "id"> => ({
      email: attributes.email,
      name: attributes.name,
      role: attributes.role,
    }),
  });
}

export type FrontlineLucia = ReturnType<typeof createLucia>;

declare module "lucia" {
  interface Register {
    Lucia: FrontlineLucia;
    DatabaseUserAttributes: { email: string; name: string; role: Role };
    DatabaseSessionAttributes: { ip?: string | null; userAgent?: string | null };
  }
}

const instances = new WeakMap<Kysely<Database>, FrontlineLucia>();

/** One lucia per database handle (a transaction is a handle of its own). */
export function luciaFor(db: Kysely<Database>): FrontlineLucia {
  let lucia = instances.get(db);
  if (!lucia) {
    lucia = createLucia(db);
    instances.set(db, lucia);
  }
  return lucia;
}

/** The Set-Cookie value for a session (blank when `sessionId` is null). `Secure` over HTTPS. */
export function sessionCookie(db: Kysely<Database>, sessionId: string | null, secure: boolean): string {
  const lucia = luciaFor(db);
  const cookie = sessionId ? lucia.createSessionCookie(sessionId) : lucia.createBlankSessionCookie();
  cookie.attributes.secure = secure;
  return cookie.serialize();
}

export function readSessionId(db: Kysely<Database>, cookieHeader: string | null): string | null {
  return cookieHeader ? luciaFor(db).readSessionCookie(cookieHeader) : null;
}
