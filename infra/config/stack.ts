// The keys every target shares, and the shape of the whole validated stack config.
import { z } from "zod";
import { kubeconfigSchema, kubernetesSchema } from "./cluster.js";
import { dataSchema } from "./data.js";
import { imagesSchema, registrySchema } from "./images.js";
import { monitoringSchema } from "./monitoring.js";
import { mysqlSchema } from "./mysql.js";
import { dnsLabel, secretString } from "./rules.js";
import type { ManagedTarget, VagrantTarget } from "./targets.js";
import { tlsSchema } from "./tls.js";
import { apiSchema, backupSchema, settlerSchema, storageSchema, webSchema } from "./workloads.js";

export const commonSchema = z.object({
  target: z.enum(["vagrant", "managed"], { error: "must be vagrant or managed" }),
  namespace: dnsLabel.default("ssgbay"),
  kubernetes: kubernetesSchema,
  kubernetesKubeconfig: kubeconfigSchema.optional(),
  registry: registrySchema.optional(),
  images: imagesSchema,
  storage: storageSchema,
  mysql: mysqlSchema,
  api: apiSchema,
  web: webSchema,
  tls: tlsSchema,
  settler: settlerSchema,
  backup: backupSchema,
  data: dataSchema,
  monitoring: monitoringSchema,
  registryPassword: secretString(z.string().min(1, "must not be empty")).optional(),
  mysqlRootPassword: secretString(
    z.string().min(16, "must be at least 16 characters").max(128),
  ).optional(),
  mysqlPassword: secretString(
    z.string().min(16, "must be at least 16 characters").max(128),
  ).optional(),
  /** The metrics sidecar's own MySQL account; it is written into SQL, hence the narrower rule. */
  mysqlExporterPassword: secretString(
    z
      .string()
      .min(16, "must be at least 16 characters")
      .max(128)
      .regex(/^[!#-&(-[\]-~]+$/, "must be printable ASCII without spaces, quotes or backslashes"),
  ).optional(),
  /** The S3 access key pair of backup.offsite (secrets; they go only into a Kubernetes Secret). */
  backupAccessKeyId: secretString(z.string().min(1, "must not be empty")).optional(),
  backupSecretAccessKey: secretString(z.string().min(1, "must not be empty")).optional(),
  jwtSecret: secretString(z.string().min(32, "must be at least 32 characters")).optional(),
});

export type CommonConfig = z.infer<typeof commonSchema>;

/** The whole stack configuration, validated and typed. */
export type StackConfig = Omit<CommonConfig, "target"> & { target: VagrantTarget | ManagedTarget };
