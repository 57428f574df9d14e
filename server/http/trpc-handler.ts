import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { incomingMessageToRequest } from "@trpc/server/adapters/node-http";
import type { RequestHandler } from "express";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { createRequestContext } from "../trpc/context";
import { appRouter } from "../trpc/router";

export const TRPC_ENDPOINT = "/api/trpc";
const MAX_BODY_BYTES = 1_000_000;
const COMPRESS_FROM_BYTES = 1024;
const gzipAsync = promisify(gzip);

/**
 * The tRPC API over HTTP for the browser and outside programs: tRPC's fetch
 * adapter, mounted straight on Express (ahead of static files and Remix's
 * router, which it does not need).
 */
export function trpcHttpHandler(db: Kysely<Database>): RequestHandler {
  return async (req, res, next) => {
    try {
      const request = incomingMessageToRequest(req, res, { maxBodySize: MAX_BODY_BYTES });
      const response = await fetchRequestHandler({
        endpoint: TRPC_ENDPOINT,
        req: request,
        router: appRouter,
        createContext: ({ resHeaders }) =>
          createRequestContext({ db, request, resHeaders, ip: req.ip ?? null, secure: req.secure }),
        onError({ error, path }) {
          if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed`, error);
        },
      });
      res.status(response.status);
      response.headers.forEach((value, name) => {
        if (name !== "set-cookie") res.setHeader(name, value);
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length) res.setHeader("Set-Cookie", cookies);
      const body = Buffer.from(await response.arrayBuffer());
      res.setHeader("Vary", "Accept-Encoding");
      if (body.length >= COMPRESS_FROM_BYTES && /\bgzip\b/.test(req.get("accept-encoding") ?? "")) {
        res.setHeader("Content-Encoding", "gzip");
        // Level 1: a third of the CPU of the default level for a slightly larger body (a 580 KB board
        // answer gzips in ~3 ms instead of ~9 ms); on a 2-core server CPU is the scarcer resource.
        res.end(await gzipAsync(body, { level: 1 }));
      } else {
        res.end(body);
      }
    } catch (error) {
      next(error);
    }
  };
}
