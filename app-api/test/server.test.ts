import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError } from "@ssgbay/database";
import { useTestDatabase } from "@ssgbay/database/testing/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadApiConfig } from "../src/index.js";
import { TEST_JWT_SECRET } from "./support/api.js";

const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const serverEntry = join(repoRoot, "app-api/src/server.ts");
const database = useTestDatabase();
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "ssgbay-api-server-"));
});
afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadApiConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("loadApiConfig", () => {
  it("reads a valid environment with its defaults", () => {
    const config = loadApiConfig({
      DB_HOST: "db",
      DB_NAME: "ssgbay",
      DB_USER: "app",
      DB_PASSWORD: "pw",
      JWT_SECRET: TEST_JWT_SECRET,
      UPLOAD_DIR: "/data/uploads",
    });
    expect(config).toMatchObject({
      port: 8080,
      host: "0.0.0.0",
      database: {
        host: "db",
        port: 3306,
        database: "ssgbay",
        user: "app",
        password: "pw",
        poolSize: 10,
      },
      uploadDir: "/data/uploads",
      cookieSecure: false,
      trustProxy: [],
      antiSnipingSeconds: 60,
      logLevel: "info",
      webDist: undefined,
      authRateLimitPerMinute: 20,
    });
    expect(
      loadApiConfig({
        DATABASE_URL: "mysql://u:p@127.0.0.1:3306/x",
        JWT_SECRET: TEST_JWT_SECRET,
        UPLOAD_DIR: "/u",
        COOKIE_SECURE: "true",
        TRUST_PROXY: "10.244.0.0/16, 10.0.0.7,loopback",
        ANTI_SNIPING_SECONDS: "0",
        HOST: "127.0.0.1",
      }),
    ).toMatchObject({
      cookieSecure: true,
      trustProxy: ["10.244.0.0/16", "10.0.0.7", "loopback"],
      antiSnipingSeconds: 0,
      host: "127.0.0.1",
    });
  });

  it("trusts proxies only by address: TRUST_PROXY refuses true, hop counts and names it does not know", () => {
    const base = {
      DATABASE_URL: "mysql://u:p@127.0.0.1:3306/x",
      JWT_SECRET: TEST_JWT_SECRET,
      UPLOAD_DIR: "/u",
    };
    for (const value of ["true", "1", "2", "loopback,3", "10.0.0.0/33", "proxy.local"]) {
      const problems = problemsOf({ ...base, TRUST_PROXY: value });
      expect(problems, value).toHaveLength(1);
      expect(problems[0], value).toMatch(
        /^TRUST_PROXY: '.+' must be an IP address, a CIDR or one of loopback, linklocal, uniquelocal/,
      );
    }
    expect(loadApiConfig({ ...base, TRUST_PROXY: "fd00::/8,::1" }).trustProxy).toEqual([
      "fd00::/8",
      "::1",
    ]);
  });

  it("reports every bad variable at once, one line each, naming it and never echoing secrets", () => {
    const problems = problemsOf({
      PORT: "http",
      JWT_SECRET: "short-secret",
      COOKIE_SECURE: "yes",
      ANTI_SNIPING_SECONDS: "-1",
      LOG_LEVEL: "loud",
      HOST: "localhost:80",
      DB_HOST: "db",
    });
    const names = problems.map((line) => line.split(":")[0]);
    expect(names.sort()).toEqual(
      [
        "ANTI_SNIPING_SECONDS",
        "COOKIE_SECURE",
        "DB_NAME",
        "DB_PASSWORD",
        "DB_USER",
        "HOST",
        "JWT_SECRET",
        "LOG_LEVEL",
        "PORT",
        "UPLOAD_DIR",
      ].sort(),
    );
    expect(problems.join("\n")).not.toContain("short-secret");
    expect(problems.find((line) => line.startsWith("JWT_SECRET"))).toMatch(/at least 32 bytes/);
  });
});

interface Running {
  child: ChildProcess;
  url: string;
  metricsUrl: string;
  exit: Promise<number | null>;
  stdout: () => string;
}

async function startServer(env: Record<string, string>): Promise<Running> {
  const child = spawn(
    process.execPath,
    ["--conditions=ssgbay-source", "--import", "tsx", serverEntry],
    { cwd: repoRoot, env: { PATH: process.env.PATH, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const exit = once(child, "exit").then(([code]) => code as number | null);
  const { url, metricsUrl } = await new Promise<{ url: string; metricsUrl: string }>(
    (resolveUrl, reject) => {
      child.stdout?.on("data", (chunk) => {
        stdout += chunk;
        for (const line of stdout.split("\n")) {
          if (!line.startsWith("{")) continue;
          const entry = JSON.parse(line) as { url?: string; metricsUrl?: string };
          if (entry.url && entry.metricsUrl)
            resolveUrl({ url: entry.url, metricsUrl: entry.metricsUrl });
        }
      });
      void exit.then((code) => reject(new Error(`server exited ${code}: ${stderr}`)));
    },
  );
  return { child, url, metricsUrl, exit, stdout: () => stdout };
}

describe("server.ts", () => {
  it("exits 1 with one line per bad variable", async () => {
    const child = spawn(
      process.execPath,
      ["--conditions=ssgbay-source", "--import", "tsx", serverEntry],
      {
        cwd: repoRoot,
        env: { PATH: process.env.PATH, JWT_SECRET: "x" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    const lines = stderr.trim().split("\n");
    expect(lines.map((line) => line.split(":")[0]).sort()).toEqual(
      ["DB_HOST", "DB_NAME", "DB_PASSWORD", "DB_USER", "JWT_SECRET", "UPLOAD_DIR"].sort(),
    );
  });

  it("serves, serves the built web app, and on SIGTERM ends live streams and exits 0", async () => {
    const webDist = join(workDir, "web");
    await mkdir(join(webDist, "assets"), { recursive: true });
    await writeFile(join(webDist, "index.html"), "<!doctype html><title>SSGBay</title>");
    await writeFile(join(webDist, "assets", "index-abc123.js"), "console.log('hi')");
    await writeFile(join(webDist, "favicon.svg"), "<svg/>");
    const running = await startServer({
      DATABASE_URL: database.url,
      JWT_SECRET: TEST_JWT_SECRET,
      UPLOAD_DIR: join(workDir, "uploads"),
      PORT: "0",
      METRICS_PORT: "0",
      WEB_DIST: webDist,
    });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
      // Metrics on their own port only.
      expect(running.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect(new URL(running.metricsUrl).port).not.toBe(new URL(running.url).port);
      const metrics = await fetch(running.metricsUrl);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/process_cpu_seconds_total/);
      // The public port answers /metrics with the web app's page, never the numbers.
      const publicMetrics = await (await fetch(`${running.url}/metrics`)).text();
      expect(publicMetrics).not.toMatch(/process_cpu_seconds_total/);

      for (const path of ["/", "/items/42", "/me?tab=bids", "/users/7", "/sell"]) {
        const page = await fetch(`${running.url}${path}`);
        expect(page.status, path).toBe(200);
        expect(await page.text()).toContain("<title>SSGBay</title>");
        expect(page.headers.get("cache-control")).toBe("no-cache");
      }
      // not a page of the app: its not-found page, with the status that says so
      for (const path of ["/me/purchases", "/no/such/page", "/items/abc", "/items/0"]) {
        const page = await fetch(`${running.url}${path}`);
        expect(page.status, path).toBe(404);
        expect(await page.text()).toContain("<title>SSGBay</title>");
        expect(page.headers.get("cache-control")).toBe("no-cache");
      }
      const asset = await fetch(`${running.url}/assets/index-abc123.js`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      const missingAsset = await fetch(`${running.url}/assets/missing.js`);
      expect(missingAsset.status).toBe(404);
      const apiMiss = await fetch(`${running.url}/api/nope`);
      expect(apiMiss.status).toBe(404);
      expect(await apiMiss.json()).toMatchObject({ error: { code: "NOT_FOUND" } });

      // An item to watch, written straight to the database (this test is about the process).
      const signup = await fetch(`${running.url}/api/auth/signup`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          username: "proc_user",
          password: "password-1",
          nickname: "p",
          phone: "01012345678",
        }),
      });
      expect(signup.status).toBe(201);
      const { user, accessToken } = (await signup.json()) as {
        user: { id: number };
        accessToken: string;
      };
      const refreshCookie = signup.headers
        .getSetCookie()
        .find((c) => c.startsWith("ssgbay_refresh="));
      const me = await fetch(`${running.url}/api/auth/me`, {
        headers: {
          Authorization: `Bearer ${accessToken}`,
          Cookie: refreshCookie?.split(";")[0] ?? "",
        },
      });
      expect(me.status).toBe(200);
      const { createConnection, databaseConfigFromUrl } = await import("@ssgbay/database");
      const connection = await createConnection(databaseConfigFromUrl(database.url));
      const [inserted] = await connection.query(
        `INSERT INTO items (seller_id, title, description, image_key, start_price, current_price, starts_at, ends_at)
         VALUES (?, 't', '', '0123456789abcdef0123456789abcdef.png', 1000, 1000, NOW(3), NOW(3) + INTERVAL 1 HOUR)`,
        [user.id],
      );
      await connection.end();
      const itemId = (inserted as { insertId: number }).insertId;

      const stream = await fetch(`${running.url}/api/items/${itemId}/events`);
      expect(stream.status).toBe(200);
      const reader = stream.body?.getReader();
      const first = await reader?.read();
      expect(new TextDecoder().decode(first?.value)).toMatch(/retry|event: price/);

      running.child.kill("SIGTERM");
      // The stream ends (instead of holding shutdown for the full grace period) and the process exits 0.
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
      }
      expect(await running.exit).toBe(0);
      expect(running.stdout()).toMatch(/"msg":"stopped"/);
      // Request logs carry a request id, and never a password, token or hash.
      expect(running.stdout()).toMatch(
        /"req":\{"id":"[0-9a-f-]{36}","method":"POST","url":"\/api\/auth\/signup"/,
      );
      const refreshToken = refreshCookie?.split(";")[0]?.split("=")[1] ?? "missing";
      for (const secret of ["password-1", accessToken, refreshToken, "scrypt$"]) {
        expect(running.stdout()).not.toContain(secret);
      }
    } finally {
      if (running.child.exitCode === null) running.child.kill("SIGKILL");
    }
  });
});
