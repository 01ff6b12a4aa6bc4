import { routes } from "@ssgbay/contract";
import type { Pool } from "mysql2/promise";
import { currentUserId, requireAuth } from "../auth/middleware.js";
import type { JwtKey } from "../auth/tokens.js";
import { contractRoutes, type ServedRoute } from "../http/routes.js";
import { parseRequest } from "../http/validate.js";
import { imageUpload } from "../images/upload.js";
import type { ItemsService } from "./service.js";
import { unwatch, watch, watchlistOf } from "./watchlist.js";

export function itemsRoutes(service: ItemsService, pool: Pool, jwtKey: JwtKey): ServedRoute[] {
  const { served, on } = contractRoutes(requireAuth(jwtKey));

  on(routes.listItems, async (req, res) => {
    const query = parseRequest(routes.listItems.query, req.query, "query");
    const { items, total } = await service.list(query);
    res.json({ items, page: query.page, pageSize: query.pageSize, total });
  });

  // Authentication comes before the upload is read, so anonymous bytes are never buffered.
  const { form } = routes.createItem;
  on(routes.createItem, imageUpload(form.file, form.maxFiles), async (req, res) => {
    const fields = parseRequest(form.fields, req.body, "body");
    const files = Array.isArray(req.files) ? req.files : [];
    const item = await service.create(
      currentUserId(res),
      fields,
      files.map((file) => file.buffer),
    );
    res.status(routes.createItem.response.status).json({ item });
  });

  on(routes.getItem, async (req, res) => {
    const { id } = parseRequest(routes.getItem.params, req.params, "params");
    res.json({ item: await service.detail(id) });
  });

  on(routes.deleteItem, async (req, res) => {
    const { id } = parseRequest(routes.deleteItem.params, req.params, "params");
    await service.remove(currentUserId(res), id);
    res.status(routes.deleteItem.response.status).end();
  });

  on(routes.reorderPhotos, async (req, res) => {
    const { id } = parseRequest(routes.reorderPhotos.params, req.params, "params");
    const { order } = parseRequest(routes.reorderPhotos.body, req.body, "body");
    res.json({ item: await service.reorderPhotos(currentUserId(res), id, order) });
  });

  on(routes.buyNow, async (req, res) => {
    const { id } = parseRequest(routes.buyNow.params, req.params, "params");
    res.json({ item: await service.buyNow(currentUserId(res), id) });
  });

  on(routes.watchItem, async (req, res) => {
    const { id } = parseRequest(routes.watchItem.params, req.params, "params");
    await watch(pool, currentUserId(res), id);
    res.status(routes.watchItem.response.status).end();
  });

  on(routes.unwatchItem, async (req, res) => {
    const { id } = parseRequest(routes.unwatchItem.params, req.params, "params");
    await unwatch(pool, currentUserId(res), id);
    res.status(routes.unwatchItem.response.status).end();
  });

  on(routes.myWatchlist, async (_req, res) => {
    res.json({ items: await watchlistOf(pool, currentUserId(res)) });
  });

  return served;
}
