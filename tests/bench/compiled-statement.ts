import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type Compilable,
} from "kysely";
import type { Database } from "../../db/schema";

/**
 * A Kysely that only compiles, with the app's dialect: raw floors build the
 * services' queries with it, so they send the same SQL text through pg.
 */
export const sqlOnly = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

export interface CompiledStatement {
  text: string;
  /** The parameters for one run: each named slot filled from `values`, constants kept. */
  bind(values: (slot: string) => unknown): unknown[];
}

const MARK = "\u0000slot:";

/**
 * Compiles a query once, with named placeholders where the per-request values
 * go, so the floor's timed loop does only what pg does (no query building).
 * `build` gets a function naming a slot; use it wherever a value goes.
 */
export function compileOnce(build: (slot: (name: string) => any) => Compilable): CompiledStatement {
  const compiled = build((name) => `${MARK}${name}`).compile();
  const slots = compiled.parameters.map((p) => (typeof p === "string" && p.startsWith(MARK) ? p.slice(MARK.length) : null));
  return {
    text: compiled.sql,
    bind: (values) => compiled.parameters.map((p, i) => (slots[i] === null ? p : values(slots[i]))),
  };
}
