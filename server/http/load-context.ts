import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

/** What the HTTP server hands every Remix loader and action. */
export type FrontlineLoadContext = {
  db: Kysely<Database>;
  /** CSP nonce for this response's inline scripts. */
  nonce: string;
  clientIp: string | null;
};

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    db: Kysely<Database>;
    nonce: string;
    clientIp: string | null;
  }
}
