import { Router } from "express";
import type { Pool } from "mysql2/promise";
import { currentUserId, requireAuth } from "../auth/middleware.js";
import { bidsOf, itemsSoldBy, purchasesOf } from "./repository.js";

/** The signed-in user's own lists; the user id comes only from the token, never the client. */
export function meRouter(pool: Pool, jwtSecret: string): Router {
  const router = Router();
  router.use(requireAuth(jwtSecret));
  router.get("/items", async (_req, res) => {
    res.json({ items: await itemsSoldBy(pool, currentUserId(res)) });
  });
  router.get("/purchases", async (_req, res) => {
    res.json({ items: await purchasesOf(pool, currentUserId(res)) });
  });
  router.get("/bids", async (_req, res) => {
    res.json({ items: await bidsOf(pool, currentUserId(res)) });
  });
  return router;
}
