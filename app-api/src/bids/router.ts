import { Router } from "express";
import { currentUserId, requireAuth } from "../auth/middleware.js";
import { parseRequest } from "../http/validate.js";
import { itemParamsSchema } from "../items/schemas.js";
import { bidBodySchema } from "./schemas.js";
import type { BidsService } from "./service.js";

export function bidsRouter(service: BidsService, jwtSecret: string): Router {
  const router = Router();
  router.post("/:id/bids", requireAuth(jwtSecret), async (req, res) => {
    const { id } = parseRequest(itemParamsSchema, req.params, "params");
    const { amount } = parseRequest(bidBodySchema, req.body, "body");
    res.status(201).json(await service.place({ itemId: id, bidderId: currentUserId(res), amount }));
  });
  return router;
}
