import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { databaseConfigFromUrl, migrate } from "@ssgbay/database";
import { type EphemeralServer, startEphemeralServer } from "@ssgbay/database/dev";
import { afterAll, beforeAll } from "vitest";
import { type ApiApp, createApi, loadApiConfig } from "../../src/index.js";
import { TEST_JWT_SECRET } from "./api.js";

export interface OwnServerApi {
  server: EphemeralServer;
  api: ApiApp;
}

/**
 * A database server of the test file's own, migrated, with an API on it, for tests that stop or
 * freeze the server (doing that to the shared test server would break every other test file).
 * `beforeStop` runs first in afterAll, e.g. to thaw a frozen server. Fields are filled in by
 * beforeAll.
 */
export function useOwnServerApi(options: { beforeStop?: () => void } = {}): OwnServerApi {
  const holder = {} as OwnServerApi;
  let uploadDir: string | undefined;
  beforeAll(async () => {
    holder.server = await startEphemeralServer();
    await migrate(databaseConfigFromUrl(holder.server.url));
    uploadDir = await mkdtemp(join(tmpdir(), "ssgbay-uploads-"));
    holder.api = await createApi(
      loadApiConfig({
        DATABASE_URL: holder.server.url,
        JWT_SECRET: TEST_JWT_SECRET,
        UPLOAD_DIR: uploadDir,
        LOG_LEVEL: "silent",
      }),
    );
  });
  afterAll(async () => {
    if (holder.server) options.beforeStop?.();
    await holder.api?.close();
    await holder.server?.stop();
    if (uploadDir) await rm(uploadDir, { recursive: true, force: true });
  });
  return holder;
}
