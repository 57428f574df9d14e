import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { LiveHub } from "../support/live";

/** What the HTTP server hands every Remix loader and action. */
export type FrontlineLoadContext = {
  db: Kysely<Database>;
  /** CSP nonce for this response's inline scripts. */
  nonce: string;
  clientIp: string | null;
  /** Live events of this process (fed by LISTEN), for the SSE route. */
  live: LiveHub;
};

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    db: Kysely<Database>;
    nonce: string;
    clientIp: string | null;
    live: LiveHub;
  }
}
