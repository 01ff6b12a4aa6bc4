import { routes } from "@ssgbay/contract";
import type { Router } from "express";
import { currentUserId, requireAuth } from "../auth/middleware.js";
import { contractRouter } from "../http/routes.js";
import { parseRequest } from "../http/validate.js";
import { singleImageUpload } from "../images/upload.js";
import type { ItemsService } from "./service.js";

export function itemsRouter(service: ItemsService, jwtSecret: string): Router {
  const { router, on } = contractRouter(requireAuth(jwtSecret));

  on(routes.listItems, async (req, res) => {
    const query = parseRequest(routes.listItems.query, req.query, "query");
    const { items, total } = await service.list(query);
    res.json({ items, page: query.page, pageSize: query.pageSize, total });
  });

  // Authentication comes before the upload is read, so anonymous bytes are never buffered.
  const { form } = routes.createItem;
  on(routes.createItem, singleImageUpload(form.file), async (req, res) => {
    const fields = parseRequest(form.fields, req.body, "body");
    const item = await service.create(currentUserId(res), fields, req.file?.buffer);
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

  return router;
}
