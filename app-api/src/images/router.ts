import { Router } from "express";
import { z } from "zod";
import { ApiError } from "../http/errors.js";
import { parseRequest } from "../http/validate.js";
import { contentTypeByExtension, imageExtensions, imageKeyPattern } from "./keys.js";
import type { ImageStore } from "./storage.js";

export const imageParamsSchema = z.strictObject({
  key: z.string().regex(imageKeyPattern, "is not an image key"),
});

const imageExtensionSchema = z.enum(imageExtensions);

export function imagesRouter(store: ImageStore): Router {
  const router = Router();
  router.get("/:key", (req, res, next) => {
    const { key } = parseRequest(imageParamsSchema, req.params, "params");
    const path = store.pathOf(key);
    const extension = imageExtensionSchema.parse(key.slice(key.lastIndexOf(".") + 1));
    if (!path) throw new ApiError("NOT_FOUND", "No such image.");
    res.sendFile(
      path,
      {
        dotfiles: "deny",
        maxAge: "1y",
        immutable: true,
        headers: { "Content-Type": contentTypeByExtension[extension] },
      },
      (error) => {
        if (!error) return;
        if (res.headersSent) {
          next(error);
        } else {
          next(new ApiError("NOT_FOUND", "No such image."));
        }
      },
    );
  });
  return router;
}
