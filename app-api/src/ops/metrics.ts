import type { Pool } from "mysql2/promise";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { z } from "zod";
import type { BidOutcome } from "../bids/service.js";
import { type StreamLimiter, streamRefusals } from "../events/limits.js";

export interface Metrics {
  registry: Registry;
  /**
   * Counts and times a finished request by method, route pattern and status. Route patterns,
   * not raw paths, keep label values few: `/api/items/:id`, never `/api/items/7`.
   */
  recordRequest(method: string, route: string, status: number, seconds: number): void;
  recordBid(outcome: BidOutcome): void;
}

const queue = z.object({ length: z.number().int() });
// mysql2 exposes its pool's queues only as underscored fields; read them defensively so a change
// inside mysql2 silences the gauge instead of breaking /metrics.
const corePoolSchema = z.object({
  _allConnections: queue,
  _freeConnections: queue,
  _connectionQueue: queue,
});

function poolCounts(pool: Pool): { open: number; free: number; waiting: number } | undefined {
  const core = corePoolSchema.safeParse(pool.pool);
  if (!core.success) return undefined;
  return {
    open: core.data._allConnections.length,
    free: core.data._freeConnections.length,
    waiting: core.data._connectionQueue.length,
  };
}

export function createMetrics(
  pool: Pool,
  poolSize: number,
  streams: Pick<StreamLimiter, "open" | "onRefusal">,
): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request latency by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const bids = new Counter({
    name: "bids_total",
    help: "Bid attempts by outcome: accepted, or the refusal's error code",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });

  new Gauge({
    name: "db_pool_connections",
    help: "Database connections by state: open (all), in_use (lent out), waiting (queued requests)",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      const counts = poolCounts(pool);
      if (!counts) return;
      this.set({ state: "open" }, counts.open);
      this.set({ state: "in_use" }, counts.open - counts.free);
      this.set({ state: "waiting" }, counts.waiting);
    },
  });
  new Gauge({
    name: "db_pool_connections_max",
    help: "The pool's connection limit",
    registers: [registry],
    collect() {
      this.set(poolSize);
    },
  });
  const waits = new Counter({
    name: "db_pool_waits_total",
    help: "Times a request waited because every pooled connection was busy",
    registers: [registry],
  });
  pool.on("enqueue", () => waits.inc());

  new Gauge({
    name: "sse_streams_open",
    help: "Live event streams open on this replica",
    registers: [registry],
    collect() {
      this.set(streams.open);
    },
  });
  const refusals = new Counter({
    name: "sse_stream_refusals_total",
    help: "Live event streams refused: per_address (429) or per_replica (503)",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  // Both series exist from the start, so a rate over them never starts from nothing.
  for (const reason of streamRefusals) refusals.inc({ reason }, 0);
  streams.onRefusal((reason) => refusals.inc({ reason }));

  // Label sets bound once per (method, route, status) and per outcome: prom-client then skips
  // hashing a label object on every request.
  const boundRequests = new Map<
    string,
    { count: { inc(): void }; time: { observe(seconds: number): void } }
  >();
  const boundBids = new Map<BidOutcome, { inc(): void }>();

  return {
    registry,
    recordRequest(method, route, status, seconds) {
      const key = `${method} ${route} ${status}`;
      let bound = boundRequests.get(key);
      if (bound === undefined) {
        const statusLabel = String(status);
        bound = {
          count: requests.labels(method, route, statusLabel),
          time: duration.labels(method, route, statusLabel),
        };
        boundRequests.set(key, bound);
      }
      bound.count.inc();
      bound.time.observe(seconds);
    },
    recordBid(outcome) {
      let bound = boundBids.get(outcome);
      if (bound === undefined) {
        bound = bids.labels(outcome);
        boundBids.set(outcome, bound);
      }
      bound.inc();
    },
  };
}
