// `@ssgbay/database`: what production code needs (connections, environment parsing, migrations).
// The server launcher and demo data are in `./dev`, the test kit in `./testing`.
export { createConnection, createPool } from "./connection.js";
export {
  ConfigError,
  collectConfig,
  type DatabaseConfig,
  type DatabaseEnv,
  databaseConfigFromEnv,
  databaseConfigFromUrl,
  databaseEnvSchema,
  databaseUrl,
  parseEnv,
  runCli,
} from "./env.js";
export {
  defaultMigrationsDir,
  type MigrateOptions,
  type MigrateResult,
  MigrationError,
  migrate,
  readMigrations,
} from "./migrate.js";
