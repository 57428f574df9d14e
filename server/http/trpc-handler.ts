import { promisify } from "node:util";
import { gzip, gzipSync } from "node:zlib";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { createRequestContext } from "../trpc/context";
import { appRouter } from "../trpc/router";

export const TRPC_ENDPOINT = "/api/trpc";
const MAX_BODY_BYTES = 1_000_000;
const COMPRESS_FROM_BYTES = 1024;
const gzipAsync = promisify(gzip);
/** Below this a body is gzipped on the request's own thread: handing ~0.1 ms of work to the thread pool and back costs more. */
const COMPRESS_ON_POOL_FROM_BYTES = 64 * 1024;

/** An answer given before tRPC sees the request. */
interface RequestRefusal {
  status: 400 | 413;
  code: "BAD_REQUEST" | "PAYLOAD_TOO_LARGE";
  jsonRpcCode: number;
  message: string;
}

/** The body of a request, or null past `limit` bytes (the rest is not read); rejects when the client leaves first. */
function readBody(req: ExpressRequest, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (declared > limit) return resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      cleanup();
      resolve(null);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => onError(new Error("The client closed the connection before sending the whole body."));
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

/**
 * The request as tRPC's fetch adapter wants it, or a refusal (a Host header
 * that makes no URL, a body over the limit). tRPC's own conversion (`incomingMessageToRequest`) aborts the
 * request's signal whenever the connection closes — also after a complete
 * answer, when nothing listens any more, at the cost of an abort event and a
 * DOMException per request, a tenth of a small request's CPU. Here the abort
 * is wired only until the answer is ready (`settled`): a client that leaves
 * earlier still cancels the work.
 */
async function fetchRequestOf(req: ExpressRequest, res: ExpressResponse): Promise<{ request: Request; settled: () => void } | RequestRefusal> {
  let url: URL;
  try {
    url = new URL(req.originalUrl, `${req.secure ? "https" : "http"}://${req.headers.host ?? "localhost"}`);
  } catch {
    return { status: 400, code: "BAD_REQUEST", jsonRpcCode: -32600, message: "The request's Host header or URL is not valid." };
  }
  let body: Buffer | undefined;
  if (req.method !== "GET" && req.method !== "HEAD") {
    const read = await readBody(req, MAX_BODY_BYTES);
    if (!read) {
      const message = `The request body is larger than ${MAX_BODY_BYTES / 1_000_000} MB.`;
      return { status: 413, code: "PAYLOAD_TOO_LARGE", jsonRpcCode: -32013, message };
    }
    body = read;
  }
  const controller = new AbortController();
  const abort = () => controller.abort();
  res.once("close", abort);
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  const request = new Request(url, {
    method: req.method,
    headers,
    body: body?.toString("utf8"),
    signal: controller.signal,
  });
  return { request, settled: () => res.off("close", abort) };
}

/**
 * The tRPC API over HTTP for the browser and outside programs: tRPC's fetch
 * adapter, mounted straight on Express (ahead of static files and Remix's
 * router, which it does not need).
 */
export function trpcHttpHandler(db: Kysely<Database>): RequestHandler {
  return async (req, res, next) => {
    try {
      const converted = await fetchRequestOf(req, res);
      if ("status" in converted) {
        // Worded as tRPC words its errors; the connection closes, so an unread body is never read.
        res.status(converted.status).setHeader("Connection", "close");
        res.json({
          error: { message: converted.message, code: converted.jsonRpcCode, data: { code: converted.code, httpStatus: converted.status } },
        });
        return;
      }
      const { request, settled } = converted;
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
      settled();
      res.setHeader("Vary", "Accept-Encoding");
      if (body.length >= COMPRESS_FROM_BYTES && /\bgzip\b/.test(req.get("accept-encoding") ?? "")) {
        res.setHeader("Content-Encoding", "gzip");
        // Level 1: a third of the CPU of the default level for a slightly larger body (a 580 KB board
        // answer gzips in ~3 ms instead of ~9 ms); on a 2-core server CPU is the scarcer resource.
        res.end(body.length < COMPRESS_ON_POOL_FROM_BYTES ? gzipSync(body, { level: 1 }) : await gzipAsync(body, { level: 1 }));
      } else {
        res.end(body);
      }
    } catch (error) {
      // A client that left mid-request has no one to answer.
      if (req.socket.destroyed) return;
      next(error);
    }
  };
}
