import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { luciaFor, readSessionId, sessionCookie, type SessionUser } from "../auth/lucia";
import type { Actor } from "../audit/audit.service";

/** What every procedure may use. Needs no HTTP request: tests and the CLI build it directly. */
export interface Context {
  db: Kysely<Database>;
  user: SessionUser | null;
  sessionId: string | null;
  ip: string | null;
  userAgent: string | null;
  /** Whether the client reached us over HTTPS (decides the cookie's `Secure`). */
  secure: boolean;
  /** Headers for the response; procedures set cookies here. */
  resHeaders: Headers;
  /** The request's `Authorization` header, for procedures called with an API key (checked only by those). */
  authorization: string | null;
}

export function createInnerContext(init: Partial<Context> & { db: Kysely<Database> }): Context {
  return {
    user: null,
    sessionId: null,
    ip: null,
    userAgent: null,
    secure: false,
    resHeaders: new Headers(),
    authorization: null,
    ...init,
  };
}

export interface RequestContextOptions {
  db: Kysely<Database>;
  /** The request, or as much of it as the context reads (a Fetch `Request` will do). */
  request: { url: string; headers: Pick<Headers, "get"> };
  resHeaders: Headers;
  ip: string | null;
  /** Whether the client used HTTPS (behind a trusted proxy, as the proxy says); defaults to the URL's scheme. */
  secure?: boolean;
}

/** Reads the session cookie; renews it when the session slid forward, clears it when it is dead. */
export async function createRequestContext(options: RequestContextOptions): Promise<Context> {
  const { db, request, resHeaders, ip } = options;
  const secure = options.secure ?? new URL(request.url).protocol === "https:";
  const ctx = createInnerContext({
    db,
    ip,
    userAgent: request.headers.get("user-agent"),
    secure,
    resHeaders,
    authorization: request.headers.get("authorization"),
  });
  const sessionId = readSessionId(db, request.headers.get("cookie"));
  if (!sessionId) return ctx;
  const { session, user } = await luciaFor(db).validateSession(sessionId);
  if (!session) {
    resHeaders.append("Set-Cookie", sessionCookie(db, null, secure));
    return ctx;
  }
  if (session.fresh) resHeaders.append("Set-Cookie", sessionCookie(db, session.id, secure));
  ctx.user = { id: user.id, email: user.email, name: user.name, role: user.role };
  ctx.sessionId = session.id;
  return ctx;
}

export function actorOf(ctx: Context & { user: SessionUser }): Actor & { id: string } {
  return { id: ctx.user.id, label: ctx.user.email, ip: ctx.ip };
}
