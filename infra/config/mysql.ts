// The MySQL block: where the database runs (in the cluster, or an external/managed server),
// the in-cluster server's image, sizing and tuning, and its metrics sidecar.
import { databaseEnvSchema, MYSQL_PORT } from "@ssgbay/database/env";
import { z } from "zod";
import { appSettings } from "./app-settings.js";
import { tryParseAddressRange } from "./ip-ranges.js";
import { dnsSubdomain, integerFrom, ipv4, pinnedImage, quantity, resources } from "./rules.js";

const MiB = 1024 ** 2;
/** What mysqld needs beside the buffer pool: connections' buffers, performance_schema, code. */
export const SERVER_OVERHEAD_BYTES = 256 * MiB;
/** The default pool: this share of the memory limit left after the overhead… */
const DEFAULT_POOL_SHARE = 0.6;
/** …and the most a configured pool may take of it. */
const MAX_POOL_SHARE = 0.75;
/** InnoDB grows the pool in chunks of 128M (innodb_buffer_pool_chunk_size). */
const POOL_CHUNK_BYTES = 128 * MiB;

const UNIT_BYTES: Record<string, number> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: MiB,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** Bytes of a memory quantity (`1536Mi`, `2Gi`, `1G`, `1073741824`); undefined if not one. */
export function memoryBytes(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(value);
  if (!match?.[1]) return undefined;
  const unit = UNIT_BYTES[match[2] ?? ""];
  return unit === undefined ? undefined : Number(match[1]) * unit;
}

const mebibytes = (bytes: number) => `${Math.floor(bytes / MiB)}Mi`;

/** The default pool for a memory limit: 60% of (limit − 256Mi), down to whole 128Mi chunks. */
export function defaultBufferPoolBytes(limitBytes: number): number {
  const share = (limitBytes - SERVER_OVERHEAD_BYTES) * DEFAULT_POOL_SHARE;
  return Math.floor(share / POOL_CHUNK_BYTES) * POOL_CHUNK_BYTES;
}

export const BUFFER_POOL_RULE =
  "at most 75% of (mysql.resources.limits.memory − 256Mi); the default is 60% of it in whole 128Mi chunks";

const cidr = z
  .string()
  .refine((value) => value.includes("/") && tryParseAddressRange(value) !== undefined, {
    error: "must be an IPv4 CIDR such as 10.20.0.0/24",
  });

/** Keys that only an external server uses, and those only the in-cluster server uses. */
const EXTERNAL_ONLY = ["host", "port", "egressCidr", "caCertificate"] as const;
const IN_CLUSTER_ONLY = ["innodbBufferPoolSize"] as const;

export const mysqlSchema = z
  .object({
    /** inCluster: a StatefulSet on a claim; external: a server the program does not run (RDS…). */
    mode: z
      .enum(["inCluster", "external"], { error: "must be inCluster or external" })
      .default("inCluster"),
    /** external: the server's address or host name. */
    host: z
      .union([ipv4, dnsSubdomain], { error: "must be an IPv4 address or host name" })
      .optional(),
    /** external: its port (3306 when unset). */
    port: integerFrom(1, 65535).optional(),
    /** external: where the NetworkPolicies allow the apps to connect (host/32 for an address). */
    egressCidr: cidr.optional(),
    /** external: the CA that signed the server's certificate; the apps then connect with TLS. */
    caCertificate: databaseEnvSchema.shape.DB_TLS_CA.unwrap().optional(),
    // The official image; the digest is the multi-platform index of the tag (verify with
    // `docker buildx imagetools inspect mysql:8.4.7`), the tag stays for humans.
    image: pinnedImage.default(
      "mysql:8.4.7@sha256:0426ec38c7a10aa45ba383887df7878f74ee70e2fd589c7b69207f3577901903",
    ),
    /** The Prometheus exporter sidecar (port `metrics`, 9104). */
    exporterImage: pinnedImage.default(
      "prom/mysqld-exporter:v0.19.0@sha256:eacb4b18e2ec1e0abdf2d64851b68526c964f6d9cb3e9458fb5d5f5062ea94c1",
    ),
    database: appSettings.databaseName,
    user: z
      .string()
      .regex(/^[A-Za-z0-9_]{1,32}$/, "must be 1-32 of [A-Za-z0-9_]")
      .refine((user) => user !== "root", { error: "must not be root" })
      .default("ssgbay"),
    // On-disk temporary tables and sort files go to /tmp: more scratch than the default.
    resources: resources("250m", "512Mi", "2", "1536Mi", { request: "256Mi", limit: "2Gi" }),
    exporterResources: resources("10m", "32Mi", "200m", "64Mi"),
    /** innodb_buffer_pool_size; derived from the memory limit unless set. */
    innodbBufferPoolSize: quantity.optional(),
    /** long_query_time: statements slower than this go to the slow-query log (stderr). */
    slowQuerySeconds: integerFrom(0, 3600).default(1),
  })
  .strict()
  .superRefine((mysql, context) => {
    const misplaced = (keys: readonly (keyof typeof mysql)[], mode: string) => {
      for (const key of keys) {
        if (mysql[key] !== undefined) {
          context.addIssue({
            code: "custom",
            path: [key],
            message: `is only for mysql.mode ${mode}`,
          });
        }
      }
    };
    if (mysql.mode === "external") {
      misplaced(IN_CLUSTER_ONLY, "inCluster");
      if (mysql.host === undefined) {
        context.addIssue({
          code: "custom",
          path: ["host"],
          message: "is required when mysql.mode is external",
        });
      } else if (mysql.egressCidr === undefined && !ipv4.safeParse(mysql.host).success) {
        context.addIssue({
          code: "custom",
          path: ["egressCidr"],
          message:
            "is required when mysql.host is a name: NetworkPolicies allow egress by address (give the CIDR the name resolves into)",
        });
      }
      return;
    }
    misplaced(EXTERNAL_ONLY, "external");
    const limit = memoryBytes(mysql.resources.limits.memory);
    if (limit === undefined) {
      context.addIssue({
        code: "custom",
        path: ["resources", "limits", "memory"],
        message: "must be a memory quantity in bytes such as 1536Mi or 2Gi",
      });
      return;
    }
    if (defaultBufferPoolBytes(limit) < POOL_CHUNK_BYTES) {
      context.addIssue({
        code: "custom",
        path: ["resources", "limits", "memory"],
        message:
          "must be at least 512Mi: 256Mi of server overhead plus a buffer pool of at least one 128Mi chunk",
      });
      return;
    }
    if (mysql.innodbBufferPoolSize === undefined) return;
    const pool = memoryBytes(mysql.innodbBufferPoolSize);
    const most = (limit - SERVER_OVERHEAD_BYTES) * MAX_POOL_SHARE;
    if (pool === undefined || pool < POOL_CHUNK_BYTES || pool > most) {
      context.addIssue({
        code: "custom",
        path: ["innodbBufferPoolSize"],
        message: `must be from 128Mi to ${mebibytes(most)} for a ${mysql.resources.limits.memory} limit: ${BUFFER_POOL_RULE}`,
      });
    }
  })
  .prefault({});
export type MySqlConfig = z.infer<typeof mysqlSchema>;

/** Where the apps connect, as config gives it (in-cluster: the Service's host is an output). */
export function databasePort(mysql: MySqlConfig): number {
  return mysql.mode === "external" ? (mysql.port ?? MYSQL_PORT) : MYSQL_PORT;
}

/** The CIDR the apps' egress to an external server is limited to. */
export function externalEgressCidr(mysql: MySqlConfig): string {
  if (mysql.mode !== "external" || !mysql.host) throw new Error("not an external MySQL config");
  return mysql.egressCidr ?? `${mysql.host}/32`;
}

/** innodb_buffer_pool_size in bytes: the configured size, or the default for the memory limit. */
export function bufferPoolBytes(mysql: MySqlConfig): number {
  const configured = mysql.innodbBufferPoolSize && memoryBytes(mysql.innodbBufferPoolSize);
  if (configured) return configured;
  const limit = memoryBytes(mysql.resources.limits.memory);
  if (limit === undefined) throw new Error("mysql.resources.limits.memory was validated");
  return defaultBufferPoolBytes(limit);
}
