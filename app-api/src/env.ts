// The API's environment variables: names, defaults and ranges. Side-effect free (no Express, no
// pool), so the Pulumi program builds the API's ConfigMap from it (`@ssgbay/app-api/env`).
import { booleanVariable, integerVariable, oneOf } from "@ssgbay/database/env";
import { z } from "zod";

/** The port the API listens on unless PORT says otherwise (the container port in the cluster). */
export const API_PORT = 8080;

/** The port `/metrics` is served on unless METRICS_PORT says otherwise (Prometheus's default). */
export const METRICS_PORT = 9464;

/** Express's names for address ranges (proxy-addr): 127.0.0.0/8 + ::1, 169.254/16 + fe80::/10, private. */
const NAMED_RANGES = ["loopback", "linklocal", "uniquelocal"] as const;

/** One address or CIDR that Express may take a forwarded client address (and scheme) from. */
export const trustedProxyEntry = z.union(
  [z.enum(NAMED_RANGES), z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()],
  { error: `must be an IP address, a CIDR or one of ${NAMED_RANGES.join(", ")}` },
);

/**
 * Express's `trust proxy`, only as the proxies' own addresses: a comma-separated list of
 * addresses, CIDRs or named ranges, never `true` or a hop count (either lets any client that
 * reaches the API directly pick its own address with X-Forwarded-For). Unset: trust no one.
 */
const trustProxy = z.string().transform((value, context): string[] => {
  const entries = value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  for (const entry of entries) {
    if (!trustedProxyEntry.safeParse(entry).success) {
      context.addIssue({
        code: "custom",
        message: `'${entry}' must be an IP address, a CIDR or one of ${NAMED_RANGES.join(", ")} (comma-separated; no hop counts)`,
      });
    }
  }
  return entries;
});

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const apiEnvSchema = z.object({
  // 0 asks the OS for a free port (tests); the listening line reports the real one.
  PORT: z.coerce.number().int().min(0).max(65535).default(API_PORT),
  // `/metrics` only, kept off the public port; 0 picks a free one (tests, `npm start`).
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(METRICS_PORT),
  // All interfaces in a pod; `npm start` binds to 127.0.0.1 so a laptop does not expose it.
  HOST: z.union([z.ipv4(), z.ipv6()], { error: "must be an IP address" }).default("0.0.0.0"),
  JWT_SECRET: z
    .string({ error: "is required" })
    .refine((value) => Buffer.byteLength(value, "utf8") >= 32, "must be at least 32 bytes"),
  UPLOAD_DIR: z.string({ error: "is required" }).min(1, "is required"),
  COOKIE_SECURE: booleanVariable.default(false),
  TRUST_PROXY: trustProxy.default([]),
  // How far a late bid pushes the end of an auction (soft close); 0 turns it off.
  ANTI_SNIPING_SECONDS: integerVariable(0, 3600).default(60),
  LOG_LEVEL: oneOf(LOG_LEVELS).default("info"),
  WEB_DIST: z.string().min(1).optional(),
  AUTH_RATE_LIMIT_PER_MINUTE: integerVariable(1, 100_000).default(20),
  EVENTS_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  EVENTS_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  // Open live streams (GET /api/items/:id/events): per client address (429 beyond) and per
  // replica (503 beyond); each holds a socket for as long as the page stays open.
  EVENTS_MAX_STREAMS_PER_ADDRESS: integerVariable(1, 100_000).default(20),
  EVENTS_MAX_STREAMS: integerVariable(1, 1_000_000).default(1_000),
  MAX_IMAGE_PIXELS: z.coerce.number().int().min(1).max(1_000_000_000).default(40_000_000),
  // Each scrypt hash holds 128 MiB while it runs: 2 at once stay well inside a 512Mi pod.
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(10_000).default(32),
});
