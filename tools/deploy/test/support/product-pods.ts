// The product's pods as the deploy proof runs them on the real node, from the images AppImages
// built: the security settings, ports, commands and writable paths are the product's own
// (imported from infra/components), the environment is checked by the apps' own env schemas.
import { API_PORT, apiEnvSchema } from "@ssgbay/app-api/env";
import { settlerEnvSchema } from "@ssgbay/app-settler/env";
import { databaseEnvSchema } from "@ssgbay/database/env";
import { MIGRATE_COMMAND, UPLOAD_DIR } from "@ssgbay/infra/components/api-server";
import {
  restrictedContainerSecurity,
  restrictedPodSecurity,
  UID,
} from "@ssgbay/infra/components/security";
import { NGINX_SCRATCH, WEB_PORT } from "@ssgbay/infra/components/web";

export const MYSQL_PORT = 3306;
const pullSecrets = [{ name: "registry-credentials" }];

/** The app user's database settings and secrets every Node pod gets (DB_* and JWT_SECRET). */
export interface AppSecrets {
  databasePassword: string;
  rootPassword: string;
  jwtSecret: string;
}

/** A Deployment of one pod (and its Service), labelled `app.kubernetes.io/name: <name>`. */
function deployment(
  namespace: string,
  name: string,
  pod: object,
  port?: { port: number; targetPort: number },
): object[] {
  const labels = { "app.kubernetes.io/name": name };
  const objects: object[] = [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name, namespace, labels },
      spec: {
        replicas: 1,
        strategy: { type: "Recreate" },
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: pod },
      },
    },
  ];
  if (port) {
    objects.push({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace, labels },
      spec: { selector: labels, ports: [{ name: "main", ...port }] },
    });
  }
  return objects;
}

const emptyDirs = (mounts: Record<string, string>) => ({
  volumeMounts: Object.entries(mounts).map(([name, mountPath]) => ({ name, mountPath })),
  volumes: Object.keys(mounts).map((name) => ({ name, emptyDir: {} })),
});

/** The MySQL test image as the product's StatefulSet pod runs it, its data on an emptyDir here. */
export function mysqlObjects(namespace: string, image: string, secrets: AppSecrets): object[] {
  const ping = { exec: { command: ["mysqladmin", "ping", "--host=127.0.0.1", "--silent"] } };
  const scratch = emptyDirs({
    data: "/var/lib/mysql",
    tmp: "/tmp",
    "run-mysqld": "/var/run/mysqld",
    "mysql-files": "/var/lib/mysql-files",
  });
  return [
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "mysql-credentials", namespace },
      stringData: { "root-password": secrets.rootPassword },
    },
    ...deployment(
      namespace,
      "mysql",
      {
        securityContext: restrictedPodSecurity(UID.mysql),
        automountServiceAccountToken: false,
        imagePullSecrets: pullSecrets,
        containers: [
          {
            name: "mysql",
            image,
            args: ["--skip-name-resolve"],
            ports: [{ containerPort: MYSQL_PORT }],
            env: [
              {
                name: "MYSQL_ROOT_PASSWORD",
                valueFrom: { secretKeyRef: { name: "mysql-credentials", key: "root-password" } },
              },
              { name: "MYSQL_DATABASE", value: "ssgbay" },
              { name: "MYSQL_USER", value: "ssgbay" },
              {
                name: "MYSQL_PASSWORD",
                valueFrom: { secretKeyRef: { name: "app-secrets", key: "DB_PASSWORD" } },
              },
            ],
            securityContext: restrictedContainerSecurity,
            resources: { requests: { cpu: "50m", memory: "256Mi" }, limits: { memory: "1Gi" } },
            startupProbe: { ...ping, periodSeconds: 2, failureThreshold: 90 },
            readinessProbe: { ...ping, periodSeconds: 5, timeoutSeconds: 3 },
            volumeMounts: scratch.volumeMounts,
          },
        ],
        volumes: scratch.volumes,
      },
      { port: MYSQL_PORT, targetPort: MYSQL_PORT },
    ),
  ];
}

/**
 * The API's, the migrations' and the settler's environment, split like the product's AppConfig
 * (plain settings in a ConfigMap, DB_PASSWORD and JWT_SECRET in a Secret); parsed by each app's
 * schema first, so a variable an app would refuse fails here, naming it.
 */
export function appConfigObjects(
  namespace: string,
  secrets: AppSecrets,
  network: { clusterDomain: string; trustProxy: string },
): object[] {
  const plain = {
    NODE_ENV: "production",
    DB_HOST: `mysql.${namespace}.svc.${network.clusterDomain}`,
    DB_PORT: String(MYSQL_PORT),
    DB_NAME: "ssgbay",
    DB_USER: "ssgbay",
    PORT: String(API_PORT),
    UPLOAD_DIR,
    LOG_LEVEL: "info",
    COOKIE_SECURE: "false",
    TRUST_PROXY: network.trustProxy,
    SETTLER_BATCH_SIZE: "100",
  };
  const secret = { DB_PASSWORD: secrets.databasePassword, JWT_SECRET: secrets.jwtSecret };
  for (const schema of [databaseEnvSchema, apiEnvSchema, settlerEnvSchema]) {
    const parsed = schema.safeParse({ ...plain, ...secret });
    if (!parsed.success) {
      throw new Error(
        `app environment: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
      );
    }
  }
  return [
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "app-config", namespace },
      data: plain,
    },
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "app-secrets", namespace },
      stringData: secret,
    },
  ];
}

/** The pods' view of that environment (envFrom the ConfigMap and the Secret). */
export const appEnvFrom = [
  { configMapRef: { name: "app-config" } },
  { secretRef: { name: "app-secrets" } },
];

/** The API Deployment's pod: the migrations as its init container (MIGRATE_COMMAND), then the server. */
export function apiObjects(namespace: string, image: string): object[] {
  const probe = (path: string) => ({ httpGet: { path, port: API_PORT }, periodSeconds: 2 });
  return deployment(
    namespace,
    "api",
    {
      securityContext: restrictedPodSecurity(UID.node),
      automountServiceAccountToken: false,
      imagePullSecrets: pullSecrets,
      initContainers: [
        {
          name: "migrate",
          image,
          command: MIGRATE_COMMAND,
          envFrom: appEnvFrom,
          securityContext: restrictedContainerSecurity,
          resources: { requests: { cpu: "50m", memory: "96Mi" }, limits: { memory: "256Mi" } },
          volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
        },
      ],
      containers: [
        {
          name: "api",
          image,
          ports: [{ containerPort: API_PORT }],
          envFrom: appEnvFrom,
          securityContext: restrictedContainerSecurity,
          // Each scrypt hash holds 128 MiB (PASSWORD_HASH_CONCURRENCY 2): the product's limit.
          resources: { requests: { cpu: "100m", memory: "192Mi" }, limits: { memory: "512Mi" } },
          startupProbe: { ...probe("/healthz"), failureThreshold: 60 },
          readinessProbe: probe("/readyz"),
          volumeMounts: [
            { name: "tmp", mountPath: "/tmp" },
            { name: "uploads", mountPath: UPLOAD_DIR },
          ],
        },
      ],
      volumes: [
        { name: "tmp", emptyDir: {} },
        { name: "uploads", emptyDir: {} },
      ],
    },
    { port: API_PORT, targetPort: API_PORT },
  );
}

/** The web Deployment's pod: nginx with API_UPSTREAM at the API Service, behind a Service on 80. */
export function webObjects(namespace: string, image: string, apiUpstream: string): object[] {
  return deployment(
    namespace,
    "web",
    {
      securityContext: restrictedPodSecurity(UID.nginx),
      automountServiceAccountToken: false,
      imagePullSecrets: pullSecrets,
      containers: [
        {
          name: "web",
          image,
          ports: [{ containerPort: WEB_PORT }],
          env: [{ name: "API_UPSTREAM", value: apiUpstream }],
          securityContext: restrictedContainerSecurity,
          resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
          readinessProbe: { httpGet: { path: "/healthz", port: WEB_PORT }, periodSeconds: 2 },
          volumeMounts: [
            { name: "tmp", mountPath: NGINX_SCRATCH.tmp },
            { name: "conf", mountPath: NGINX_SCRATCH.conf },
          ],
        },
      ],
      volumes: [
        { name: "tmp", emptyDir: {} },
        { name: "conf", emptyDir: {} },
      ],
    },
    { port: 80, targetPort: WEB_PORT },
  );
}

/** A pod that runs once (restartPolicy Never) as `uid`, with /tmp on an emptyDir. */
export function runOncePod(
  namespace: string,
  name: string,
  uid: number,
  container: { image: string; command?: string[]; env?: object[]; envFrom?: object[] },
): object {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace },
    spec: {
      restartPolicy: "Never",
      securityContext: restrictedPodSecurity(uid),
      automountServiceAccountToken: false,
      imagePullSecrets: pullSecrets,
      containers: [
        {
          name,
          ...container,
          securityContext: restrictedContainerSecurity,
          resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "256Mi" } },
          volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
        },
      ],
      volumes: [{ name: "tmp", emptyDir: {} }],
    },
  };
}
