import { routes } from "@ssgbay/contract";
import type { Pool } from "mysql2/promise";
import { currentUserId, requireAuth } from "../auth/middleware.js";
import type { JwtKey } from "../auth/tokens.js";
import { contractRoutes, type ServedRoute } from "../http/routes.js";
import { bidsOf, itemsSoldBy, purchasesOf } from "./repository.js";

/** The signed-in user's own lists; the user id comes only from the token, never the client. */
export function meRoutes(pool: Pool, jwtKey: JwtKey): ServedRoute[] {
  const { served, on } = contractRoutes(requireAuth(jwtKey));
  on(routes.myItems, async (_req, res) => {
    res.json({ items: await itemsSoldBy(pool, currentUserId(res)) });
  });
  on(routes.myPurchases, async (_req, res) => {
    res.json({ items: await purchasesOf(pool, currentUserId(res)) });
  });
  on(routes.myBids, async (_req, res) => {
    res.json({ items: await bidsOf(pool, currentUserId(res)) });
  });
  return served;
}
