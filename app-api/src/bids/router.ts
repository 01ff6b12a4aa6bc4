import { routes } from "@ssgbay/contract";
import type { Router } from "express";
import { currentUserId, requireAuth } from "../auth/middleware.js";
import type { JwtKey } from "../auth/tokens.js";
import { contractRouter } from "../http/routes.js";
import { parseRequest } from "../http/validate.js";
import type { BidsService } from "./service.js";

export function bidsRouter(service: BidsService, jwtKey: JwtKey): Router {
  const { router, on } = contractRouter(requireAuth(jwtKey));
  const route = routes.placeBid;
  on(route, async (req, res) => {
    const { id } = parseRequest(route.params, req.params, "params");
    const { amount, maxAmount } = parseRequest(route.body, req.body, "body");
    const placed = await service.place({
      itemId: id,
      bidderId: currentUserId(res),
      amount,
      maxAmount,
    });
    res.status(route.response.status).json(placed);
  });
  return router;
}
