// Stack settings that the program hands to the apps as environment variables. Their ranges,
// defaults and rule texts are the apps' own (their env schemas), so the stack accepts exactly
// what the apps will; only the stack-config forms (numbers and booleans, also as text) are added.
import { apiEnvSchema } from "@ssgbay/app-api/env";
import { settlerEnvSchema } from "@ssgbay/app-settler/env";
import { databaseEnvSchema } from "@ssgbay/database/env";
import { z } from "zod";
import { integerSetting } from "./rules.js";

const api = apiEnvSchema.shape;

/** A deployed API always logs: every level of the API but `silent`. */
const deployedLogLevels = api.LOG_LEVEL.unwrap().exclude(["silent"]).enum;
const defaultLogLevel = api.LOG_LEVEL.def.defaultValue;
if (defaultLogLevel === "silent") throw new Error("the API's default log level cannot be deployed");

export const appSettings = {
  /** LOG_LEVEL */
  logLevel: z
    .enum(deployedLogLevels, {
      error: `must be one of ${Object.values(deployedLogLevels).join(", ")}`,
    })
    .default(defaultLogLevel),
  /** ANTI_SNIPING_SECONDS */
  antiSnipingSeconds: integerSetting(api.ANTI_SNIPING_SECONDS),
  /** AUTH_RATE_LIMIT_PER_MINUTE */
  authRateLimitPerMinute: integerSetting(api.AUTH_RATE_LIMIT_PER_MINUTE),
  /** DB_POOL_SIZE, per API replica */
  databasePoolSize: integerSetting(databaseEnvSchema.shape.DB_POOL_SIZE),
  /** SETTLER_BATCH_SIZE */
  settlerBatchSize: integerSetting(settlerEnvSchema.shape.SETTLER_BATCH_SIZE),
  /** DB_NAME (also the schema the MySQL image creates); the stack names it `ssgbay` by default. */
  databaseName: databaseEnvSchema.shape.DB_NAME.unwrap().default("ssgbay"),
};
