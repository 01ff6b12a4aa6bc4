import { Router } from "express";
import type { Pool } from "mysql2/promise";
import { ApiError } from "../http/errors.js";
import { parseRequest } from "../http/validate.js";
import { itemParamsSchema } from "../items/schemas.js";
import type { EventHub } from "./hub.js";
import { readItemStates } from "./repository.js";

export function eventsRouter(pool: Pool, hub: EventHub): Router {
  const router = Router();
  router.get("/:id/events", async (req, res) => {
    const { id } = parseRequest(itemParamsSchema, req.params, "params");
    const state = (await readItemStates(pool, [id])).get(id);
    if (!state) throw new ApiError("NOT_FOUND", "No such item.");
    hub.watch(id, res, state);
  });
  return router;
}
