import { promisify } from "node:util";
import { gzip, gzipSync } from "node:zlib";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import {
  getErrorShape,
  getHTTPStatusCode,
  getProcedureAtPath,
  getTRPCErrorFromUnknown,
  isAsyncIterable,
  isObject,
  isPromise,
  transformTRPCResponse,
  TRPCError,
  type AnyProcedure,
} from "@trpc/server/unstable-core-do-not-import";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { createRequestContext, type Context } from "../trpc/context";
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

/** An answer ready to send: status, headers (cookies apart) and body. */
interface Answer {
  status: number;
  headers: [string, string][];
  cookies: string[];
  body: Buffer;
}

function answerOf(status: number, contentHeaders: Headers | [string, string][], resHeaders: Headers | null, body: Buffer): Answer {
  const headers: [string, string][] = [];
  const cookies: string[] = [];
  const take = (source: Headers) => {
    source.forEach((value, name) => {
      if (name !== "set-cookie") headers.push([name, value]);
    });
    cookies.push(...source.getSetCookie());
  };
  if (contentHeaders instanceof Headers) take(contentHeaders);
  else headers.push(...contentHeaders);
  if (resHeaders) take(resHeaders);
  return { status, headers, cookies, body };
}

function refusalAnswer(refusal: RequestRefusal): Answer {
  // Worded as tRPC words its errors.
  const body = JSON.stringify({
    error: { message: refusal.message, code: refusal.jsonRpcCode, data: { code: refusal.code, httpStatus: refusal.status } },
  });
  return { status: refusal.status, headers: [["content-type", "application/json; charset=utf-8"], ["connection", "close"]], cookies: [], body: Buffer.from(body) };
}

/** One procedure called without batching or streaming: what the lean path answers. */
interface SingleCall {
  path: string;
  procedure: AnyProcedure;
  type: "query" | "mutation";
  input: unknown;
}

const PROCEDURE_PATH = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;

/**
 * The request as one plain call, or null when tRPC's adapter must answer it:
 * batches, streaming, other content types, unknown paths, a method the
 * procedure does not take, input that is not JSON. Those are rare, and the
 * adapter words their errors; the lean path answers only what it can answer
 * exactly as the adapter would (tested side by side).
 */
async function singleCallOf(req: ExpressRequest, url: URL, body: Buffer | undefined): Promise<SingleCall | null> {
  // Streaming (tRPC's getAcceptHeader) is the adapter's.
  if (req.headers["trpc-accept"] !== undefined || req.headers.accept?.includes("application/jsonl")) return null;
  const method = req.method;
  if (method !== "GET" && method !== "POST") return null;
  const contentType = req.headers["content-type"];
  if (contentType === undefined ? method === "POST" : !contentType.startsWith("application/json")) return null;
  for (const key of url.searchParams.keys()) if (key !== "input") return null;
  const path = url.pathname.slice(TRPC_ENDPOINT.length + 1).replace(/\/$/, "");
  if (!PROCEDURE_PATH.test(path)) return null;
  const procedure = await getProcedureAtPath(appRouter, path);
  if (!procedure) return null;
  const type = procedure._def.type;
  if (!(type === "query" && method === "GET") && !(type === "mutation" && method === "POST")) return null;
  let input: unknown;
  try {
    if (method === "GET") {
      const text = url.searchParams.get("input");
      input = text ? JSON.parse(text) : undefined;
    } else if (body!.length > 0 || procedure._def.inputs.length > 0) {
      // A procedure without input never reads the body, so a mutation like auth.logout may come without one.
      input = JSON.parse(body!.toString("utf8"));
    }
  } catch {
    return null;
  }
  return { path, procedure, type, input };
}

/** What tRPC's adapter refuses to send in a plain JSON answer: promises or iterables inside the result. */
function isDataStream(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isAsyncIterable(value)) return true;
  return Object.values(value).some((v) => isPromise(v) || isAsyncIterable(v));
}

const JSON_CONTENT: [string, string][] = [["content-type", "application/json"]];

/**
 * Calls one procedure and words the answer as tRPC's fetch adapter words a
 * single call (`{ result: { data } }` or `{ error: shape }`, status from the
 * error), without building a Fetch Request, Response, URL and abort signals
 * per request. The context is made once the call is known, as the adapter does.
 */
async function answerSingleCall(
  call: SingleCall,
  createContext: (resHeaders: Headers) => Promise<Context>,
  onError: (error: TRPCError, path: string | undefined) => void,
): Promise<Answer> {
  const resHeaders = new Headers();
  const config = appRouter._def._config;
  let ctx: Context | undefined;
  let response: { result: { data: unknown } } | { error: unknown };
  try {
    ctx = await createContext(resHeaders);
    const data = await call.procedure({
      path: call.path,
      getRawInput: async () => call.input,
      ctx,
      type: call.type,
      signal: undefined,
      batchIndex: 0,
    });
    if (isDataStream(data)) {
      const error = new TRPCError({
        code: "UNSUPPORTED_MEDIA_TYPE",
        message: "Cannot use stream-like response in non-streaming request - use httpBatchStreamLink",
      });
      onError(error, undefined);
      response = { error: getErrorShape({ config, ctx, error, input: undefined, path: undefined, type: call.type }) };
    } else {
      response = { result: { data } };
    }
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    onError(error, call.path);
    response = { error: getErrorShape({ config, ctx, error, input: call.input, path: call.path, type: call.type }) };
  }
  const status = getHTTPStatusCode([response] as Parameters<typeof getHTTPStatusCode>[0]);
  const body = Buffer.from(JSON.stringify(transformTRPCResponse(config, response as Parameters<typeof transformTRPCResponse>[1])));
  return answerOf(status, JSON_CONTENT, resHeaders, body);
}

/**
 * The request through tRPC's fetch adapter, for everything the lean path
 * leaves to it. tRPC's own Node conversion (`incomingMessageToRequest`)
 * aborts the request's signal whenever the connection closes, also after a
 * complete answer; here the abort is wired only until the answer is ready.
 */
async function answerWithAdapter(
  req: ExpressRequest,
  res: ExpressResponse,
  url: URL,
  body: Buffer | undefined,
  createContext: (resHeaders: Headers, request: Request) => Promise<Context>,
  onError: (error: TRPCError, path: string | undefined) => void,
): Promise<Answer> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  res.once("close", abort);
  try {
    const headers = new Headers();
    const raw = req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
    const request = new Request(url, { method: req.method, headers, body: body?.toString("utf8"), signal: controller.signal });
    const response = await fetchRequestHandler({
      endpoint: TRPC_ENDPOINT,
      req: request,
      router: appRouter,
      createContext: ({ resHeaders }) => createContext(resHeaders, request),
      onError: ({ error, path }) => onError(error, path),
    });
    return answerOf(response.status, response.headers, null, Buffer.from(await response.arrayBuffer()));
  } finally {
    res.off("close", abort);
  }
}

/** The URL tRPC would see, or null when the Host header makes none. */
function urlOf(req: ExpressRequest): URL | null {
  try {
    return new URL(req.originalUrl, `${req.secure ? "https" : "http"}://${req.headers.host ?? "localhost"}`);
  } catch {
    return null;
  }
}

/** The request's headers as the context reads them (Node joins repeated headers; the context reads single ones). */
function headerReader(req: ExpressRequest): Pick<Headers, "get"> {
  return {
    get(name: string) {
      const value = req.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

export interface TrpcHttpOptions {
  /**
   * Answer plain single calls without tRPC's fetch adapter (default). Off,
   * every request goes through the adapter: the reference the lean path is
   * tested against.
   */
  lean?: boolean;
  /** Told which path answered each request (for tests). */
  observe?: (path: "lean" | "adapter") => void;
}

/**
 * The tRPC API over HTTP for the browser and outside programs, mounted
 * straight on Express (ahead of static files and Remix's router). A plain
 * call (one procedure, JSON, no batch or stream) is answered by the lean
 * path; everything else by tRPC's fetch adapter. On this kind of machine the
 * adapter's Fetch objects cost about a third of a small request's CPU.
 */
export function trpcHttpHandler(db: Kysely<Database>, options: TrpcHttpOptions = {}): RequestHandler {
  const lean = options.lean ?? true;
  return async (req, res, next) => {
    try {
      const url = urlOf(req);
      let answer: Answer;
      if (!url) {
        answer = refusalAnswer({ status: 400, code: "BAD_REQUEST", jsonRpcCode: -32600, message: "The request's Host header or URL is not valid." });
      } else {
        let body: Buffer | null | undefined;
        if (req.method !== "GET" && req.method !== "HEAD") body = await readBody(req, MAX_BODY_BYTES);
        if (body === null) {
          const message = `The request body is larger than ${MAX_BODY_BYTES / 1_000_000} MB.`;
          answer = refusalAnswer({ status: 413, code: "PAYLOAD_TOO_LARGE", jsonRpcCode: -32013, message });
        } else {
          const ip = req.ip ?? null;
          const onError = (error: TRPCError, path: string | undefined) => {
            if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed`, error);
          };
          const call = lean ? await singleCallOf(req, url, body) : null;
          options.observe?.(call ? "lean" : "adapter");
          answer = call
            ? await answerSingleCall(
                call,
                (resHeaders) =>
                  createRequestContext({ db, request: { url: url.href, headers: headerReader(req) }, resHeaders, ip, secure: req.secure }),
                onError,
              )
            : await answerWithAdapter(
                req,
                res,
                url,
                body,
                (resHeaders, request) => createRequestContext({ db, request, resHeaders, ip, secure: req.secure }),
                onError,
              );
        }
      }
      await send(req, res, answer);
    } catch (error) {
      // A client that left mid-request has no one to answer.
      if (req.socket.destroyed) return;
      next(error);
    }
  };
}

async function send(req: ExpressRequest, res: ExpressResponse, answer: Answer): Promise<void> {
  res.status(answer.status);
  for (const [name, value] of answer.headers) res.setHeader(name, value);
  if (answer.cookies.length) res.setHeader("Set-Cookie", answer.cookies);
  res.setHeader("Vary", "Accept-Encoding");
  const body = answer.body;
  if (body.length >= COMPRESS_FROM_BYTES && /\bgzip\b/.test(req.get("accept-encoding") ?? "")) {
    res.setHeader("Content-Encoding", "gzip");
    // Level 1: a third of the CPU of the default level for a slightly larger body (a 580 KB board
    // answer gzips in ~3 ms instead of ~9 ms); on a 2-core server CPU is the scarcer resource.
    res.end(body.length < COMPRESS_ON_POOL_FROM_BYTES ? gzipSync(body, { level: 1 }) : await gzipAsync(body, { level: 1 }));
  } else {
    res.end(body);
  }
}
