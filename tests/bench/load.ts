import { summarizeLatencies, type LatencySummary } from "./stats";

/** One request; resolves when it succeeded, throws when it failed. `worker` is 0…concurrency-1. */
export type BenchRequest = (worker: number) => Promise<void>;

export interface ClosedLoopOptions {
  concurrency: number;
  durationMs: number;
  warmupMs: number;
  /** Hard cap per phase, so a very fast operation cannot grow memory without bound. */
  maxRequests: number;
}

export interface LoadResult {
  concurrency: number;
  requests: number;
  errors: number;
  /** From the start of the measured phase until the last in-flight request finished. */
  elapsedMs: number;
  throughputPerS: number;
  /** Successful requests only; a fast failure would flatter the percentiles. */
  latencyMs: LatencySummary;
  firstError: string | null;
}

export interface PhaseResult {
  latenciesMs: number[];
  errors: number;
  elapsedMs: number;
  firstError: string | null;
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * Closed loop: each of `concurrency` workers sends its next request as soon
 * as the previous one returns, for a fixed time. A warm-up phase of the same
 * shape runs first and is thrown away (JIT, pools, caches).
 */
export async function runClosedLoop(request: BenchRequest, options: ClosedLoopOptions): Promise<LoadResult> {
  if (options.warmupMs > 0) await runPhase(request, options.concurrency, options.warmupMs, options.maxRequests);
  return loadResult(options.concurrency, [await runPhase(request, options.concurrency, options.durationMs, options.maxRequests)]);
}

/** Several measured phases of one operation (slices taken in turn with its floor's) as one result. */
export function loadResult(concurrency: number, phases: PhaseResult[]): LoadResult {
  const latenciesMs = phases.flatMap((p) => p.latenciesMs);
  const errors = phases.reduce((n, p) => n + p.errors, 0);
  const elapsedMs = phases.reduce((n, p) => n + p.elapsedMs, 0);
  return {
    concurrency,
    requests: latenciesMs.length + errors,
    errors,
    elapsedMs,
    throughputPerS: elapsedMs > 0 ? (latenciesMs.length / elapsedMs) * 1000 : 0,
    latencyMs: summarizeLatencies(latenciesMs),
    firstError: phases.find((p) => p.firstError)?.firstError ?? null,
  };
}

/** One closed-loop phase, its latencies kept (see runClosedLoop). */
export async function runPhase(
  request: BenchRequest,
  concurrency: number,
  durationMs: number,
  maxRequests: number,
): Promise<PhaseResult> {
  const latenciesMs: number[] = [];
  let errors = 0;
  let started = 0;
  let firstError: string | null = null;
  const start = nowMs();
  const deadline = start + durationMs;

  const worker = async (index: number) => {
    while (nowMs() < deadline && started < maxRequests) {
      started++;
      const t0 = process.hrtime.bigint();
      try {
        await request(index);
        latenciesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  return { latenciesMs, errors, elapsedMs: nowMs() - start, firstError };
}
