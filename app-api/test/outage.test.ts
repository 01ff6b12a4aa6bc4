import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { databaseConfigFromUrl, migrate } from "@ssgbay/database";
import { type EphemeralServer, startEphemeralServer } from "@ssgbay/database/dev";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiApp, createApi, loadApiConfig } from "../src/index.js";
import { TEST_JWT_SECRET } from "./support/api.js";
import { createItem, signUp } from "./support/client.js";

// A server of its own: stopping the shared test server would break every other test file.
let server: EphemeralServer;
let api: ApiApp;
let uploadDir: string;

beforeAll(async () => {
  server = await startEphemeralServer();
  await migrate(databaseConfigFromUrl(server.url));
  uploadDir = await mkdtemp(join(tmpdir(), "ssgbay-uploads-"));
  api = await createApi(
    loadApiConfig({
      DATABASE_URL: server.url,
      JWT_SECRET: TEST_JWT_SECRET,
      UPLOAD_DIR: uploadDir,
      LOG_LEVEL: "silent",
    }),
  );
});

afterAll(async () => {
  await api?.close();
  await server?.stop();
  if (uploadDir) await rm(uploadDir, { recursive: true, force: true });
});

describe("the database going away and coming back", () => {
  it("answers 503 UNAVAILABLE while it is down and recovers without a restart", async () => {
    const seller = await signUp(api.app, "outage");
    const item = await createItem(api.app, seller.accessToken);
    expect((await request(api.app).get("/readyz")).status).toBe(200);

    await server.halt();

    for (const path of ["/api/items", `/api/items/${item.id}`, "/api/me/items"]) {
      const response = await request(api.app)
        .get(path)
        .set("Authorization", `Bearer ${seller.accessToken}`);
      expect(response.status, path).toBe(503);
      expect(response.body).toEqual({
        error: { code: "UNAVAILABLE", message: "The service is temporarily unavailable." },
      });
    }
    const bidWhileDown = await request(api.app)
      .post(`/api/items/${item.id}/bids`)
      .set("Authorization", `Bearer ${seller.accessToken}`)
      .send({ amount: 100000 });
    expect(bidWhileDown.status).toBe(503);
    const ready = await request(api.app).get("/readyz");
    expect(ready.status).toBe(503);
    expect(ready.body.error.code).toBe("UNAVAILABLE");
    // Liveness does not depend on the database, so Kubernetes does not restart the pod.
    expect((await request(api.app).get("/healthz")).status).toBe(200);

    await server.resume();

    expect((await request(api.app).get("/readyz")).status).toBe(200);
    const list = await request(api.app).get("/api/items");
    expect(list.status).toBe(200);
    expect(list.body.items.map((listed: { id: number }) => listed.id)).toEqual([item.id]);
    const buyer = await signUp(api.app, "after_outage");
    const placed = await request(api.app)
      .post(`/api/items/${item.id}/bids`)
      .set("Authorization", `Bearer ${buyer.accessToken}`)
      .send({ amount: 10000 });
    expect(placed.status).toBe(201);
  });
});
