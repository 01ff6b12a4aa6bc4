import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { MYSQL_PORT } from "@ssgbay/database/env";
import type { StackConfig } from "../config/index.js";
import { bufferPoolBytes, type MySqlConfig } from "../config/mysql.js";
import { type ClusterContext, childOptions } from "./context.js";
import { type AppIdentity, recommendedLabels, selectorLabels } from "./labels.js";
import {
  resourceRequirements,
  restrictedContainerSecurity,
  restrictedPodSecurity,
  scratchVolume,
  UID,
} from "./security.js";

export interface MySqlArgs extends ClusterContext {
  mysql: StackConfig["mysql"];
  dataClaim: pulumi.Input<string>;
  /** Given as config secrets; generated (and kept in state as secrets) when absent. */
  rootPassword: pulumi.Output<string> | undefined;
  appPassword: pulumi.Output<string> | undefined;
  exporterPassword: pulumi.Output<string> | undefined;
}

/** The exporter sidecar's port; its name is what a ServiceMonitor scrapes. */
export const METRICS_PORT = { name: "metrics", port: 9104 } as const;
/** Where the image's /etc/my.cnf includes extra option files from. */
const CONF_DIR = "/etc/mysql/conf.d";

/**
 * The server's options (mounted into conf.d): no DNS lookups for clients, the buffer pool sized
 * from the memory limit (infra/README.md, "MySQL tuning"), the slow-query log on stderr so it
 * goes where the container's logs go.
 */
export function myCnf(mysql: MySqlConfig): string {
  const poolMiB = Math.floor(bufferPoolBytes(mysql) / 1024 ** 2);
  return [
    "[mysqld]",
    "skip-name-resolve",
    `innodb_buffer_pool_size = ${poolMiB}M`,
    "slow_query_log = ON",
    "slow_query_log_file = /dev/stderr",
    `long_query_time = ${mysql.slowQuerySeconds}`,
    "",
  ].join("\n");
}

/** Keys of the MySQL credentials Secret. */
export const MYSQL_SECRET_KEYS = {
  rootPassword: "root-password",
  appPassword: "password",
  exporterPassword: "exporter-password",
  exporterUserSql: "exporter-user.sql",
} as const;

/** The metrics sidecar's own account: it connects over TCP to 127.0.0.1 only. */
export const EXPORTER_USER = "exporter";
const EXPORTER_ACCOUNT = `'${EXPORTER_USER}'@'127.0.0.1'`;
/**
 * Where the account's SQL is mounted: the image's entrypoint runs it on the first start (an empty
 * data directory), and mysqld's --init-file runs it on every later start.
 */
const EXPORTER_SQL_DIR = "/docker-entrypoint-initdb.d";
const EXPORTER_SQL_FILE = `${EXPORTER_SQL_DIR}/${MYSQL_SECRET_KEYS.exporterUserSql}`;
/** What the entrypoint checks to decide a data directory is initialised (DATABASE_ALREADY_EXISTS). */
const INITIALISED_MARKER = "/var/lib/mysql/mysql";

/**
 * Creates the exporter's least-privilege account, or brings an existing one to this password and
 * these rights (mysqld_exporter's documented grants, with SELECT narrowed to performance_schema):
 * idempotent, so it runs on every server start. One statement per line, no comments: what
 * --init-file accepts on MySQL 8.4 and MariaDB alike. The password rule (config/stack.ts) keeps
 * quotes and backslashes out of it.
 */
export function exporterUserSql(password: string): string {
  if (/['"\\\s]/.test(password)) throw new Error("the exporter password was validated");
  const identified = `IDENTIFIED BY '${password}' WITH MAX_USER_CONNECTIONS 3`;
  return [
    `CREATE USER IF NOT EXISTS ${EXPORTER_ACCOUNT} ${identified};`,
    `ALTER USER ${EXPORTER_ACCOUNT} ${identified};`,
    `GRANT PROCESS, REPLICATION CLIENT ON *.* TO ${EXPORTER_ACCOUNT};`,
    `GRANT SELECT ON performance_schema.* TO ${EXPORTER_ACCOUNT};`,
    "",
  ].join("\n");
}

/**
 * The server container's command: the image's entrypoint, with --init-file once the data
 * directory exists. Not on the first start: the entrypoint passes the server's arguments to
 * `mysqld --initialize`, whose bootstrap mode refuses account statements (it runs the same SQL
 * from docker-entrypoint-initdb.d instead).
 */
export const MYSQL_COMMAND = [
  "bash",
  "-c",
  `if [ -d ${INITIALISED_MARKER} ]; then set -- --init-file=${EXPORTER_SQL_FILE}; fi; exec docker-entrypoint.sh mysqld "$@"`,
  "mysql",
];

/**
 * MySQL 8.4 as a one-replica StatefulSet on a persistent claim, reachable inside the namespace
 * only. The official image creates the app user with rights on the app schema alone. Options come
 * from an auto-named ConfigMap (a change rolls the pod); a mysqld-exporter sidecar serves
 * Prometheus metrics on the `metrics` port, signed in as its own least-privilege user.
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
    const exporterPassword = pulumi.secret(args.exporterPassword ?? generated("exporter-password"));

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
          [MYSQL_SECRET_KEYS.exporterPassword]: exporterPassword,
          [MYSQL_SECRET_KEYS.exporterUserSql]: exporterPassword.apply(exporterUserSql),
        },
      },
      childOpts,
    );
    this.credentialsSecretName = credentials.metadata.name;

    const options = new k8s.core.v1.ConfigMap(
      `${name}-options`,
      // Auto-named: a change creates a new one, and the StatefulSet rolls onto it.
      {
        metadata: { namespace: args.namespace, labels },
        data: { "ssgbay.cnf": myCnf(args.mysql) },
      },
      childOpts,
    );

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
          ports: [
            { name: "mysql", port: MYSQL_PORT, targetPort: "mysql" },
            { name: METRICS_PORT.name, port: METRICS_PORT.port, targetPort: METRICS_PORT.name },
          ],
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
    // tmp holds on-disk temporary tables and sort files; the others a socket and a pid file.
    const scratch = { tmp: "1Gi", "run-mysqld": "1Mi", "mysql-files": "1Mi" };
    // The exporter's landing page answers whenever its HTTP server runs (even with MySQL down),
    // so a slow MySQL never makes the sidecar, and with it the pod, unready.
    const exporterProbe = { httpGet: { path: "/", port: METRICS_PORT.name }, periodSeconds: 20 };
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
                  command: MYSQL_COMMAND,
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
                  // Alive while it listens; ready while it answers the protocol: a server busy
                  // enough to miss pings is taken out of the Service, not restarted.
                  livenessProbe: { tcpSocket: { port: "mysql" }, periodSeconds: 20 },
                  readinessProbe: { ...ping, periodSeconds: 5, timeoutSeconds: 3 },
                  volumeMounts: [
                    { name: "data", mountPath: "/var/lib/mysql" },
                    { name: "tmp", mountPath: "/tmp" },
                    { name: "run-mysqld", mountPath: "/var/run/mysqld" },
                    { name: "mysql-files", mountPath: "/var/lib/mysql-files" },
                    { name: "options", mountPath: CONF_DIR, readOnly: true },
                    { name: "exporter-user", mountPath: EXPORTER_SQL_DIR, readOnly: true },
                  ],
                },
                {
                  name: "exporter",
                  image: args.mysql.exporterImage,
                  args: [
                    `--mysqld.address=127.0.0.1:${MYSQL_PORT}`,
                    `--mysqld.username=${EXPORTER_USER}`,
                    `--web.listen-address=:${METRICS_PORT.port}`,
                  ],
                  env: [secretEnv("MYSQLD_EXPORTER_PASSWORD", MYSQL_SECRET_KEYS.exporterPassword)],
                  ports: [{ name: METRICS_PORT.name, containerPort: METRICS_PORT.port }],
                  resources: resourceRequirements(args.mysql.exporterResources),
                  // The image's own user (nobody); it reads no file, so not MySQL's 999.
                  securityContext: {
                    ...restrictedContainerSecurity,
                    runAsUser: UID.nobody,
                    runAsGroup: UID.nobody,
                  },
                  livenessProbe: { tcpSocket: { port: METRICS_PORT.name }, periodSeconds: 20 },
                  readinessProbe: exporterProbe,
                },
              ],
              volumes: [
                { name: "data", persistentVolumeClaim: { claimName: args.dataClaim } },
                { name: "options", configMap: { name: options.metadata.name } },
                {
                  name: "exporter-user",
                  secret: {
                    secretName: this.credentialsSecretName,
                    items: [
                      {
                        key: MYSQL_SECRET_KEYS.exporterUserSql,
                        path: MYSQL_SECRET_KEYS.exporterUserSql,
                      },
                    ],
                    // Readable by the mysql group (fsGroup) only.
                    defaultMode: 0o440,
                  },
                },
                ...Object.entries(scratch).map(([volume, size]) => scratchVolume(volume, size)),
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
