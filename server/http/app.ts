import crypto from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { LiveHub } from "../support/live";
import type { FrontlineLoadContext } from "./load-context";
import { isCrossSiteWrite } from "./origin-check";
import { TRPC_ENDPOINT, trpcHttpHandler } from "./trpc-handler";

export interface HttpAppOptions {
  db: Kysely<Database>;
  build: ServerBuild;
  /** Folder with favicon and `build/` (the browser bundle). */
  publicDir?: string;
  /** Live events for the SSE route (`/live/events`). */
  live: LiveHub;
  /** Express `trust proxy` setting; set when behind a load balancer. */
  trustProxy?: string | boolean | number;
}

/** Helmet's settings shared by pages and API answers. */
const HELMET_COMMON = {
  crossOriginEmbedderPolicy: false,
  // Not helmet's no-referrer: under it browsers send "Origin: null" on same-origin form posts
  // (before scripts load), which the action's origin check then refuses. Other sites still get no referrer.
  referrerPolicy: { policy: "same-origin" as const },
  strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
};

/** An API answer is data, never a document: it may load nothing and be framed by no one. */
const API_CSP = { "default-src": ["'none'"], "frame-ancestors": ["'none'"] };

/** The headers a middleware sets when it sets the same ones on every response (helmet without a nonce). */
function headersOf(middleware: (req: express.Request, res: express.Response, next: (error?: unknown) => void) => void): [string, string][] {
  const headers = new Map<string, string>();
  const res = {
    setHeader: (name: string, value: string | number) => void headers.set(name, String(value)),
    removeHeader: (name: string) => void headers.delete(name),
  };
  let done = false;
  middleware({} as express.Request, res as unknown as express.Response, (error) => {
    if (error) throw error;
    done = true;
  });
  if (!done) throw new Error("headersOf: the middleware did not finish at once.");
  return [...headers];
}

/** The one HTTP server: Remix pages, the tRPC endpoint, assets, health. */
export function createHttpApp({ db, build, live, publicDir = "public", trustProxy = false }: HttpAppOptions) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxy);
  // Nothing reads req.query (the API parses its own `input`; Remix reads the URL): no qs parse per request.
  app.set("query parser", false);

  app.get("/healthz", (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json({ status: "ok" });
  });

  app.use((req, res, next) => {
    const forwardedHost = app.get("trust proxy") ? req.get("x-forwarded-host") : undefined;
    const refused = isCrossSiteWrite({
      method: req.method,
      host: forwardedHost ?? req.get("host"),
      origin: req.get("origin"),
      secFetchSite: req.get("sec-fetch-site"),
    });
    if (!refused) return next();
    res.status(403).type("text/plain").send("Cross-site request refused.");
  });

  // Ahead of the nonce, helmet's per-request work, compression, static files and Remix: API answers are
  // JSON with headers that never change (computed once), and the API compresses its own large bodies.
  const apiHeaders = headersOf(helmet({ ...HELMET_COMMON, contentSecurityPolicy: { useDefaults: false, directives: API_CSP } }));
  const trpc = trpcHttpHandler(db);
  app.all(`${TRPC_ENDPOINT}/*`, (req, res, next) => {
    for (const [name, value] of apiHeaders) res.setHeader(name, value);
    return trpc(req, res, next);
  });

  app.use((_req, res, next) => {
    res.locals.nonce = crypto.randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      ...HELMET_COMMON,
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.nonce}'`],
          "connect-src": ["'self'"],
          "img-src": ["'self'", "data:"],
          // Only meaningful over HTTPS; on plain-HTTP development it would break assets.
          "upgrade-insecure-requests": null,
        },
      },
    }),
  );

  app.use(compression());
  app.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(publicDir, { maxAge: "1h" }));

  app.all(
    "*",
    createRequestHandler({
      build,
      getLoadContext: (req, res): FrontlineLoadContext => ({
        db,
        nonce: res.locals.nonce as string,
        clientIp: req.ip ?? null,
        live,
      }),
    }),
  );
  return app;
}
