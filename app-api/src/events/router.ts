import { routes } from "@ssgbay/contract";
import type { Router } from "express";
import { ipKeyGenerator } from "express-rate-limit";
import type { Pool } from "mysql2/promise";
import { HttpError } from "../http/errors.js";
import { contractRouter } from "../http/routes.js";
import { parseRequest } from "../http/validate.js";
import type { EventHub } from "./hub.js";
import type { StreamLimiter } from "./limits.js";
import { readItemStates } from "./repository.js";

export function eventsRouter(pool: Pool, hub: EventHub, limiter: StreamLimiter): Router {
  const { router, on } = contractRouter();
  on(routes.itemEvents, async (req, res) => {
    const { id } = parseRequest(routes.itemEvents.params, req.params, "params");
    // req.ip is the client's address as `trust proxy` (TRUST_PROXY) resolves it; IPv6 clients
    // are counted by /56 like the auth rate limit, since one holds a whole prefix.
    const slot = limiter.acquire(ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? ""));
    if (slot === "per_address") {
      throw new HttpError("RATE_LIMITED", "Too many live streams from this address.");
    }
    if (slot === "per_replica") {
      throw new HttpError("UNAVAILABLE", "Too many live streams on this server. Try again later.");
    }
    // Whichever way the response ends (the client leaves, the stream ends, an error answers).
    res.once("close", slot.release);
    const state = (await readItemStates(pool, [id])).get(id);
    if (!state) throw new HttpError("NOT_FOUND", "No such item.");
    hub.watch(id, res, state);
  });
  return router;
}
