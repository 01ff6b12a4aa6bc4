import { routes } from "@ssgbay/contract";
import type { Pool } from "mysql2/promise";
import { HttpError } from "../http/errors.js";
import { contractRoutes, type ServedRoute } from "../http/routes.js";
import { parseRequest } from "../http/validate.js";
import type { EventHub } from "./hub.js";
import type { StreamLimiter } from "./limits.js";
import { readItemStates } from "./repository.js";
import { takeStreamSlot } from "./slot.js";

export function eventsRoutes(pool: Pool, hub: EventHub, limiter: StreamLimiter): ServedRoute[] {
  const { served, on } = contractRoutes();
  on(routes.itemEvents, async (req, res) => {
    const { id } = parseRequest(routes.itemEvents.params, req.params, "params");
    takeStreamSlot(limiter, req, res);
    const state = (await readItemStates(pool, [id])).get(id);
    if (!state) throw new HttpError("NOT_FOUND", "No such item.");
    hub.watch(id, res, state);
  });
  return served;
}
