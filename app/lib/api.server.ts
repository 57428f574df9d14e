import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { Role } from "../../db/roles";
import { DomainError } from "../../server/domain-error";
import { createRequestContext, type Context } from "../../server/trpc/context";
import { createCaller } from "../../server/trpc/router";
import { ZodError, z } from "zod";

/** The tRPC caller for this request, the signed-in user, and headers to pass on (renewed cookies). */
export async function apiFor(request: Request, context: AppLoadContext) {
  const resHeaders = new Headers();
  const ctx: Context = await createRequestContext({
    db: context.db,
    request,
    resHeaders,
    ip: context.clientIp,
  });
  return { api: createCaller(ctx), user: ctx.user, resHeaders };
}

/** Like apiFor, but sends a visitor who is not signed in to /login, and refuses other roles. */
export async function requireUser(request: Request, context: AppLoadContext, roles?: Role[]) {
  const result = await apiFor(request, context);
  if (!result.user) {
    const url = new URL(request.url);
    const redirectTo = url.pathname + url.search;
    const headers = new Headers(result.resHeaders);
    throw redirect(`/login${redirectTo === "/" ? "" : `?redirectTo=${encodeURIComponent(redirectTo)}`}`, {
      headers,
    });
  }
  if (roles && result.user.role !== "admin" && !roles.includes(result.user.role)) {
    throw data("Your role does not allow this page.", { status: 403 });
  }
  return { ...result, user: result.user };
}

export interface ActionFailure {
  ok: false;
  formError: string;
  fieldErrors: Record<string, string[] | undefined>;
  /** Structured detail from the domain (e.g. the schedule rules a shift breaks). */
  details: unknown;
}

/** Turns a procedure's error into what a form shows: one message and per-field messages. */
export function formFailure<Extra extends object = object>(error: unknown, headers?: Headers, extra?: Extra) {
  if (error instanceof TRPCError) {
    const cause = error.cause;
    let fieldErrors: Record<string, string[] | undefined> = {};
    if (cause instanceof ZodError) fieldErrors = z.flattenError(cause).fieldErrors as Record<string, string[]>;
    else if (cause instanceof DomainError && cause.field) fieldErrors = { [cause.field]: [cause.message] };
    const formError =
      cause instanceof ZodError ? "Some fields need attention." : error.message || "The request was refused.";
    const details = cause instanceof DomainError ? (cause.details ?? null) : null;
    const body = { ...(extra as Extra), ok: false as const, formError, fieldErrors, details } satisfies ActionFailure;
    return data(body, { status: getHTTPStatusCodeFromError(error), headers });
  }
  throw error;
}
