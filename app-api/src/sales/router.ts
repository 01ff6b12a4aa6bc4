import { afterSaleRoutes as routes } from "@ssgbay/contract";
import { currentUserId, requireAuth } from "../auth/middleware.js";
import type { JwtKey } from "../auth/tokens.js";
import { contractRoutes, type ServedRoute } from "../http/routes.js";
import { parseRequest } from "../http/validate.js";
import type { SalesService } from "./service.js";

/** The sale of an item as its two parties use it: result, contact, handover, rating, thread. */
export function salesRoutes(service: SalesService, jwtKey: JwtKey): ServedRoute[] {
  const { served, on } = contractRoutes(requireAuth(jwtKey));
  on(routes.getSale, async (req, res) => {
    const { id } = parseRequest(routes.getSale.params, req.params, "params");
    res.json({ sale: await service.get(id, currentUserId(res)) });
  });
  on(routes.markHandedOver, async (req, res) => {
    const { id } = parseRequest(routes.markHandedOver.params, req.params, "params");
    res.json({ sale: await service.markHandedOver(id, currentUserId(res)) });
  });
  on(routes.rateSale, async (req, res) => {
    const { id } = parseRequest(routes.rateSale.params, req.params, "params");
    const body = parseRequest(routes.rateSale.body, req.body, "body");
    const rating = await service.rate(id, currentUserId(res), body);
    res.status(routes.rateSale.response.status).json({ rating });
  });
  on(routes.listMessages, async (req, res) => {
    const { id } = parseRequest(routes.listMessages.params, req.params, "params");
    const page = parseRequest(routes.listMessages.query, req.query, "query");
    res.json(await service.messages(id, currentUserId(res), page));
  });
  on(routes.sendMessage, async (req, res) => {
    const { id } = parseRequest(routes.sendMessage.params, req.params, "params");
    const { body } = parseRequest(routes.sendMessage.body, req.body, "body");
    const message = await service.send(id, currentUserId(res), body);
    res.status(routes.sendMessage.response.status).json({ message });
  });
  return served;
}
