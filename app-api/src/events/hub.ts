import type { Response } from "express";
import type { Pool } from "mysql2/promise";
import type { Logger } from "pino";
import { openEventStream } from "../http/event-stream.js";
import { readItemStates, type WatchedItemState } from "./repository.js";

interface Watch {
  clients: Set<Response>;
  /** JSON of the last `price` event sent, to send only changes. */
  lastPrice: string | undefined;
}

export interface EventHub {
  /** Starts an SSE stream of the item's price events on `res`; the item must exist. */
  watch(itemId: number, res: Response, initial: WatchedItemState): void;
  /**
   * Polls an item soon instead of waiting for the next tick (after a local bid commits). Nudges
   * are coalesced: one query for every item nudged since the last one, at most one in flight.
   */
  nudge(itemId: number): void;
  /** Ends every stream and stops polling. */
  close(): void;
  readonly clientCount: number;
}

function send(res: Response, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/**
 * Live price updates fed by polling the database for the items that this process's clients
 * watch, so any replica sees bids placed through any other replica without a broker.
 */
export interface EventHubOptions {
  pollMs: number;
  /** Comment lines on idle streams, so proxies and load balancers keep them open. */
  heartbeatMs: number;
}

export function createEventHub(pool: Pool, options: EventHubOptions, logger: Logger): EventHub {
  const watches = new Map<number, Watch>();
  let polling = false;
  let closed = false;
  /** Items nudged since the last query that covered them. */
  const nudged = new Set<number>();
  let nudgeScheduled = false;
  let nudgeInFlight = false;

  function publish(itemId: number, state: WatchedItemState | undefined): void {
    const watch = watches.get(itemId);
    if (!watch) return;
    if (!state) {
      // The item was deleted: there is nothing more to hear about it.
      for (const client of watch.clients) client.end();
      watches.delete(itemId);
      return;
    }
    const price = JSON.stringify(state.price);
    if (price !== watch.lastPrice) {
      watch.lastPrice = price;
      for (const client of watch.clients) send(client, "price", state.price);
    }
    if (state.closed) {
      for (const client of watch.clients) {
        send(client, "closed", state.closed);
        client.end();
      }
      watches.delete(itemId);
    }
  }

  async function poll(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      const states = await readItemStates(pool, ids);
      for (const id of ids) publish(id, states.get(id));
    } catch (error) {
      logger.warn({ err: error }, "live price poll failed");
    }
  }

  /** One query for every nudged item; nudges during it wait for it and go in the next one. */
  function pollNudged(): void {
    if (nudgeInFlight || closed) return;
    const ids = [...nudged].filter((id) => watches.has(id));
    nudged.clear();
    if (ids.length === 0) return;
    nudgeInFlight = true;
    void poll(ids).finally(() => {
      nudgeInFlight = false;
      pollNudged();
    });
  }

  const pollTimer = setInterval(() => {
    if (polling) return;
    polling = true;
    // this tick's query covers every watched item, nudged ones included
    nudged.clear();
    poll([...watches.keys()]).finally(() => {
      polling = false;
    });
  }, options.pollMs);
  pollTimer.unref();

  const heartbeatTimer = setInterval(() => {
    for (const watch of watches.values()) {
      for (const client of watch.clients) client.write(": heartbeat\n\n");
    }
  }, options.heartbeatMs);
  heartbeatTimer.unref();

  return {
    watch(itemId, res, initial) {
      openEventStream(res);
      if (closed) {
        res.end();
        return;
      }
      let watch = watches.get(itemId);
      if (!watch) {
        watch = { clients: new Set(), lastPrice: JSON.stringify(initial.price) };
        watches.set(itemId, watch);
      }
      watch.clients.add(res);
      send(res, "price", initial.price);
      res.on("close", () => {
        const current = watches.get(itemId);
        current?.clients.delete(res);
        if (current && current.clients.size === 0) watches.delete(itemId);
      });
      if (initial.closed) publish(itemId, initial);
    },

    nudge(itemId) {
      if (!watches.has(itemId)) return;
      nudged.add(itemId);
      if (nudgeScheduled) return;
      nudgeScheduled = true;
      // the rest of this turn of the event loop (other commits' nudges) joins the same query
      setImmediate(() => {
        nudgeScheduled = false;
        pollNudged();
      });
    },

    close() {
      closed = true;
      nudged.clear();
      clearInterval(pollTimer);
      clearInterval(heartbeatTimer);
      for (const watch of watches.values()) {
        for (const client of watch.clients) client.end();
      }
      watches.clear();
    },

    get clientCount() {
      let count = 0;
      for (const watch of watches.values()) count += watch.clients.size;
      return count;
    },
  };
}
