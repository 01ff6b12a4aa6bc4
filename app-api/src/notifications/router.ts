import { afterSaleRoutes as routes } from "@ssgbay/contract";
import type { Pool } from "mysql2/promise";
import { currentUserId, requireAuth } from "../auth/middleware.js";
import type { JwtKey } from "../auth/tokens.js";
import type { StreamLimiter } from "../events/limits.js";
import { takeStreamSlot } from "../events/slot.js";
import { contractRoutes, type ServedRoute } from "../http/routes.js";
import { parseRequest } from "../http/validate.js";
import { listNotifications, markRead, unreadCount } from "./repository.js";
import type { UserEventHub } from "./stream.js";

/** The signed-in user's notifications and live stream; the user id comes only from the token. */
export function notificationsRoutes(
  pool: Pool,
  hub: UserEventHub,
  streams: StreamLimiter,
  jwtKey: JwtKey,
): ServedRoute[] {
  const { served, on } = contractRoutes(requireAuth(jwtKey));
  on(routes.listNotifications, async (req, res) => {
    const page = parseRequest(routes.listNotifications.query, req.query, "query");
    const userId = currentUserId(res);
    const [list, unread] = await Promise.all([
      listNotifications(pool, userId, page),
      unreadCount(pool, userId),
    ]);
    res.json({ ...list, unreadCount: unread });
  });
  on(routes.markNotificationsRead, async (req, res) => {
    const body = parseRequest(routes.markNotificationsRead.body, req.body, "body");
    const userId = currentUserId(res);
    await markRead(pool, userId, body.all === true ? "all" : (body.ids ?? []));
    res.json({ unreadCount: await unreadCount(pool, userId) });
    hub.nudge();
  });
  on(routes.myEvents, async (req, res) => {
    takeStreamSlot(streams, req, res);
    await hub.watch(currentUserId(res), res);
  });
  return served;
}
