import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { Role } from "../../db/schema";
import { DomainError } from "../domain-error";
import { t } from "./init";

/**
 * The one place a domain error becomes a transport error, and where invalid
 * input gets a message a person can read ("email: Enter a valid email address.").
 */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof DomainError) throw new TRPCError({ code: cause.kind, message: cause.message, cause });
  if (cause instanceof ZodError) throw new TRPCError({ code: "BAD_REQUEST", message: summarizeZodError(cause), cause });
  return result;
});

function summarizeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

/** Reachable without signing in. Every use must be listed in tests/integration/permissions.test.ts. */
export const publicProcedure = t.procedure.use(mapDomainErrors);

/** Signed in, any role. */
export const authedProcedure = publicProcedure.meta({ access: "signed-in" }).use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** Signed in with one of the roles; `admin` may do everything. */
export function withRole(...roles: Role[]) {
  return authedProcedure.meta({ access: roles }).use(({ ctx, next }) => {
    if (ctx.user.role !== "admin" && !roles.includes(ctx.user.role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Your role does not allow this." });
    }
    return next();
  });
}

export const adminProcedure = withRole("admin");
