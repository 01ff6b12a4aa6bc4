import { routes } from "@ssgbay/contract";
import { currentUserId, requireAuth } from "../auth/middleware.js";
import type { JwtKey } from "../auth/tokens.js";
import { contractRoutes, type ServedRoute } from "../http/routes.js";
import { parseRequest } from "../http/validate.js";
import type { BidsService } from "./service.js";

export function bidsRoutes(service: BidsService, jwtKey: JwtKey): ServedRoute[] {
  const { served, on } = contractRoutes(requireAuth(jwtKey));
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
  return served;
}
