// `@ssgbay/database`: what production code needs (connections, environment parsing, migrations).
// The server launcher and demo data are in `./dev`, the test kit in `./testing`.
export { createConnection, createPool } from "./connection.js";
export {
  ConfigError,
  collectConfig,
  type DatabaseAddress,
  type DatabaseConfig,
  type DatabaseEnv,
  DEFAULT_POOL_SETTINGS,
  databaseConfigFromEnv,
  databaseConfigFromUrl,
  databaseEnvSchema,
  databaseUrl,
  type PoolSettings,
  parseEnv,
  runCli,
} from "./env.js";
export {
  indexItemTexts,
  itemTextCondition,
  type SearchPlan,
  SearchPlanner,
  type SqlCondition,
  substringPattern,
} from "./item-search.js";
export {
  defaultMigrationsDir,
  type MigrateOptions,
  type MigrateResult,
  MigrationError,
  migrate,
  readMigrations,
} from "./migrate.js";
export { type PoolLimitCode, PoolLimitError } from "./pool-limits.js";
