import autocannon from "autocannon";
import { percentile } from "./stats.js";

/** Raw samples of one closed-loop load run. */
export interface LoadSample {
  operations: number;
  failures: number;
  elapsedMs: number;
  latenciesMs: number[];
}

/** What the summary reports for a load run. */
export interface LoadFigures {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  operations: number;
  failures: number;
}

export function figuresOf(sample: LoadSample): LoadFigures {
  if (sample.latenciesMs.length === 0) throw new Error("load run completed no operation");
  return {
    perSecond: (sample.operations / sample.elapsedMs) * 1000,
    p50Ms: percentile(sample.latenciesMs, 50),
    p99Ms: percentile(sample.latenciesMs, 99),
    operations: sample.operations,
    failures: sample.failures,
  };
}

/** Upper bound on operations of one run, whatever its duration. */
const MAX_OPERATIONS = 5_000_000;

export interface ClosedLoopOptions {
  concurrency: number;
  durationMs: number;
  maxOperations?: number;
  /** One operation; throwing counts a failure (and its latency is not recorded). */
  operation: (worker: number) => Promise<void>;
}

/**
 * `concurrency` workers each run `operation` back to back until the time or the operation
 * budget is spent: the same closed loop autocannon runs with that many connections.
 */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<LoadSample> {
  const budget = Math.min(options.maxOperations ?? MAX_OPERATIONS, MAX_OPERATIONS);
  const latenciesMs: number[] = [];
  let started = 0;
  let failures = 0;
  const begin = performance.now();
  const deadline = begin + options.durationMs;
  const worker = async (index: number) => {
    while (performance.now() < deadline && started < budget) {
      started++;
      const sent = performance.now();
      try {
        await options.operation(index);
        latenciesMs.push(performance.now() - sent);
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, index) => worker(index)));
  return {
    operations: latenciesMs.length,
    failures,
    elapsedMs: performance.now() - begin,
    latenciesMs,
  };
}

export interface HttpLoadOptions {
  baseUrl: string;
  /** Request paths, used in turn across all connections. */
  paths: readonly string[];
  connections: number;
  durationMs: number;
}

/**
 * Runs autocannon against the API and records every response time itself, so percentiles are
 * exact and computed the same way as the raw reference's. Any non-2xx answer is a failure.
 */
export async function runHttpLoad(options: HttpLoadOptions): Promise<LoadSample> {
  if (options.paths.length === 0) throw new Error("no paths to request");
  let next = 0;
  const latenciesMs: number[] = [];
  let failures = 0;
  const begin = performance.now();
  const run = autocannon(
    {
      url: options.baseUrl,
      connections: options.connections,
      duration: options.durationMs / 1000,
      timeout: 30,
      requests: [
        {
          method: "GET",
          setupRequest: (request) => {
            const path = options.paths[next++ % options.paths.length] as string;
            return { ...request, path };
          },
        },
      ],
    },
    () => {},
  );
  run.on("response", (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latenciesMs.push(responseTime);
    else failures++;
  });
  run.on("reqError", () => {
    failures++;
  });
  await new Promise<void>((resolve, reject) => {
    run.once("done", () => resolve());
    run.once("error", reject);
  });
  return {
    operations: latenciesMs.length,
    failures,
    elapsedMs: performance.now() - begin,
    latenciesMs,
  };
}
