import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { DatabaseConfig } from "@ssgbay/database";
import { freeLoopbackPort } from "@ssgbay/database/testing";
import { waitFor } from "./clock.js";
import { urlOf } from "./database.js";
import { NotMeasured } from "./results.js";

export interface ApiProcess {
  /** http://127.0.0.1:<port> */
  readonly baseUrl: string;
  readonly uploadDir: string;
  /** CPU seconds (user + system) the process has used so far, from /proc (Linux). */
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

export interface ApiProcessOptions {
  repoRoot: string;
  database: DatabaseConfig;
  /** Extra environment (WEB_DIST, EVENTS_POLL_MS, ...). */
  env?: Record<string, string>;
  /** An upload directory to use instead of a fresh temporary one. */
  uploadDir?: string;
  /** The script to run instead of the API's server entry (the HTTP floor). */
  entry?: string;
  /** JWT_SECRET, when two processes must accept each other's tokens (default: fresh). */
  jwtSecret?: string;
}

/** The HTTP floor: the API's services behind a bare node:http server (bench/reference). */
export function httpFloorEntry(repoRoot: string): string {
  return join(repoRoot, "bench/reference/http-floor.ts");
}

export function apiServerEntry(repoRoot: string): string {
  return join(repoRoot, "app-api/src/server.ts");
}

/** Throws NotMeasured when the API's server entry has not landed yet. */
export function requireApi(repoRoot: string): void {
  if (!existsSync(apiServerEntry(repoRoot))) {
    throw new NotMeasured("app-api/src/server.ts does not exist yet");
  }
}

/**
 * With BENCH_CPU_PROFILE_DIR set, each process writes a V8 CPU profile there when it exits, in a
 * folder named after its entry (`server`, `http-floor`): open them side by side to see where the
 * API's time per request goes beyond the floor's.
 */
function cpuProfileFlags(entry: string): string[] {
  const directory = process.env.BENCH_CPU_PROFILE_DIR;
  if (!directory) return [];
  return ["--cpu-prof", `--cpu-prof-dir=${join(directory, basename(entry, ".ts"))}`];
}

/**
 * Runs the API's own server entry in a separate Node process, so the load generator never
 * shares its event loop. Logs go to /dev/null at the production level (info) so their cost
 * is paid as in production without the bench having to drain them.
 */
export async function startApiProcess(options: ApiProcessOptions): Promise<ApiProcess> {
  requireApi(options.repoRoot);
  const port = await freeLoopbackPort();
  const ownUploadDir = options.uploadDir === undefined;
  const uploadDir = options.uploadDir ?? (await mkdtemp(join(tmpdir(), "ssgbay-bench-uploads-")));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    PORT: String(port),
    METRICS_PORT: "0",
    DATABASE_URL: urlOf(options.database),
    DB_POOL_SIZE: String(options.database.poolSize),
    DB_POOL_QUEUE: String(options.database.poolQueue),
    JWT_SECRET: options.jwtSecret ?? randomBytes(48).toString("base64url"),
    UPLOAD_DIR: uploadDir,
    LOG_LEVEL: "info",
    // The bench logs in hundreds of seeded users from one address.
    AUTH_RATE_LIMIT_PER_MINUTE: "100000",
    ...options.env,
  };
  const entry = options.entry ?? apiServerEntry(options.repoRoot);
  const child: ChildProcess = spawn(
    process.execPath,
    [...cpuProfileFlags(entry), "--conditions=ssgbay-source", "--import", "tsx", entry],
    { cwd: options.repoRoot, env, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const forced = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(forced);
    }
    if (ownUploadDir) await rm(uploadDir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      "the API to answer /readyz",
      async () => {
        if (child.exitCode !== null) {
          throw new Error(
            `${options.entry ?? "API"} exited with ${child.exitCode}: ${stderr.trim().split("\n").at(-1)}`,
          );
        }
        try {
          const response = await fetch(`${baseUrl}/readyz`);
          return response.ok ? true : undefined;
        } catch {
          return undefined;
        }
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${entry} did not start`);
  return { baseUrl, uploadDir, cpuSeconds: () => cpuSecondsOf(pid), stop };
}

let clockTicks: number | undefined;

/** utime + stime of a process (fields 14 and 15 of /proc/PID/stat, in clock ticks). */
async function cpuSecondsOf(pid: number): Promise<number> {
  clockTicks ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) is in parentheses and may hold spaces: count after its end.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

/**
 * The API and, beside it, the HTTP floor: the same database, upload directory and JWT secret
 * (so the tokens the API issues work on the floor too).
 */
export async function startApiAndFloor(
  options: Omit<ApiProcessOptions, "entry" | "jwtSecret">,
): Promise<{ api: ApiProcess; floor: ApiProcess }> {
  const common = { ...options, jwtSecret: randomBytes(48).toString("base64url") };
  const [api, floor] = await Promise.allSettled([
    startApiProcess(common),
    startApiProcess({ ...common, entry: httpFloorEntry(options.repoRoot) }),
  ]);
  if (api.status === "fulfilled" && floor.status === "fulfilled") {
    return { api: api.value, floor: floor.value };
  }
  await Promise.all(
    [api, floor].map((started) => (started.status === "fulfilled" ? started.value.stop() : null)),
  );
  throw api.status === "rejected" ? api.reason : (floor as PromiseRejectedResult).reason;
}
