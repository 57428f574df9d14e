import type pg from "pg";
import type { ScaleSeedResult } from "../../../db/scale-seed";
import type { BenchRequest } from "../load";
import type { LoopbackHttpClient } from "../http-client";
import type { SignedInSession } from "../frontline-client";

/** What an operation may use to prepare its requests. */
export interface BenchContext {
  /** Keep-alive client for the app under test. */
  http: LoopbackHttpClient;
  /** Straight to the scratch database, sized like the app's pool: for raw floors. */
  pg: pg.Pool;
  /** Signs in as one of the seeded demo users (chosen by `index`, wrapping around). */
  signIn(index?: number): Promise<SignedInSession>;
  /** Signs in as anyone, e.g. a scale user (password SCALE_PASSWORD). */
  signInAs(email: string, password: string): Promise<SignedInSession>;
  /** What the scale seed made, when a selected operation asked for it. */
  scale: ScaleSeedResult | null;
  /** Warm-up plus measured seconds: operations that use up rows size their supply by it. */
  phaseSeconds: number;
  /** The PostgreSQL server's URL (for operations that make a database of their own) and the scratch database's name. */
  serverUrl: string;
  scratchName: string;
}

export interface BenchOperation {
  /** Short and stable: it keys results.json across runs. */
  name: string;
  description: string;
  /** Closed-loop workers; state why when it is not the usual number. */
  concurrency: number;
  /** Needs the scale seed; the runner seeds once, before the first operation. */
  scaleSeed?: boolean;
  /** The operation that is this one's floor (same SQL, raw); the table shows the p95 ratio to it. */
  floor?: string;
  /** Runs once before the load; returns the request the workers repeat (it throws on a failed request). */
  prepare?(ctx: BenchContext): Promise<BenchRequest>;
  /**
   * Instead of a latency loop: one timed run of a bulk job (an import). The table shows its rows
   * as requests and rows per second as req/s; `detail` is printed under the table.
   */
  once?(ctx: BenchContext): Promise<{ rows: number; ms: number; detail: string }>;
}
