import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, scryptSync } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freeLoopbackPort } from "@ssgbay/database/testing";
import { useTestDatabase } from "@ssgbay/database/testing/vitest";
import { createConnection, type RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPasswordHasher, SCRYPT_BYTES_PER_HASH, scryptParams } from "../src/auth/password.js";
import { HttpError } from "../src/http/errors.js";
import { TEST_JWT_SECRET } from "./support/api.js";

const MiB = 1024 * 1024;

describe("the password hasher", () => {
  it("runs at most `concurrency` hashes, queues `queue` more and refuses the rest at once", async () => {
    const hasher = createPasswordHasher({ concurrency: 2, queue: 3 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) => hasher.hash(`password-${index}`)),
    );
    const hashed = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const refused = outcomes.flatMap((outcome) =>
      outcome.status === "rejected" ? [outcome.reason] : [],
    );
    expect(hashed).toHaveLength(5);
    expect(refused).toHaveLength(5);
    for (const reason of refused) {
      expect(reason).toBeInstanceOf(HttpError);
      expect((reason as HttpError).code).toBe("UNAVAILABLE");
    }
    expect(hasher.pending()).toBe(0);
  });

  it("verifies hashes made with other parameters and says they are outdated", async () => {
    const hasher = createPasswordHasher({ concurrency: 1, queue: 1 });
    const current = await hasher.hash("correct horse battery");
    expect(await hasher.verify("correct horse battery", current)).toEqual({
      valid: true,
      outdated: false,
    });
    // An older, cheaper hash of the same password (N=2^14), as an earlier release stored it.
    const salt = randomBytes(16);
    const key = scryptSync("correct horse battery", salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const old = ["scrypt", 2 ** 14, 8, 1, salt.toString("base64url"), key.toString("base64url")];
    expect(await hasher.verify("correct horse battery", old.join("$"))).toEqual({
      valid: true,
      outdated: true,
    });
    expect(await hasher.verify("wrong", old.join("$"))).toMatchObject({ valid: false });
  });
});

/** The API as its own process, so its peak memory is its own (VmHWM in /proc/<pid>/status). */
describe("20 parallel logins against a running API", () => {
  const database = useTestDatabase();
  let server: ChildProcess;
  let uploadDir: string;
  let baseUrl: string;
  const concurrency = 2;

  beforeAll(async () => {
    uploadDir = await mkdtemp(join(tmpdir(), "ssgbay-hashing-"));
    const port = await freeLoopbackPort();
    baseUrl = `http://127.0.0.1:${port}`;
    server = spawn(
      process.execPath,
      ["--conditions=ssgbay-source", "--import", "tsx", "src/server.ts"],
      {
        cwd: join(import.meta.dirname, ".."),
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: database.url,
          JWT_SECRET: TEST_JWT_SECRET,
          UPLOAD_DIR: uploadDir,
          HOST: "127.0.0.1",
          PORT: String(port),
          METRICS_PORT: "0",
          LOG_LEVEL: "silent",
          AUTH_RATE_LIMIT_PER_MINUTE: "10000",
          PASSWORD_HASH_CONCURRENCY: String(concurrency),
          PASSWORD_HASH_QUEUE: "4",
        },
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    for (let attempt = 0; ; attempt++) {
      const ready = await fetch(`${baseUrl}/readyz`).catch(() => undefined);
      if (ready?.ok) break;
      if (attempt > 600) throw new Error("the API did not become ready");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(async () => {
    server?.kill("SIGTERM");
    if (uploadDir) await rm(uploadDir, { recursive: true, force: true });
  });

  async function peakRssBytes(): Promise<number> {
    const status = await readFile(`/proc/${server.pid}/status`, "utf8");
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    if (!kib) throw new Error("no VmHWM in /proc status");
    return Number(kib) * 1024;
  }

  const post = (path: string, body: unknown) =>
    fetch(`${baseUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("keeps memory under the documented bound and answers the excess with 503", async () => {
    const idle = await peakRssBytes();
    const account = { username: "hashing_user", password: "a-long-enough-password" };
    const signup = await post("/api/auth/signup", {
      ...account,
      nickname: "해싱",
      phone: "010-1234-5678",
    });
    expect(signup.status).toBe(201);

    const answers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const response = await post("/api/auth/login", account);
        return { status: response.status, body: (await response.json()) as unknown };
      }),
    );
    const ok = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status !== 200);
    expect(ok.length).toBeGreaterThanOrEqual(concurrency);
    for (const answer of refused) {
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ error: { code: "UNAVAILABLE" } });
    }
    // The bound documented in README: what the idle process held, plus one scrypt working set
    // per slot, plus 64 MiB for the requests themselves.
    const bound = idle + concurrency * SCRYPT_BYTES_PER_HASH + 64 * MiB;
    expect(await peakRssBytes()).toBeLessThan(bound);
    expect(SCRYPT_BYTES_PER_HASH).toBe(128 * scryptParams.N * scryptParams.r);
  });

  it("moves a hash made with older parameters to today's on the next login", async () => {
    const salt = randomBytes(16);
    const key = scryptSync("an-older-users-password", salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const oldHash = `scrypt$16384$8$1$${salt.toString("base64url")}$${key.toString("base64url")}`;
    const connection = await createConnection(database.url);
    try {
      await connection.execute(
        "INSERT INTO users (username, password_hash, nickname, phone) VALUES (?, ?, ?, ?)",
        ["older_user", oldHash, "예전 사용자", "01012341234"],
      );
      const login = await post("/api/auth/login", {
        username: "older_user",
        password: "an-older-users-password",
      });
      expect(login.status).toBe(200);
      const [rows] = await connection.query<RowDataPacket[]>(
        "SELECT password_hash FROM users WHERE username = 'older_user'",
      );
      expect(String(rows[0]?.password_hash)).toMatch(/^scrypt\$131072\$8\$1\$/);
      const again = await post("/api/auth/login", {
        username: "older_user",
        password: "an-older-users-password",
      });
      expect(again.status).toBe(200);
    } finally {
      await connection.end();
    }
  });
});
