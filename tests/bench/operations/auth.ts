import { authedHeaders } from "../frontline-client";
import type { BenchOperation } from "./types";

/** Workers for cheap requests: enough to queue on the app's database pool (10 by default). */
const CHEAP_CONCURRENCY = 16;

// KyselySessionAdapter.getSessionAndUser (server/auth/lucia.ts) as Kysely compiles it; keep them in step.
export const SESSION_AND_USER_SQL =
  'select "sessions"."id" as "session_id", "sessions"."user_id", "sessions"."expires_at", ' +
  '"users"."id" as "uid", "users"."email", "users"."name", "users"."role" ' +
  'from "sessions" left join "users" on "users"."id" = "sessions"."user_id" and "users"."disabled_at" is null ' +
  'where "sessions"."id" = $1';

export const authOperations: BenchOperation[] = [
  {
    name: "sign-in",
    description: "POST /login as a demo user: argon2id verify, new session, audit row",
    // argon2id costs tens of ms of CPU per sign-in on libuv's 4 threads; more workers would only queue.
    concurrency: 4,
    async prepare(ctx) {
      return async (worker) => {
        await ctx.signIn(worker);
      };
    },
  },
  {
    name: "auth.me",
    description: "GET /api/trpc/auth.me with a session cookie: the cheapest signed-in request",
    concurrency: CHEAP_CONCURRENCY,
    floor: "auth.me raw pg",
    async prepare(ctx) {
      const headers = authedHeaders(await ctx.signIn(0));
      const check = await ctx.http.request("/api/trpc/auth.me", { headers });
      if (check.status !== 200 || !check.body.includes('"email"')) {
        throw new Error(`auth.me answered ${check.status}: ${check.body.slice(0, 200)}`);
      }
      return async () => {
        const res = await ctx.http.request("/api/trpc/auth.me", { headers });
        if (res.status !== 200) throw new Error(`auth.me answered ${res.status}`);
      };
    },
  },
  {
    name: "auth.me raw pg",
    description: "the session-and-user select a session check sends when it reads the database (a cache miss; the app answers repeated checks from memory), through a pg.Pool",
    concurrency: CHEAP_CONCURRENCY,
    async prepare(ctx) {
      const { sessionId } = await ctx.signIn(0);
      const check = await ctx.pg.query(SESSION_AND_USER_SQL, [sessionId]);
      if (check.rows.length !== 1 || !check.rows[0].uid) throw new Error("The raw session select found no user.");
      return async () => {
        const res = await ctx.pg.query(SESSION_AND_USER_SQL, [sessionId]);
        if (res.rows.length !== 1) throw new Error("The raw session select found no row.");
      };
    },
  },
];
