import { createHash } from "node:crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { API_PORT, apiEnvSchema } from "@ssgbay/app-api/env";
import { settlerEnvSchema } from "@ssgbay/app-settler/env";
import { databaseEnvSchema } from "@ssgbay/database/env";
import type { StackConfig } from "../config/index.js";
import { databasePort } from "../config/mysql.js";
import { servesTls } from "../config/tls.js";
import { envVariables } from "./app-env.js";
import { type ClusterContext, childOptions } from "./context.js";
import { recommendedLabels } from "./labels.js";

export interface AppConfigArgs extends ClusterContext {
  config: StackConfig;
  mysqlHost: pulumi.Output<string>;
  mysqlPassword: pulumi.Output<string>;
  /** Where the API writes uploads inside its container (the shared claim's `uploads` dir). */
  uploadDir: string;
}

/** Keys of the app Secret; everything else is plain configuration in the ConfigMap. */
export const APP_SECRET_KEYS = {
  databasePassword: "DB_PASSWORD",
  jwtSecret: "JWT_SECRET",
} as const satisfies Record<
  string,
  keyof typeof databaseEnvSchema.shape | keyof typeof apiEnvSchema.shape
>;

/**
 * The environment of the API, the migrations and the settler, generated from stack config:
 * plain settings in a ConfigMap, secrets only in a Secret, both auto-named so that a change
 * rolls the pods in place. `checksum` changes whenever either does: it shows in the pod template
 * why the pods rolled, and still rolls them if the provider is set to update ConfigMaps and
 * Secrets in place (`enableConfigMapMutable`/`enableSecretMutable`, names then unchanged).
 */
export class AppConfig extends pulumi.ComponentResource {
  readonly configMapName: pulumi.Output<string>;
  readonly secretName: pulumi.Output<string>;
  readonly checksum: pulumi.Output<string>;
  /** Image pull secrets for the app pods (empty unless registry credentials are configured). */
  readonly imagePullSecrets: pulumi.Output<{ name: string }[]>;

  constructor(name: string, args: AppConfigArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ssgbay:index:AppConfig", name, {}, opts);
    const childOpts = childOptions(this, args);
    const { config } = args;
    const labels = recommendedLabels({
      name: "ssgbay",
      component: "config",
      instance: args.instance,
    });

    // The order is part of the checksum below: keep it, or every pod rolls once.
    const data: Record<string, pulumi.Input<string>> = {
      // Node's own switch, not an app setting (the images set it too).
      NODE_ENV: "production",
      ...envVariables(databaseEnvSchema, {
        DB_HOST: args.mysqlHost,
        DB_PORT: String(databasePort(config.mysql)),
        DB_NAME: config.mysql.database,
        DB_USER: config.mysql.user,
        DB_POOL_SIZE: String(config.api.databasePoolSize),
        // Only with an external server's CA, so existing stacks keep their checksum.
        ...(config.mysql.caCertificate ? { DB_TLS_CA: config.mysql.caCertificate } : {}),
      }),
      ...envVariables(apiEnvSchema, {
        PORT: String(API_PORT),
        UPLOAD_DIR: args.uploadDir,
        LOG_LEVEL: config.api.logLevel,
        ANTI_SNIPING_SECONDS: String(config.api.antiSnipingSeconds),
        AUTH_RATE_LIMIT_PER_MINUTE: String(config.api.authRateLimitPerMinute),
        // Secure cookies exactly when browsers reach the site over HTTPS only.
        COOKIE_SECURE: String(servesTls(config.tls)),
        // the web pods are the only proxies: X-Forwarded-For from anyone else is ignored
        TRUST_PROXY: config.target.podCidrs.join(","),
      }),
      ...envVariables(settlerEnvSchema, { SETTLER_BATCH_SIZE: String(config.settler.batchSize) }),
    };
    const configMap = new k8s.core.v1.ConfigMap(
      `${name}-configmap`,
      // Auto-named: the provider replaces a ConfigMap whose data changes, so a change creates a
      // new one, points the pods at it (an in-place rolling update), then deletes the old one.
      { metadata: { namespace: args.namespace, labels }, data },
      childOpts,
    );
    this.configMapName = configMap.metadata.name;

    const jwtSecret = pulumi.secret(
      config.jwtSecret ??
        new random.RandomPassword(
          `${name}-jwt-secret`,
          { length: 64, special: false },
          { parent: this },
        ).result,
    );
    const secretData = {
      ...envVariables(databaseEnvSchema, {
        [APP_SECRET_KEYS.databasePassword]: args.mysqlPassword,
      }),
      ...envVariables(apiEnvSchema, { [APP_SECRET_KEYS.jwtSecret]: jwtSecret }),
    };
    const secret = new k8s.core.v1.Secret(
      `${name}-secret`,
      {
        // Auto-named for the same reason as the ConfigMap (Secrets are replaced on change too).
        metadata: { namespace: args.namespace, labels },
        type: "Opaque",
        stringData: secretData,
      },
      childOpts,
    );
    this.secretName = secret.metadata.name;

    // A one-way digest of high-entropy values: safe to show, so it is not kept secret (a secret
    // annotation would hide every pod template diff behind [secret]).
    this.checksum = pulumi.unsecret(
      pulumi.all([pulumi.output(data), pulumi.output(secretData)]).apply(([plain, secrets]) =>
        createHash("sha256")
          .update(JSON.stringify([plain, secrets]))
          .digest("hex"),
      ),
    );

    this.imagePullSecrets = this.registryPullSecrets(name, args, labels);
    this.registerOutputs({
      configMapName: this.configMapName,
      secretName: this.secretName,
      checksum: this.checksum,
    });
  }

  private registryPullSecrets(
    name: string,
    args: AppConfigArgs,
    labels: Record<string, string>,
  ): pulumi.Output<{ name: string }[]> {
    const { registry, registryPassword } = args.config;
    if (!registry || !registryPassword) return pulumi.output([]);
    const dockerConfig = pulumi.secret(
      registryPassword.apply((password) =>
        JSON.stringify({
          auths: {
            [registry.server]: {
              username: registry.username,
              password,
              auth: Buffer.from(`${registry.username}:${password}`).toString("base64"),
            },
          },
        }),
      ),
    );
    const pullSecret = new k8s.core.v1.Secret(
      `${name}-registry`,
      {
        metadata: { name: "registry-credentials", namespace: args.namespace, labels },
        type: "kubernetes.io/dockerconfigjson",
        stringData: { ".dockerconfigjson": dockerConfig },
      },
      childOptions(this, args),
    );
    return pullSecret.metadata.name.apply((secretName) => [{ name: secretName }]);
  }
}
