import { routes } from "@ssgbay/contract";
import type { Router } from "express";
import type { Pool } from "mysql2/promise";
import { HttpError } from "../http/errors.js";
import { contractRouter } from "../http/routes.js";
import { parseRequest } from "../http/validate.js";
import type { EventHub } from "./hub.js";
import { readItemStates } from "./repository.js";

export function eventsRouter(pool: Pool, hub: EventHub): Router {
  const { router, on } = contractRouter();
  on(routes.itemEvents, async (req, res) => {
    const { id } = parseRequest(routes.itemEvents.params, req.params, "params");
    const state = (await readItemStates(pool, [id])).get(id);
    if (!state) throw new HttpError("NOT_FOUND", "No such item.");
    hub.watch(id, res, state);
  });
  return router;
}
