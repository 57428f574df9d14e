import { initTRPC } from "@trpc/server";
import { z, ZodError } from "zod";
import { DomainError } from "../domain-error";
import type { Role } from "../../db/schema";
import type { Context } from "./context";

/** Who may call a procedure; set by the procedure builders, read by the permission test. */
export interface ProcedureMeta {
  /** "api-key": called by programs outside with `Authorization: Bearer <key>`, never with a session. */
  access?: "signed-in" | "api-key" | Role[];
}

/**
 * Plain JSON on the wire (no transformer), so any HTTP client can call us.
 * Errors carry field-level messages for forms: from zod, or from a domain
 * error that names its field.
 */
export const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    let fieldErrors: Record<string, string[] | undefined> | null = null;
    if (cause instanceof ZodError) fieldErrors = z.flattenError(cause).fieldErrors as Record<string, string[]>;
    else if (cause instanceof DomainError && cause.field) fieldErrors = { [cause.field]: [cause.message] };
    return {
      ...shape,
      data: {
        ...shape.data,
        stack: undefined,
        reason: cause instanceof DomainError ? cause.reason : null,
        details: cause instanceof DomainError ? (cause.details ?? null) : null,
        fieldErrors,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
