import { sql, type Kysely } from "kysely";
import type { DatabaseHandle } from "../../db/client";
import type { Database, HandoffEventKind, PresenceStatus } from "../../db/schema";

/**
 * Live updates for the agent console and the supervisor wall. A change
 * publishes a small event with NOTIFY inside its own transaction, so it is
 * delivered when (and only if) the change commits, to every app server that
 * LISTENs — on PostgreSQL across servers, on the embedded database within the
 * one process. Pages subscribe through the SSE route (`/live/events`) and
 * reload their data when an event arrives; events carry ids, never customer data.
 */

export const LIVE_CHANNEL = "frontline_live";

export type LiveEvent =
  | { topic: "handoffs"; kind: HandoffEventKind; handoffId: string; agentId: string | null }
  | { topic: "presence"; kind: PresenceStatus; agentId: string }
  /** Notifications may have been missed (the LISTEN connection was lost): reload everything. */
  | { topic: "resync" };

/** Sends the event when the caller's transaction commits (dropped if it rolls back). */
export async function publishLive(db: Kysely<Database>, event: LiveEvent): Promise<void> {
  await sql`SELECT pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(event)})`.execute(db);
}

export interface LiveSubscriber {
  onEvent(event: LiveEvent): void;
  /** The hub is stopping (the server shuts down): end the stream. */
  onClose?(): void;
}

/** The process's subscribers, fed by one LISTEN. */
export class LiveHub {
  private readonly subscribers = new Set<LiveSubscriber>();

  subscribe(subscriber: LiveSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** A NOTIFY payload arrived. Anything unreadable is ignored (it did not come from publishLive). */
  deliver(payload: string): void {
    let event: LiveEvent;
    try {
      event = JSON.parse(payload) as LiveEvent;
    } catch {
      return;
    }
    if (!event || typeof event !== "object" || typeof event.topic !== "string") return;
    this.emit(event);
  }

  emit(event: LiveEvent): void {
    for (const s of [...this.subscribers]) {
      try {
        s.onEvent(event);
      } catch (error) {
        console.error("A live subscriber failed:", error);
      }
    }
  }

  close(): void {
    for (const s of [...this.subscribers]) s.onClose?.();
    this.subscribers.clear();
  }
}

/** LISTENs on the database and feeds a new hub. Call before serving. */
export async function startLiveHub(handle: Pick<DatabaseHandle, "listen">): Promise<{ hub: LiveHub; stop(): Promise<void> }> {
  const hub = new LiveHub();
  const unlisten = await handle.listen(
    LIVE_CHANNEL,
    (payload) => hub.deliver(payload),
    () => hub.emit({ topic: "resync" }),
  );
  return {
    hub,
    async stop() {
      hub.close();
      await unlisten();
    },
  };
}
