import type { LoopbackHttpClient } from "./http-client";

export const SESSION_COOKIE = "frontline_session";
const USER_AGENT = "frontline-bench";

export interface SignedInSession {
  /** The `Cookie` header value to send. */
  cookie: string;
  /** The session id the cookie holds (lucia keeps only the id in the cookie). */
  sessionId: string;
}

/** Signs in through the login form, as a browser would; throws unless it gets a session cookie. */
export async function signIn(http: LoopbackHttpClient, email: string, password: string): Promise<SignedInSession> {
  const res = await http.request("/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": USER_AGENT },
    body: new URLSearchParams({ email, password }).toString(),
  });
  if (res.status !== 303) throw new Error(`POST /login answered ${res.status}, expected 303`);
  const sessionId = readSessionCookie(res.headers["set-cookie"]);
  if (!sessionId) throw new Error("POST /login set no session cookie");
  return { cookie: `${SESSION_COOKIE}=${sessionId}`, sessionId };
}

function readSessionCookie(setCookie: string[] | undefined): string | null {
  for (const header of setCookie ?? []) {
    const match = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(header);
    if (match?.[1]) return match[1];
  }
  return null;
}

export function authedHeaders(session: SignedInSession): Record<string, string> {
  return { cookie: session.cookie, "user-agent": USER_AGENT };
}
