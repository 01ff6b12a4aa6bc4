import { existsSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "@ssgbay/database";
import express, { Router } from "express";

/**
 * Serves the built web app for local runs: hashed files under /assets are cached for a year,
 * and every other non-API path gets index.html (never cached) so client routes work on reload.
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
  router.get(/^(?!\/api(?:\/|$)).*/, (_req, res) => {
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(indexHtml);
  });
  return router;
}
