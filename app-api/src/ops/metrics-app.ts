import express, { type Express } from "express";
import type { Registry } from "prom-client";

/**
 * The Prometheus endpoint, served on its own port (METRICS_PORT) so the public port never
 * exposes it; the NetworkPolicy admits only the monitoring scraper to that port.
 */
export function createMetricsApp(registry: Registry): Express {
  const app = express();
  app.disable("x-powered-by");
  app.get("/metrics", async (_req, res) => {
    res.set("Content-Type", registry.contentType);
    res.send(await registry.metrics());
  });
  app.use((_req, res) => {
    res.status(404).type("text/plain").send("Not found: this port serves only /metrics.\n");
  });
  return app;
}
