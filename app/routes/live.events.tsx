import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/api.server";

/** How often a comment line keeps idle proxies from closing the stream. */
const KEEPALIVE_MS = 20_000;

/**
 * GET /live/events — Server-Sent Events for the agent console and the
 * supervisor wall, any signed-in role. Each event names what changed (a
 * handoff's step, an agent's availability) by id only; the page reloads its
 * own data, through the same permission checks as always.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      const close = () => {
        if (!open) return;
        open = false;
        clearInterval(keepalive);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const unsubscribe = context.live.subscribe({
        onEvent: (event) => send(`event: ${event.topic}\ndata: ${JSON.stringify(event)}\n\n`),
        onClose: close,
      });
      const keepalive = setInterval(() => send(": keepalive\n\n"), KEEPALIVE_MS);
      request.signal.addEventListener("abort", close);
      cleanup = close;
      // Reconnect after 3 s if the connection drops; the first line tells the page it is live.
      send("retry: 3000\nevent: ready\ndata: {}\n\n");
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: the compression middleware leaves it alone, so events are not buffered.
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
