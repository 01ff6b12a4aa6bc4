import { Router } from "express";
import type { Pool } from "mysql2/promise";
import { HttpError } from "../http/errors.js";

const READY_TIMEOUT_MS = 2_000;

async function pingDatabase(pool: Pool): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error("database ping timed out")), READY_TIMEOUT_MS);
  });
  try {
    await Promise.race([pool.query({ sql: "SELECT 1", timeout: READY_TIMEOUT_MS }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The probes, on the public port (the kubelet calls them there). */
export function opsRouter(pool: Pool): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    try {
      await pingDatabase(pool);
    } catch {
      throw new HttpError("UNAVAILABLE", "The database is not answering.");
    }
    res.json({ status: "ready" });
  });
  return router;
}
