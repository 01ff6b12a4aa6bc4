// `npm start`: the whole product on one machine. A free port first, a fresh web build, a private
// database (or DATABASE_URL), migrations, demo data when the database is empty, the API serving
// the built web app, and the settler. Ctrl-C stops every part and removes every temporary file.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createImageStore, hashPassword } from "@ssgbay/app-api";
import { API_PORT } from "@ssgbay/app-api/env";
import { buildWebApp } from "@ssgbay/app-web/build-web-app";
import { createPool, databaseConfigFromUrl, migrate } from "@ssgbay/database";
import {
  DEMO_PASSWORD,
  type EphemeralServer,
  seedDemoData,
  startEphemeralServer,
} from "@ssgbay/database/dev";
import { z } from "zod";
import { defaultLogFormat, LOG_FORMATS, prettyLogStream } from "./start/log-format.js";
import { isPortFree, portTakenMessage } from "./start/port.js";
import { rebuildWebDist } from "./start/web-dist.js";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const log = (message: string) => process.stdout.write(`[start] ${message}\n`);

const startEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(API_PORT),
  DATABASE_URL: z.string().optional(),
  UPLOAD_DIR: z.string().optional(),
  /** A prebuilt web app to serve as it is; unset: app-web is built into app-web/dist first. */
  WEB_DIST: z.string().optional(),
  SETTLER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  LOG_FORMAT: z.enum(LOG_FORMATS).default(defaultLogFormat(process.stdout.isTTY === true)),
});

const cleanups: (() => Promise<void>)[] = [];
const children: ChildProcess[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await Promise.all(children.map(stopChild));
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    log("stopped");
  }
  process.exit(code);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once("exit", done));
  child.kill("SIGTERM");
  const forced = setTimeout(() => child.kill("SIGKILL"), 12_000);
  await exited;
  clearTimeout(forced);
}

function runTypeScript(
  name: string,
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  output: NodeJS.WritableStream | "inherit" = "inherit",
) {
  const child = spawn(
    process.execPath,
    ["--conditions=ssgbay-source", "--import", "tsx", join(root, entry), ...args],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", output === "inherit" ? "inherit" : "pipe", "inherit"],
    },
  );
  if (output !== "inherit") child.stdout?.pipe(output, { end: false });
  child.once("exit", (code, signal) => {
    if (stopping) return;
    log(`${name} exited (${signal ?? code}); stopping everything`);
    void stopAll(1);
  });
  children.push(child);
  return child;
}

async function waitForHealth(url: string, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`the API did not answer ${url} within ${deadlineMs / 1000}s`);
}

async function main() {
  process.once("SIGINT", () => void stopAll(0));
  process.once("SIGTERM", () => void stopAll(0));
  const env = startEnv.parse(process.env);
  // Before anything is built or started: a taken port would be answered by the other process.
  if (!(await isPortFree(env.PORT))) {
    process.stderr.write(`[start] ${portTakenMessage(env.PORT)}\n`);
    process.exit(1);
  }

  let webDist = env.WEB_DIST;
  if (webDist === undefined) {
    webDist = join(root, "app-web/dist");
    log("building the web app");
    await rebuildWebDist(webDist, buildWebApp);
  }

  let databaseUrl = env.DATABASE_URL;
  let ephemeral: EphemeralServer | undefined;
  if (!databaseUrl) {
    log("starting a private database server (set DATABASE_URL to use your own)");
    ephemeral = await startEphemeralServer({ handleSignals: false });
    const server = ephemeral;
    cleanups.push(() => server.stop());
    databaseUrl = ephemeral.url;
  }

  // Uploads live as long as the database they belong to.
  let uploadDir = env.UPLOAD_DIR;
  if (!uploadDir) {
    if (ephemeral) {
      uploadDir = await mkdtemp(join(tmpdir(), "ssgbay-uploads-"));
      const dir = uploadDir;
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
    } else {
      uploadDir = join(root, ".data/uploads");
    }
  }
  uploadDir = resolve(uploadDir);
  await mkdir(uploadDir, { recursive: true });

  const config = databaseConfigFromUrl(databaseUrl);
  const migrated = await migrate(config);
  log(`migrations: ${migrated.applied.length} applied, at ${migrated.current}`);

  const pool = createPool({ ...config, poolSize: 2 });
  try {
    const images = await createImageStore(uploadDir);
    const seeded = await seedDemoData(pool, {
      hashPassword,
      saveImage: (bytes) => images.save(bytes, "jpg"),
    });
    if (seeded.loaded) log(`demo data: ${seeded.users} users, ${seeded.items} items`);
  } finally {
    await pool.end();
  }

  if (!existsSync(join(webDist, "index.html"))) {
    throw new Error(`${webDist}/index.html is missing: run npm run build -w app-web`);
  }

  const shared = { DATABASE_URL: databaseUrl, LOG_LEVEL: process.env.LOG_LEVEL ?? "info" };
  const apiOutput =
    env.LOG_FORMAT === "pretty"
      ? prettyLogStream(process.stdout, process.stdout.isTTY === true)
      : "inherit";
  runTypeScript(
    "api",
    "app-api/src/server.ts",
    [],
    {
      ...shared,
      PORT: String(env.PORT),
      // Any free port: a second local instance must not collide on 9464.
      METRICS_PORT: "0",
      HOST: "127.0.0.1",
      JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(48).toString("base64url"),
      UPLOAD_DIR: uploadDir,
      WEB_DIST: webDist,
      COOKIE_SECURE: "false",
    },
    apiOutput,
  );
  runTypeScript(
    "settler",
    "app-settler/src/main.ts",
    ["--watch", "--interval", String(env.SETTLER_INTERVAL_SECONDS)],
    shared,
  );

  const url = `http://127.0.0.1:${env.PORT}`;
  await waitForHealth(`${url}/readyz`, 60_000);
  log(`SSGBay is running at ${url}`);
  log(`demo accounts: minji, junho, seoyeon, dohyun — password ${DEMO_PASSWORD}`);
  log("press Ctrl-C to stop");
}

main().catch(async (error: unknown) => {
  process.stderr.write(`[start] ${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll(1);
});
