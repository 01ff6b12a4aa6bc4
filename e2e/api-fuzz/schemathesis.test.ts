import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ApiApp,
  createApi,
  createImageStore,
  hashPassword,
  loadApiConfig,
} from "@ssgbay/app-api";
import { DEMO_PASSWORD, seedDemoData } from "@ssgbay/database/dev";
import { CommandError, runCommand } from "@ssgbay/database/testing";
import { useTestDatabase } from "@ssgbay/database/testing/vitest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { plainSummary } from "./summary.js";

// schemathesis itself is bounded to about 2 minutes; the rest is start-up on a loaded machine.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

/** Test cases per operation and phase: enough to find the discrepancies, small enough for CI. */
const MAX_EXAMPLES = 15;
/** A fixed seed, so a failure found in CI is found again locally (`SCHEMATHESIS_SEED` overrides). */
const SEED = process.env.SCHEMATHESIS_SEED ?? "14";

const here = import.meta.dirname;

async function schemathesisCommand(): Promise<string> {
  const { stdout } = await runCommand(join(here, "install.sh"), ["--path"]);
  const st = stdout.trim();
  if (!existsSync(st)) {
    throw new Error(
      `schemathesis is not installed at ${st}: run e2e/api-fuzz/install.sh (.ci/run does)`,
    );
  }
  return st;
}

describe("the OpenAPI document against the running API (schemathesis, --checks all)", () => {
  const database = useTestDatabase();
  let api: ApiApp;
  let server: Server;
  let baseUrl: string;
  /** Uploads, and the working directory of schemathesis (its hypothesis database lands there). */
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "ssgbay-fuzz-"));
    const uploadDir = join(workDir, "uploads");
    await mkdir(uploadDir);
    api = await createApi(
      loadApiConfig({
        DATABASE_URL: database.url,
        JWT_SECRET: "fuzz-secret-that-is-at-least-32-bytes-long!",
        UPLOAD_DIR: uploadDir,
        HOST: "127.0.0.1",
        PORT: "0",
        LOG_LEVEL: "silent",
        // schemathesis signs up and logs in far more often than a person could.
        AUTH_RATE_LIMIT_PER_MINUTE: "100000",
        PASSWORD_HASH_QUEUE: "1000",
      }),
    );
    const images = await createImageStore(uploadDir);
    await seedDemoData(api.pool, { hashPassword, saveImage: (bytes) => images.save(bytes, "png") });
    server = createServer(api.handler).listen(0, "127.0.0.1");
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    api?.endStreams();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await api?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  /** Runs schemathesis with `--checks all` against the API; fails the test with its report. */
  async function schemathesis(accessToken: string, selection: string[]): Promise<void> {
    const st = await schemathesisCommand();
    const args = [
      "--config-file",
      join(here, "schemathesis.toml"),
      "--no-color",
      "run",
      `${baseUrl}/api/openapi.json`,
      "--checks",
      "all",
      ...selection,
      "--phases",
      "examples,coverage,fuzzing,stateful",
      "--max-examples",
      String(MAX_EXAMPLES),
      "--seed",
      SEED,
      // Python 3.11's ast.parse, which hypothesis calls, is not thread-safe before 3.11.8.
      "--workers",
      "1",
      "--header",
      `Authorization: Bearer ${accessToken}`,
    ];
    try {
      const { stdout } = await runCommand(st, args, {
        cwd: workDir,
        env: { ...process.env, NO_COLOR: "1", COLUMNS: "120" },
        timeoutMs: 240_000,
      });
      process.stdout.write(plainSummary(stdout));
    } catch (error) {
      if (error instanceof CommandError) {
        // The report names each failing operation and check, with a curl command reproducing it.
        expect.fail(
          `schemathesis exited with ${error.exitCode}:\n${error.stdout.slice(-20000)}\n${error.stderr.slice(-4000)}`,
        );
      }
      throw error;
    }
  }

  async function demoAccessToken(): Promise<string> {
    const login = await fetch(`${baseUrl}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "minji", password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    return ((await login.json()) as { accessToken: string }).accessToken;
  }

  it("finds no 5xx, no answer the document does not describe and no valid request refused", async () => {
    await schemathesis(await demoAccessToken(), ["--exclude-operation-id", "createItem"]);
  });

  // A new item's `endsAt` is judged against the database clock (1 minute to 30 days ahead) and
  // its image by its bytes (a real JPEG/PNG/WebP/GIF): neither rule can be a JSON Schema, so a
  // generated item may be refused although the document cannot call it wrong. Every other check
  // still runs on it: no 5xx, every answer as documented, invalid data refused, 405s.
  it("creating an item: the same, except that a schema-valid item may be refused", async () => {
    await schemathesis(await demoAccessToken(), [
      "--include-operation-id",
      "createItem",
      "--exclude-checks",
      "positive_data_acceptance",
    ]);
  });
});
