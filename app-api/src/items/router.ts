import { Router } from "express";
import { currentUserId, requireAuth } from "../auth/middleware.js";
import { parseRequest } from "../http/validate.js";
import { singleImageUpload } from "../images/upload.js";
import { itemParamsSchema, listItemsQuerySchema, newItemFieldsSchema } from "./schemas.js";
import type { ItemsService } from "./service.js";

export function itemsRouter(service: ItemsService, jwtSecret: string): Router {
  const router = Router();
  const auth = requireAuth(jwtSecret);

  router.get("/", async (req, res) => {
    const query = parseRequest(listItemsQuerySchema, req.query, "query");
    const { items, total } = await service.list(query);
    res.json({ items, page: query.page, pageSize: query.pageSize, total });
  });

  // Authentication comes before the upload is read, so anonymous bytes are never buffered.
  router.post("/", auth, singleImageUpload("image"), async (req, res) => {
    const fields = parseRequest(newItemFieldsSchema, req.body, "body");
    const item = await service.create(currentUserId(res), fields, req.file?.buffer);
    res.status(201).json({ item });
  });

  router.get("/:id", async (req, res) => {
    const { id } = parseRequest(itemParamsSchema, req.params, "params");
    res.json({ item: await service.detail(id) });
  });

  router.delete("/:id", auth, async (req, res) => {
    const { id } = parseRequest(itemParamsSchema, req.params, "params");
    await service.remove(currentUserId(res), id);
    res.status(204).end();
  });

  return router;
}
