import crypto from "node:crypto";
import pg from "pg";

/**
 * Named (server-side prepared) statements for the app's repeated queries.
 *
 * Kysely sends every statement unnamed, so PostgreSQL parses, analyses and
 * plans it on each run; for the app's small indexed lookups planning costs
 * more than running (a customer 360 page: 1.2 ms of planning for 0.9 ms of
 * execution over six statements). This client names a statement once its
 * exact text has been seen `PREPARE_AFTER` times in the process, so each
 * connection parses it once and PostgreSQL may keep a generic plan (it does
 * so only when that plan costs no more than custom ones, so a prefix search
 * whose plan depends on the value keeps being planned per call).
 *
 * Bounded: texts longer than `MAX_TEXT` (batch inserts) are never named, and
 * a connection names at most `MAX_PER_CONNECTION` statements (then sends the
 * rest unnamed); pooled connections close when idle, which frees them.
 */

export const PREPARE_AFTER = 3;
export const MAX_TEXT = 8_000;
export const MAX_PER_CONNECTION = 400;
const MAX_TRACKED_TEXTS = 20_000;

const seen = new Map<string, number>();

/**
 * BEGIN, COMMIT and the like have no plan to keep: unnamed and without
 * parameters they go as one simple-protocol message, where a named statement
 * takes bind, describe, execute and sync.
 */
const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|start transaction|savepoint|release)\b/i;

function statementName(text: string): string {
  return `fl_${crypto.createHash("sha256").update(text).digest("base64url").slice(0, 24)}`;
}

/** Whether this text has been run often enough to be worth naming (counts the sighting). */
function worthNaming(text: string): boolean {
  const count = (seen.get(text) ?? 0) + 1;
  if (count <= PREPARE_AFTER) {
    if (seen.size >= MAX_TRACKED_TEXTS) seen.clear();
    seen.set(text, count);
  }
  return count >= PREPARE_AFTER;
}

export class PreparingClient extends pg.Client {
  private readonly names = new Map<string, string>();
  /** Texts whose prepared form went stale (a migration changed a table under a `SELECT *`): sent unnamed from then on. */
  private readonly stale = new Set<string>();

  /** How many statements this connection has named (for tests). */
  get preparedCount(): number {
    return this.names.size;
  }

  // pg's overloads are many; Kysely calls query(text, values) and gets a promise back.
  override query(...args: unknown[]): never {
    const [config, values] = args;
    if (
      typeof config === "string" &&
      args.length <= 2 &&
      config.length <= MAX_TEXT &&
      (values === undefined || Array.isArray(values)) &&
      !TRANSACTION_CONTROL.test(config)
    ) {
      let name = this.stale.has(config) ? undefined : this.names.get(config);
      if (!name && !this.stale.has(config) && this.names.size < MAX_PER_CONNECTION && worthNaming(config)) {
        name = statementName(config);
        this.names.set(config, name);
      }
      if (name) {
        // A Query made from the text and then named: a config object would be copied property by
        // property (pg's cloneQueryConfig, ~10 µs per statement here).
        const query = new pg.Query(config, values as unknown[] | undefined) as pg.Query & {
          name?: string;
          callback?: (error: Error | null, result: unknown) => void;
        };
        query.name = name;
        const run = new Promise((resolve, reject) => {
          query.callback = (error: Error | null, result: unknown) => (error ? reject(error) : resolve(result));
          (super.query as (q: pg.Query) => unknown)(query);
        });
        return run.catch((error: unknown) => {
          // "cached plan must not change result type": the statement fails once; later runs are planned afresh.
          if ((error as { code?: string }).code === "0A000") this.stale.add(config);
          throw error;
        }) as never;
      }
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}
