import { TRPCError } from "@trpc/server";
import type { Role } from "../../db/schema";
import { DomainError } from "../domain-error";
import { t } from "./init";

/** The one place a domain error becomes a transport error. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.kind, message: cause.message, cause });
  }
  return result;
});

/** Reachable without signing in. Every use must be listed in tests/integration/permissions.test.ts. */
export const publicProcedure = t.procedure.use(mapDomainErrors);

/** Signed in, any role. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** Signed in with one of the roles; `admin` may do everything. */
export function withRole(...roles: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (ctx.user.role !== "admin" && !roles.includes(ctx.user.role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Your role does not allow this." });
    }
    return next();
  });
}

export const adminProcedure = withRole("admin");
