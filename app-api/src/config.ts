import { resolve } from "node:path";
import {
  collectConfig,
  type DatabaseConfig,
  databaseConfigFromEnv,
  parseEnv,
} from "@ssgbay/database/env";
import type { HashingLimits } from "./auth/password.js";
import { apiEnvSchema, type LogLevel } from "./env.js";
import type { StreamLimits } from "./events/limits.js";

export interface ApiConfig {
  port: number;
  metricsPort: number;
  host: string;
  database: DatabaseConfig;
  jwtSecret: string;
  uploadDir: string;
  cookieSecure: boolean;
  /** Addresses/CIDRs of the proxies whose X-Forwarded-For and -Proto count; [] trusts none. */
  trustProxy: string[];
  antiSnipingSeconds: number;
  logLevel: LogLevel;
  webDist: string | undefined;
  authRateLimitPerMinute: number;
  eventsPollMs: number;
  eventsHeartbeatMs: number;
  eventStreamLimits: StreamLimits;
  maxImagePixels: number;
  passwordHashing: HashingLimits;
}

/** Reads and validates the API's environment; every problem is reported at once. */
export function loadApiConfig(env: NodeJS.ProcessEnv): ApiConfig {
  const { database, api: parsed } = collectConfig({
    database: () => databaseConfigFromEnv(env),
    api: () => parseEnv(apiEnvSchema, env),
  });
  return {
    port: parsed.PORT,
    metricsPort: parsed.METRICS_PORT,
    host: parsed.HOST,
    database,
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
    eventStreamLimits: {
      perAddress: parsed.EVENTS_MAX_STREAMS_PER_ADDRESS,
      perReplica: parsed.EVENTS_MAX_STREAMS,
    },
    maxImagePixels: parsed.MAX_IMAGE_PIXELS,
    passwordHashing: {
      concurrency: parsed.PASSWORD_HASH_CONCURRENCY,
      queue: parsed.PASSWORD_HASH_QUEUE,
    },
  };
}
