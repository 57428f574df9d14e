import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { Role } from "../../db/schema";
import { DomainError } from "../domain-error";
import { authenticateApiKey, bearerToken } from "../support/api-keys.service";
import { SupportError } from "../support/support.errors";
import type { SessionUser } from "../auth/lucia";
import type { Context } from "./context";
import { t } from "./init";

/**
 * The one place a domain error becomes a transport error, and where invalid
 * input gets a message a person can read ("email: Enter a valid email address.").
 * Called on a failed `next()` result; returns when the error is to pass as it is.
 */
function throwMappedError(error: TRPCError): void {
  const cause = error.cause;
  if (cause instanceof DomainError) throw new TRPCError({ code: cause.kind, message: cause.message, cause });
  if (cause instanceof ZodError) throw new TRPCError({ code: "BAD_REQUEST", message: summarizeZodError(cause), cause });
}

function summarizeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

// Each procedure has one access middleware that also maps its errors: tRPC copies the call's options and
// context at every middleware level, which cost ~15 µs a level per call here, so the checks are not
// stacked as separate levels.

/** Reachable without signing in. Every use must be listed in tests/integration/permissions.test.ts. */
export const publicProcedure = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok) throwMappedError(result.error);
  return result;
});

function signedIn(ctx: Context): SessionUser {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return ctx.user;
}

/** Signed in, any role. */
export const authedProcedure = t.procedure.meta({ access: "signed-in" }).use(async ({ ctx, next }) => {
  const result = await next({ ctx: { ...ctx, user: signedIn(ctx) } });
  if (!result.ok) throwMappedError(result.error);
  return result;
});

/** Signed in with one of the roles; `admin` may do everything. */
export function withRole(...roles: Role[]) {
  return t.procedure.meta({ access: roles }).use(async ({ ctx, next }) => {
    const user = signedIn(ctx);
    if (user.role !== "admin" && !roles.includes(user.role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Your role does not allow this." });
    }
    const result = await next({ ctx: { ...ctx, user } });
    if (!result.ok) throwMappedError(result.error);
    return result;
  });
}

export const adminProcedure = withRole("admin");

/**
 * Called by a program outside with `Authorization: Bearer <api key>` (a
 * session cookie does not count): a missing, wrong or revoked key is 401, a
 * key over its rate limit 429 with Retry-After.
 */
export const apiKeyProcedure = publicProcedure.meta({ access: "api-key" }).use(async ({ ctx, next }) => {
  try {
    const apiKey = await authenticateApiKey(ctx.db, bearerToken(ctx.authorization));
    return next({ ctx: { ...ctx, apiKey } });
  } catch (error) {
    if (error instanceof SupportError && error.reason === "RATE_LIMITED") {
      const { retryAfterSeconds } = error.details as { retryAfterSeconds: number };
      ctx.resHeaders.set("Retry-After", String(retryAfterSeconds));
    }
    throw error;
  }
});
