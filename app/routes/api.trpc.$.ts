import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createRequestContext } from "../../server/trpc/context";
import { appRouter } from "../../server/trpc/router";

/** The tRPC API over HTTP for the browser and outside programs: plain JSON, cookie or (later) API key. */
function handle({ request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: ({ resHeaders }) =>
      createRequestContext({ db: context.db, request, resHeaders, ip: context.clientIp }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed`, error);
    },
  });
}

export const loader = handle;
export const action = handle;
