import { existsSync } from "node:fs";
import { join } from "node:path";
import { isWebPagePath } from "@ssgbay/contract";
import { ConfigError } from "@ssgbay/database";
import express, { Router } from "express";

/**
 * Serves the built web app for local runs: hashed files under /assets are cached for a year,
 * and every other non-API path gets index.html (never cached) so client routes work on reload:
 * with 200 for the app's pages (the contract's webPages), with 404 for anything else (the app
 * then shows its not-found page), as nginx does in the image.
 */
export function webAppRouter(webDist: string): Router {
  const indexHtml = join(webDist, "index.html");
  if (!existsSync(indexHtml)) {
    throw new ConfigError(["WEB_DIST: must be a directory containing index.html"]);
  }
  const router = Router();
  router.use(
    "/assets",
    express.static(join(webDist, "assets"), {
      index: false,
      fallthrough: false,
      maxAge: "1y",
      immutable: true,
    }),
  );
  router.use(
    express.static(webDist, {
      index: false,
      setHeaders: (res) => res.setHeader("Cache-Control", "no-cache"),
    }),
  );
  router.get(/^(?!\/api(?:\/|$)).*/, (req, res) => {
    res.setHeader("Cache-Control", "no-cache");
    if (!isWebPagePath(req.path)) res.status(404);
    res.sendFile(indexHtml);
  });
  return router;
}
