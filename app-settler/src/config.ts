import {
  ConfigError,
  type DatabaseConfig,
  databaseConfigFromEnv,
  parseEnv,
} from "@ssgbay/database";
import { z } from "zod";

export const DEFAULT_BATCH_SIZE = 500;
export const MAX_BATCH_SIZE = 10_000;

const batchSizeRule = `must be an integer from 1 to ${MAX_BATCH_SIZE}`;

/** Items settled per transaction: large enough to be cheap, small enough to keep locks short. */
export const batchSizeSchema = z.coerce
  .number({ error: batchSizeRule })
  .int({ error: batchSizeRule })
  .min(1, { error: batchSizeRule })
  .max(MAX_BATCH_SIZE, { error: batchSizeRule });

const settlerEnvSchema = z.object({
  SETTLER_BATCH_SIZE: batchSizeSchema.default(DEFAULT_BATCH_SIZE),
});

export interface SettlerConfig {
  database: DatabaseConfig;
  batchSize: number;
}

/**
 * Reads the database variables shared with the API plus SETTLER_BATCH_SIZE. Every bad
 * variable is reported at once in one ConfigError, one `NAME: rule` line each.
 */
export function loadSettlerConfig(env: NodeJS.ProcessEnv): SettlerConfig {
  const problems: string[] = [];
  const database = collectProblems(problems, () => databaseConfigFromEnv(env));
  const settler = collectProblems(problems, () => parseEnv(settlerEnvSchema, env));
  if (database === undefined || settler === undefined) throw new ConfigError(problems);
  return { database, batchSize: settler.SETTLER_BATCH_SIZE };
}

function collectProblems<T>(problems: string[], read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
    return undefined;
  }
}
