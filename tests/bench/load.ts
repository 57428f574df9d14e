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

interface PhaseResult {
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
  const phase = await runPhase(request, options.concurrency, options.durationMs, options.maxRequests);
  const requests = phase.latenciesMs.length + phase.errors;
  return {
    concurrency: options.concurrency,
    requests,
    errors: phase.errors,
    elapsedMs: phase.elapsedMs,
    throughputPerS: phase.elapsedMs > 0 ? (phase.latenciesMs.length / phase.elapsedMs) * 1000 : 0,
    latencyMs: summarizeLatencies(phase.latenciesMs),
    firstError: phase.firstError,
  };
}

async function runPhase(
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
