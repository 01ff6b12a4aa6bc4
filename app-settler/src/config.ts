import {
  collectConfig,
  type DatabaseConfig,
  databaseConfigFromEnv,
  parseEnv,
} from "@ssgbay/database/env";
import { settlerEnvSchema } from "./env.js";

export interface SettlerConfig {
  database: DatabaseConfig;
  batchSize: number;
  claimers: number;
}

/**
 * Reads the database variables shared with the API plus SETTLER_BATCH_SIZE and
 * SETTLER_CLAIMERS. Every bad
 * variable is reported at once in one ConfigError, one `NAME: rule` line each.
 */
export function loadSettlerConfig(env: NodeJS.ProcessEnv): SettlerConfig {
  const { database, settler } = collectConfig({
    database: () => databaseConfigFromEnv(env),
    settler: () => parseEnv(settlerEnvSchema, env),
  });
  return {
    database,
    batchSize: settler.SETTLER_BATCH_SIZE,
    claimers: settler.SETTLER_CLAIMERS,
  };
}
