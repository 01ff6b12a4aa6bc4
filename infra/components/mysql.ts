import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { MYSQL_PORT } from "@ssgbay/database/env";
import type { StackConfig } from "../config/index.js";
import { type ClusterContext, childOptions } from "./context.js";
import { type AppIdentity, recommendedLabels, selectorLabels } from "./labels.js";
import {
  resourceRequirements,
  restrictedContainerSecurity,
  restrictedPodSecurity,
  UID,
} from "./security.js";

export interface MySqlArgs extends ClusterContext {
  mysql: StackConfig["mysql"];
  dataClaim: pulumi.Output<string>;
  /** Given as config secrets; generated (and kept in state as secrets) when absent. */
  rootPassword: pulumi.Output<string> | undefined;
  appPassword: pulumi.Output<string> | undefined;
}

/** Keys of the MySQL credentials Secret. */
export const MYSQL_SECRET_KEYS = {
  rootPassword: "root-password",
  appPassword: "password",
} as const;

/**
 * MySQL 8.4 as a one-replica StatefulSet on a persistent claim, reachable inside the namespace
 * only. The official image creates the app user with rights on the app schema alone.
 */
export class MySql extends pulumi.ComponentResource {
  /** The ClusterIP Service's name; its DNS name is `<name>.<namespace>.svc.cluster.local`. */
  readonly serviceName: pulumi.Output<string>;
  readonly host: pulumi.Output<string>;
  readonly credentialsSecretName: pulumi.Output<string>;
  readonly appPassword: pulumi.Output<string>;

  constructor(name: string, args: MySqlArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ssgbay:index:MySql", name, {}, opts);
    const childOpts = childOptions(this, args);
    const identity: AppIdentity = { name: "mysql", component: "database", instance: args.instance };
    const labels = recommendedLabels(identity);
    const selector = selectorLabels(identity);

    const generated = (purpose: string) =>
      new random.RandomPassword(
        `${name}-${purpose}`,
        { length: 32, special: false },
        { parent: this },
      ).result;
    const rootPassword = pulumi.secret(args.rootPassword ?? generated("root-password"));
    this.appPassword = pulumi.secret(args.appPassword ?? generated("app-password"));

    const credentials = new k8s.core.v1.Secret(
      `${name}-credentials`,
      {
        // Auto-named: the provider replaces a Secret whose data changes; a new name lets the
        // StatefulSet and the backup job roll onto it in place instead of being replaced.
        metadata: { namespace: args.namespace, labels },
        type: "Opaque",
        stringData: {
          [MYSQL_SECRET_KEYS.rootPassword]: rootPassword,
          [MYSQL_SECRET_KEYS.appPassword]: this.appPassword,
        },
      },
      childOpts,
    );
    this.credentialsSecretName = credentials.metadata.name;

    const headless = new k8s.core.v1.Service(
      `${name}-headless`,
      {
        metadata: { name: "mysql-headless", namespace: args.namespace, labels },
        spec: {
          clusterIP: "None",
          selector,
          ports: [{ name: "mysql", port: MYSQL_PORT, targetPort: "mysql" }],
        },
      },
      childOpts,
    );
    const service = new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata: { name: "mysql", namespace: args.namespace, labels },
        spec: {
          type: "ClusterIP",
          selector,
          ports: [{ name: "mysql", port: MYSQL_PORT, targetPort: "mysql" }],
        },
      },
      childOpts,
    );
    this.serviceName = service.metadata.name;
    this.host = pulumi.interpolate`${service.metadata.name}.${args.namespace}.svc.cluster.local`;

    const secretEnv = (envName: string, key: string) => ({
      name: envName,
      valueFrom: { secretKeyRef: { name: this.credentialsSecretName, key } },
    });
    // `mysqladmin ping` exits 0 whenever the server answers (even "access denied"), so the
    // probes need no password; TCP to 127.0.0.1 skips the init-time socket-only server.
    const ping = { exec: { command: ["mysqladmin", "ping", "--host=127.0.0.1", "--silent"] } };
    const scratch = ["tmp", "run-mysqld", "mysql-files"];
    new k8s.apps.v1.StatefulSet(
      `${name}-statefulset`,
      {
        metadata: { name: "mysql", namespace: args.namespace, labels },
        spec: {
          serviceName: headless.metadata.name,
          replicas: 1,
          selector: { matchLabels: selector },
          template: {
            metadata: { labels },
            spec: {
              securityContext: restrictedPodSecurity(UID.mysql),
              automountServiceAccountToken: false,
              containers: [
                {
                  name: "mysql",
                  image: args.mysql.image,
                  args: ["--skip-name-resolve"],
                  ports: [{ name: "mysql", containerPort: MYSQL_PORT }],
                  env: [
                    secretEnv("MYSQL_ROOT_PASSWORD", MYSQL_SECRET_KEYS.rootPassword),
                    { name: "MYSQL_DATABASE", value: args.mysql.database },
                    { name: "MYSQL_USER", value: args.mysql.user },
                    secretEnv("MYSQL_PASSWORD", MYSQL_SECRET_KEYS.appPassword),
                  ],
                  resources: resourceRequirements(args.mysql.resources),
                  securityContext: restrictedContainerSecurity,
                  startupProbe: { ...ping, periodSeconds: 5, failureThreshold: 60 },
                  livenessProbe: { ...ping, periodSeconds: 20, timeoutSeconds: 5 },
                  readinessProbe: { ...ping, periodSeconds: 5, timeoutSeconds: 3 },
                  volumeMounts: [
                    { name: "data", mountPath: "/var/lib/mysql" },
                    { name: "tmp", mountPath: "/tmp" },
                    { name: "run-mysqld", mountPath: "/var/run/mysqld" },
                    { name: "mysql-files", mountPath: "/var/lib/mysql-files" },
                  ],
                },
              ],
              volumes: [
                { name: "data", persistentVolumeClaim: { claimName: args.dataClaim } },
                ...scratch.map((volume) => ({ name: volume, emptyDir: {} })),
              ],
            },
          },
        },
      },
      { ...childOpts, deleteBeforeReplace: true },
    );
    this.registerOutputs({
      serviceName: this.serviceName,
      host: this.host,
      credentialsSecretName: this.credentialsSecretName,
    });
  }
}
