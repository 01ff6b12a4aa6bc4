export { createConnection, createPool } from "./connection.js";
export { demoPng } from "./demo/png.js";
export {
  DEMO_PASSWORD,
  type SeedDependencies,
  type SeedResult,
  seedDemoData,
} from "./demo/seed.js";
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
  type EphemeralServer,
  type EphemeralServerOptions,
  NO_SERVER_HINT,
  NoServerBinaryError,
  startEphemeralServer,
} from "./ephemeral.js";
export {
  defaultMigrationsDir,
  type MigrateOptions,
  type MigrateResult,
  MigrationError,
  migrate,
  readMigrations,
} from "./migrate.js";
