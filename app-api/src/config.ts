import { resolve } from "node:path";
import {
  ConfigError,
  type DatabaseConfig,
  databaseConfigFromEnv,
  parseEnv,
} from "@ssgbay/database";
import { z } from "zod";
import type { HashingLimits } from "./auth/password.js";

const booleanFlag = z
  .enum(["true", "false", "1", "0"], { error: "must be true or false" })
  .transform((value) => value === "true" || value === "1");

/** Express's `trust proxy`: a boolean, a hop count, or a comma-separated list of addresses. */
const trustProxy = z
  .string()
  .trim()
  .min(1)
  .transform((value): boolean | number | string[] => {
    if (value === "true") return true;
    if (value === "false") return false;
    if (/^\d+$/.test(value)) return Number(value);
    return value.split(",").map((part) => part.trim());
  });

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export const apiEnvSchema = z.object({
  // 0 asks the OS for a free port (tests); the listening line reports the real one.
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  // All interfaces in a pod; `npm start` binds to 127.0.0.1 so a laptop does not expose it.
  HOST: z.union([z.ipv4(), z.ipv6()], { error: "must be an IP address" }).default("0.0.0.0"),
  JWT_SECRET: z
    .string({ error: "is required" })
    .refine((value) => Buffer.byteLength(value, "utf8") >= 32, "must be at least 32 bytes"),
  UPLOAD_DIR: z.string({ error: "is required" }).min(1, "is required"),
  COOKIE_SECURE: booleanFlag.default(false),
  TRUST_PROXY: trustProxy.default(false),
  ANTI_SNIPING_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  LOG_LEVEL: z.enum(logLevels).default("info"),
  WEB_DIST: z.string().min(1).optional(),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(20),
  EVENTS_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  EVENTS_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  MAX_IMAGE_PIXELS: z.coerce.number().int().min(1).max(1_000_000_000).default(40_000_000),
  // Each scrypt hash holds 128 MiB while it runs: 2 at once stay well inside a 512Mi pod.
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(10_000).default(32),
});

export interface ApiConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  jwtSecret: string;
  uploadDir: string;
  cookieSecure: boolean;
  trustProxy: boolean | number | string[];
  antiSnipingSeconds: number;
  logLevel: (typeof logLevels)[number];
  webDist: string | undefined;
  authRateLimitPerMinute: number;
  eventsPollMs: number;
  eventsHeartbeatMs: number;
  maxImagePixels: number;
  passwordHashing: HashingLimits;
}

function collectProblems<T>(read: () => T): { value?: T; problems: string[] } {
  try {
    return { value: read(), problems: [] };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems };
    // databaseConfigFromUrl reports a URL without a database as a plain `NAME: rule` error.
    if (error instanceof Error && /^[A-Z_]+: /.test(error.message)) {
      return { problems: [error.message] };
    }
    throw error;
  }
}

/** Reads and validates the API's environment; every problem is reported at once. */
export function loadApiConfig(env: NodeJS.ProcessEnv): ApiConfig {
  const database = collectProblems(() => databaseConfigFromEnv(env));
  const api = collectProblems(() => parseEnv(apiEnvSchema, env));
  const problems = [...database.problems, ...api.problems];
  if (problems.length > 0 || !database.value || !api.value) throw new ConfigError(problems);
  const parsed = api.value;
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    database: database.value,
    jwtSecret: parsed.JWT_SECRET,
    uploadDir: resolve(parsed.UPLOAD_DIR),
    cookieSecure: parsed.COOKIE_SECURE,
    trustProxy: parsed.TRUST_PROXY,
    antiSnipingSeconds: parsed.ANTI_SNIPING_SECONDS,
    logLevel: parsed.LOG_LEVEL,
    webDist: parsed.WEB_DIST === undefined ? undefined : resolve(parsed.WEB_DIST),
    authRateLimitPerMinute: parsed.AUTH_RATE_LIMIT_PER_MINUTE,
    eventsPollMs: parsed.EVENTS_POLL_MS,
    eventsHeartbeatMs: parsed.EVENTS_HEARTBEAT_MS,
    maxImagePixels: parsed.MAX_IMAGE_PIXELS,
    passwordHashing: {
      concurrency: parsed.PASSWORD_HASH_CONCURRENCY,
      queue: parsed.PASSWORD_HASH_QUEUE,
    },
  };
}
