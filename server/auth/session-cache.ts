import type { Kysely } from "kysely";
import type { DatabaseSession, DatabaseUser } from "lucia";
import type { DatabaseHandle } from "../../db/client";
import type { Database } from "../../db/schema";

/**
 * Validated sessions kept in the server's memory, so a signed-in request
 * does not read its session and user from the database every time.
 *
 * Safe only because the database says when an entry goes stale: triggers on
 * `sessions` and `users` (migration 0015) NOTIFY every server of a session
 * renewed, ended or deleted and of a user renamed, re-roled or disabled, from
 * whatever code or SQL made the change. The cache is used only while this
 * server is listening: it starts empty and off, turns on once LISTEN is up,
 * and is emptied and turned off the moment that connection drops (back on
 * after it reconnects). An entry also expires after `maxAgeMs`, and a session
 * in the second half of its life (lucia renews or ends those) is always read
 * fresh, so renewal and expiry are decided on the database's own values.
 */

export const SESSION_CHANNEL = "frontline_sessions";

export interface SessionCacheEntry {
  session: DatabaseSession;
  user: DatabaseUser;
}

interface Stored extends SessionCacheEntry {
  storedAt: number;
}

export interface SessionCacheOptions {
  /** Longest an entry is served without reading the database again. */
  maxAgeMs?: number;
  /** Entries kept; the oldest go first. */
  maxEntries?: number;
  now?: () => number;
}

export class SessionCache {
  private readonly entries = new Map<string, Stored>();
  /** Bumped by every eviction: a read that started before one must not be stored after it. */
  private generation = 0;
  private live = false;
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  readonly stats = { hits: 0, misses: 0, evictions: 0 };

  constructor(options: SessionCacheOptions = {}) {
    this.maxAgeMs = options.maxAgeMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 20_000;
    this.now = options.now ?? Date.now;
  }

  /** Whether entries are served and stored (only while invalidations can arrive). */
  get enabled(): boolean {
    return this.live;
  }

  get size(): number {
    return this.entries.size;
  }

  /** LISTEN is up (again): start caching, from empty. */
  resume(): void {
    this.clear();
    this.live = true;
  }

  /** LISTEN is down: invalidations may be missed, so nothing cached may be trusted. */
  suspend(): void {
    this.live = false;
    this.clear();
  }

  get(sessionId: string): SessionCacheEntry | null {
    if (!this.live) return null;
    const entry = this.entries.get(sessionId);
    if (!entry) {
      this.stats.misses++;
      return null;
    }
    if (this.now() - entry.storedAt >= this.maxAgeMs) {
      this.entries.delete(sessionId);
      this.stats.misses++;
      return null;
    }
    this.stats.hits++;
    return entry;
  }

  /** Call before reading the database; pass the token to `set`. */
  readToken(): number {
    return this.generation;
  }

  /** Stores what a database read found, unless something was evicted since the read began. */
  set(token: number, entry: SessionCacheEntry): void {
    if (!this.live || token !== this.generation) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(entry.session.id, { ...entry, storedAt: this.now() });
  }

  evictSession(sessionId: string): void {
    this.generation++;
    this.stats.evictions++;
    this.entries.delete(sessionId);
  }

  evictUser(userId: string): void {
    this.generation++;
    this.stats.evictions++;
    for (const [id, entry] of this.entries) if (entry.session.userId === userId) this.entries.delete(id);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  /** A NOTIFY payload from the triggers: `session:<id>` or `user:<id>`. Anything else empties the cache. */
  deliver(payload: string): void {
    const colon = payload.indexOf(":");
    const kind = payload.slice(0, colon);
    const id = payload.slice(colon + 1);
    if (kind === "session" && id) this.evictSession(id);
    else if (kind === "user" && id) this.evictUser(id);
    else this.clear();
  }
}

const caches = new WeakMap<Kysely<Database>, SessionCache>();

/** The cache serving session checks on this database handle, if one was started. */
export function sessionCacheFor(db: Kysely<Database>): SessionCache | undefined {
  return caches.get(db);
}

/**
 * Starts caching session checks made on `handle.db`. Resolves once LISTEN is
 * up; the stop function ends the caching and the listening.
 */
export async function startSessionCache(
  handle: Pick<DatabaseHandle, "db" | "listen">,
  options: SessionCacheOptions = {},
): Promise<{ cache: SessionCache; stop(): Promise<void> }> {
  const cache = new SessionCache(options);
  const unlisten = await handle.listen(
    SESSION_CHANNEL,
    (payload) => cache.deliver(payload),
    () => cache.resume(),
    () => cache.suspend(),
  );
  cache.resume();
  caches.set(handle.db, cache);
  return {
    cache,
    async stop() {
      if (caches.get(handle.db) === cache) caches.delete(handle.db);
      cache.suspend();
      await unlisten();
    },
  };
}
