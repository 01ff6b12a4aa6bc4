import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApi, loadApiConfig } from "@ssgbay/app-api";
import { buildWebApp } from "@ssgbay/app-web/build-web-app";
import type { Pool } from "mysql2/promise";

export interface Stack {
  /** http://127.0.0.1:<port>, serving the built SPA and /api on one port. */
  baseUrl: string;
  /** The directory of the built SPA. */
  webDist: string;
  /** The API's own pool on the test database, for moving the clock of an auction. */
  pool: Pool;
  /** Cuts every open connection (live streams included) while the server keeps serving. */
  dropConnections(): void;
  close(): Promise<void>;
}

/**
 * The real product on loopback: the SPA built by Vite, served by the real API in this process
 * (as `npm start` does), on the test file's own database.
 */
export async function startStack(
  databaseUrl: string,
  /** API variables that differ from the defaults below (e.g. TRUST_PROXY, the auth limit). */
  overrides: Record<string, string> = {},
): Promise<Stack> {
  const workDir = mkdtempSync(join(tmpdir(), "ssgbay-web-e2e-"));
  const webDist = join(workDir, "dist");
  await buildWebApp(webDist);
  const config = loadApiConfig({
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString("hex"),
    UPLOAD_DIR: join(workDir, "uploads"),
    WEB_DIST: webDist,
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "silent",
    EVENTS_POLL_MS: "200",
    AUTH_RATE_LIMIT_PER_MINUTE: "1000",
    // the nginx test puts the web image's proxy in front, which sets X-Forwarded-For
    TRUST_PROXY: "loopback",
    ...overrides,
  });
  const api = await createApi(config);
  const server = createServer(api.handler).listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    webDist,
    pool: api.pool,
    dropConnections: () => server.closeAllConnections(),
    async close() {
      api.endStreams();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
