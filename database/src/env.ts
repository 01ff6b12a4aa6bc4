// How every SSGBay process reads its environment, and the database variables they share.
// Side-effect free and without mysql2, so the Pulumi program can import the same names and rules
// (package export `@ssgbay/database/env`).
import { z } from "zod";

/** Thrown when environment configuration is invalid; `problems` holds one line per bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

/**
 * Parses `env` with a zod object schema whose keys are variable names, reporting every problem
 * at once as `NAME: rule` lines. Values of variables are never echoed, since some are secrets.
 */
export function parseEnv<Schema extends z.ZodType>(
  schema: Schema,
  env: NodeJS.ProcessEnv,
): z.infer<Schema> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.length > 0 ? issue.path.map(String).join(".") : "environment";
    return `${name}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}

/**
 * Runs every reader, so that one start reports every bad variable: when any of them throws a
 * ConfigError, throws one ConfigError with all their problems, in the readers' order.
 */
export function collectConfig<Readers extends Record<string, () => unknown>>(
  readers: Readers,
): { [Name in keyof Readers]: ReturnType<Readers[Name]> } {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, read] of Object.entries(readers)) {
    try {
      values[name] = read();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return values as { [Name in keyof Readers]: ReturnType<Readers[Name]> };
}

/** Runs `main`, turning a ConfigError into its lines on stderr and exit code 1. */
export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const line of error.problems) process.stderr.write(`${line}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${message.split("\n")[0]}\n`);
    }
    process.exitCode = 1;
  }
}

/** An integer variable within [min, max]; every way of missing it is told by the same rule. */
export function integerVariable(min: number, max: number) {
  const rule = `must be an integer from ${min} to ${max}`;
  return z.coerce
    .number({ error: rule })
    .int({ error: rule })
    .min(min, { error: rule })
    .max(max, { error: rule });
}

/** A boolean variable: `true`/`false` (or `1`/`0`). */
export const booleanVariable = z
  .enum(["true", "false", "1", "0"], { error: "must be true or false" })
  .transform((value) => value === "true" || value === "1");

/** A variable that takes one of a few words. */
export function oneOf<const Values extends readonly [string, ...string[]]>(values: Values) {
  return z.enum(values, { error: `must be one of ${values.join(", ")}` });
}

/** MySQL's port, the default of DB_PORT and of a DATABASE_URL without one. */
export const MYSQL_PORT = 3306;

const portRule = "must be a port number (1-65535)";
const portNumber = z.coerce
  .number({ error: portRule })
  .int({ error: portRule })
  .min(1, { error: portRule })
  .max(65535, { error: portRule });

/** The database variables shared by the API, the settler and the migration CLI. */
export const databaseEnvSchema = z
  .object({
    DATABASE_URL: z.url({ protocol: /^mysql$/, error: "must be a mysql:// URL" }).optional(),
    DB_HOST: z.string().min(1).optional(),
    DB_PORT: portNumber.default(MYSQL_PORT),
    DB_NAME: z
      .string()
      .regex(/^[A-Za-z0-9_]{1,64}$/, "must be 1-64 of [A-Za-z0-9_]")
      .optional(),
    DB_USER: z.string().min(1).optional(),
    DB_PASSWORD: z.string().optional(),
    // Connections per process (each API replica, each settler run).
    DB_POOL_SIZE: integerVariable(1, 200).default(10),
    // Callers that may wait for a busy pool; beyond that they fail at once (0: nobody waits).
    DB_POOL_QUEUE: integerVariable(0, 10_000).default(100),
    // The longest wait for a pooled connection, opening a new one included.
    DB_POOL_ACQUIRE_TIMEOUT_MS: integerVariable(10, 600_000).default(1_000),
    // The longest wait for the answer to one statement; its connection is then destroyed. With
    // the acquire timeout it bounds how long a dead or frozen database holds a request.
    DB_QUERY_TIMEOUT_MS: integerVariable(10, 3_600_000).default(2_000),
    // PEM text of the CA that signed the server's certificate: when set, every connection uses
    // TLS and verifies the server (certificate chain and host name) against it.
    DB_TLS_CA: z
      .string()
      .regex(
        /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/,
        "must be a PEM certificate (-----BEGIN CERTIFICATE----- …)",
      )
      .optional(),
  })
  .superRefine(
    (env, ctx) => {
      // Runs even when other keys failed, so that every problem is reported at once.
      const given = env as Partial<Record<string, unknown>>;
      if (given.DATABASE_URL) return;
      for (const name of ["DB_HOST", "DB_NAME", "DB_USER", "DB_PASSWORD"] as const) {
        if (given[name] === undefined) {
          ctx.addIssue({
            code: "custom",
            path: [name],
            message: "is required when DATABASE_URL is not set",
          });
        }
      }
    },
    { when: () => true },
  );

export type DatabaseEnv = z.infer<typeof databaseEnvSchema>;

/** Where the server is and who logs in. */
export interface DatabaseAddress {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** PEM CA for TLS (DB_TLS_CA); without it connections are plain. */
  tlsCa?: string;
}

/** How a process's one pool bounds its connections and every wait on the database. */
export interface PoolSettings {
  poolSize: number;
  /** Callers that may wait for a connection; 0: none. */
  poolQueue: number;
  acquireTimeoutMs: number;
  queryTimeoutMs: number;
}

export interface DatabaseConfig extends DatabaseAddress, PoolSettings {}

const { shape } = databaseEnvSchema;

export const DEFAULT_POOL_SETTINGS: PoolSettings = {
  poolSize: shape.DB_POOL_SIZE.def.defaultValue,
  poolQueue: shape.DB_POOL_QUEUE.def.defaultValue,
  acquireTimeoutMs: shape.DB_POOL_ACQUIRE_TIMEOUT_MS.def.defaultValue,
  queryTimeoutMs: shape.DB_QUERY_TIMEOUT_MS.def.defaultValue,
};

export function databaseConfigFromUrl(
  url: string,
  pool: PoolSettings = DEFAULT_POOL_SETTINGS,
): DatabaseConfig {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (!database) {
    throw new ConfigError([
      `DATABASE_URL: must name a database, e.g. mysql://user:pw@host:${MYSQL_PORT}/ssgbay`,
    ]);
  }
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : MYSQL_PORT,
    database,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    ...pool,
  };
}

export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const parsed = parseEnv(databaseEnvSchema, env);
  const pool: PoolSettings = {
    poolSize: parsed.DB_POOL_SIZE,
    poolQueue: parsed.DB_POOL_QUEUE,
    acquireTimeoutMs: parsed.DB_POOL_ACQUIRE_TIMEOUT_MS,
    queryTimeoutMs: parsed.DB_QUERY_TIMEOUT_MS,
  };
  const tls = parsed.DB_TLS_CA ? { tlsCa: parsed.DB_TLS_CA } : {};
  if (parsed.DATABASE_URL) return { ...databaseConfigFromUrl(parsed.DATABASE_URL, pool), ...tls };
  return {
    host: parsed.DB_HOST ?? "",
    port: parsed.DB_PORT,
    database: parsed.DB_NAME ?? "",
    user: parsed.DB_USER ?? "",
    password: parsed.DB_PASSWORD ?? "",
    ...pool,
    ...tls,
  };
}

export function databaseUrl(config: DatabaseAddress): string {
  const auth = `${encodeURIComponent(config.user)}:${encodeURIComponent(config.password)}`;
  return `mysql://${auth}@${config.host}:${config.port}/${encodeURIComponent(config.database)}`;
}
