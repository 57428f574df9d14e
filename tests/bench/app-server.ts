import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { BenchSetupError } from "./scratch-database";

export interface AppServer {
  baseUrl: URL;
  /** The server's process (for its CPU time). */
  pid: number | undefined;
  /** SIGTERM, then SIGKILL if it has not exited after a while. */
  stop(): Promise<void>;
}

export interface StartAppServerOptions {
  /** The repository root (where package.json is). */
  cwd: string;
  databaseUrl: string;
  port: number;
  /** Generous: the first start after a source change runs `remix build`. */
  readyTimeoutMs?: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `server/start.ts` (the `npm start` path, build included) and waits for /healthz. */
export async function startAppServer({
  cwd,
  databaseUrl,
  port,
  readyTimeoutMs = 180_000,
}: StartAppServerOptions): Promise<AppServer> {
  const baseUrl = new URL(`http://127.0.0.1:${port}`);
  // For profiling the server alone, e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "server/start.ts"], {
    cwd,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  forwardOutput(child);
  let exited: number | string | null = null;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exited = code ?? signal ?? "unknown";
      resolve();
    }),
  );

  const stop = async () => {
    if (exited !== null) return;
    child.kill("SIGTERM");
    const killed = await Promise.race([exit.then(() => false), sleep(10_000).then(() => true)]);
    if (killed) {
      child.kill("SIGKILL");
      await exit;
    }
  };

  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (exited !== null) throw new BenchSetupError(`The app server exited (${exited}) before it was ready; see [server] output above.`);
    try {
      const res = await fetch(new URL("/healthz", baseUrl), { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.ok) return { baseUrl, pid: child.pid, stop };
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  await stop();
  throw new BenchSetupError(`The app server did not answer /healthz within ${readyTimeoutMs / 1000} s.`);
}

/** Server output goes to stderr, prefixed, so stdout carries only the results table. */
function forwardOutput(child: ChildProcess) {
  for (const stream of [child.stdout, child.stderr]) {
    let pending = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) process.stderr.write(`[server] ${line}\n`);
    });
    stream?.on("end", () => {
      if (pending) process.stderr.write(`[server] ${pending}\n`);
    });
  }
}
