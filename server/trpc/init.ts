import { initTRPC } from "@trpc/server";
import { z, ZodError } from "zod";
import { DomainError } from "../domain-error";
import type { Context } from "./context";

/**
 * Plain JSON on the wire (no transformer), so any HTTP client can call us.
 * Errors carry field-level messages for forms: from zod, or from a domain
 * error that names its field.
 */
export const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    let fieldErrors: Record<string, string[] | undefined> | null = null;
    if (cause instanceof ZodError) fieldErrors = z.flattenError(cause).fieldErrors as Record<string, string[]>;
    else if (cause instanceof DomainError && cause.field) fieldErrors = { [cause.field]: [cause.message] };
    const message = cause instanceof ZodError ? summarizeZodError(cause) : shape.message;
    return {
      ...shape,
      message,
      data: {
        ...shape.data,
        stack: undefined,
        reason: cause instanceof DomainError ? cause.reason : null,
        fieldErrors,
      },
    };
  },
});

function summarizeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
