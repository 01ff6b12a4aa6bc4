import { imageContentTypes, imageExtensions, routes } from "@ssgbay/contract";
import { z } from "zod";
import { HttpError } from "../http/errors.js";
import { contractRoutes, type ServedRoute } from "../http/routes.js";
import { parseRequest } from "../http/validate.js";
import type { ImageStore } from "./storage.js";

const imageExtensionSchema = z.enum(imageExtensions);

export function imagesRoutes(store: ImageStore): ServedRoute[] {
  const { served, on } = contractRoutes();
  on(routes.getImage, (req, res, next) => {
    const { key } = parseRequest(routes.getImage.params, req.params, "params");
    const path = store.pathOf(key);
    const extension = imageExtensionSchema.parse(key.slice(key.lastIndexOf(".") + 1));
    if (!path) throw new HttpError("NOT_FOUND", "No such image.");
    res.sendFile(
      path,
      {
        dotfiles: "deny",
        maxAge: "1y",
        immutable: true,
        headers: { "Content-Type": imageContentTypes[extension] },
      },
      (error) => {
        if (!error) return;
        if (res.headersSent) {
          next(error);
        } else {
          next(new HttpError("NOT_FOUND", "No such image."));
        }
      },
    );
  });
  return served;
}
