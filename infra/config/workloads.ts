// The blocks that size and tune each workload: API, web, settler, backup, and storage (MySQL: mysql.ts).
import { z } from "zod";
import { appSettings } from "./app-settings.js";
import { offsiteSchema } from "./backup-offsite.js";
import {
  booleanFlag,
  cronSchedule,
  integerFrom,
  ipv4,
  positiveInt,
  quantity,
  resources,
} from "./rules.js";
import { autoscalingSchema } from "./scaling.js";

export const storageSchema = z
  .object({ uploadsSize: quantity.default("10Gi"), mysqlSize: quantity.default("10Gi") })
  .strict()
  .prefault({});

export const apiSchema = z
  .object({
    replicas: positiveInt(50).default(2),
    autoscaling: autoscalingSchema.optional(),
    loadBalancer: booleanFlag.default(false),
    logLevel: appSettings.logLevel,
    antiSnipingSeconds: appSettings.antiSnipingSeconds,
    databasePoolSize: appSettings.databasePoolSize,
    authRateLimitPerMinute: appSettings.authRateLimitPerMinute,
    resources: resources("100m", "192Mi", "1", "512Mi"),
    migrationResources: resources("50m", "96Mi", "500m", "256Mi"),
  })
  .strict()
  .prefault({});

export const webSchema = z
  .object({
    replicas: positiveInt(50).default(2),
    autoscaling: autoscalingSchema.optional(),
    loadBalancerIP: ipv4.optional(),
    resources: resources("50m", "32Mi", "500m", "128Mi"),
  })
  .strict()
  .prefault({});

export const settlerSchema = z
  .object({
    schedule: cronSchedule.default("* * * * *"),
    batchSize: appSettings.settlerBatchSize,
    startingDeadlineSeconds: positiveInt(3600).default(30),
    activeDeadlineSeconds: positiveInt(86_400).default(50),
    backoffLimit: integerFrom(0, 10).default(2),
    resources: resources("50m", "96Mi", "500m", "256Mi"),
  })
  .strict()
  .prefault({});

export const backupSchema = z
  .object({
    schedule: cronSchedule.default("30 3 * * *"),
    retention: positiveInt(365).default(7),
    activeDeadlineSeconds: positiveInt(86_400).default(3600),
    resources: resources("50m", "64Mi", "1", "512Mi"),
    /** Stream dumps to an S3-compatible bucket instead of the shared claim. */
    offsite: offsiteSchema.optional(),
  })
  .strict()
  .prefault({});
