import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ApiApp, createApi, loadApiConfig } from "@ssgbay/app-api";
import { databaseNow, readItem, waitUntil } from "@ssgbay/database/testing";
import type { TestPool } from "@ssgbay/database/testing/vitest";
import type { Pool } from "mysql2/promise";
import request from "supertest";
import { afterAll, beforeAll, expect } from "vitest";
import { z } from "zod";

const JWT_SECRET = "settler-tests-secret-of-at-least-32-bytes";

/** The real API on the describe block's database, driven in-process through supertest. */
export function useApi(db: TestPool, env: Record<string, string>): () => ApiApp["handler"] {
  let api: ApiApp | undefined;
  let uploadDir: string | undefined;
  beforeAll(async () => {
    uploadDir = await mkdtemp(join(tmpdir(), "ssgbay-settler-uploads-"));
    api = await createApi(
      loadApiConfig({
        DATABASE_URL: db.database.url,
        JWT_SECRET,
        UPLOAD_DIR: uploadDir,
        LOG_LEVEL: "silent",
        AUTH_RATE_LIMIT_PER_MINUTE: "10000",
        DB_POOL_SIZE: "20",
        ...env,
      }),
    );
  });
  afterAll(async () => {
    await api?.close();
    if (uploadDir) await rm(uploadDir, { recursive: true, force: true });
  });
  return () => {
    if (!api) throw new Error("the API exists only inside hooks and tests");
    return api.handler;
  };
}

export interface Client {
  id: number;
  nickname: string;
  token: string;
}

const authSchema = z.object({
  user: z.object({ id: z.number(), username: z.string(), nickname: z.string() }),
  accessToken: z.string(),
});

let userCounter = 0;
export async function signUp(app: ApiApp["handler"], name: string): Promise<Client> {
  userCounter += 1;
  const response = await request(app)
    .post("/api/auth/signup")
    .send({
      username: `${name}_${process.pid}_${userCounter}`.slice(0, 30),
      password: "settler test password",
      nickname: `${name} ${userCounter}`,
      phone: "010-1234-5678",
    });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  const body = authSchema.parse(response.body);
  return { id: body.user.id, nickname: body.user.nickname, token: body.accessToken };
}

export function bid(app: ApiApp["handler"], bidder: Client, itemId: number, amount: number) {
  return request(app)
    .post(`/api/items/${itemId}/bids`)
    .set("Authorization", `Bearer ${bidder.token}`)
    .send({ amount });
}

/** Waits until the database clock reaches the item's end. */
export async function waitForEnd(pool: Pool, itemId: number): Promise<void> {
  await waitUntil(
    async () =>
      (await databaseNow(pool)).getTime() >= (await readItem(pool, itemId)).endsAt.getTime(),
  );
}
