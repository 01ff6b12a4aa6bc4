import * as pulumi from "@pulumi/pulumi";
import { API_PORT } from "@ssgbay/app-api/env";
import type { StackConfig } from "../config/index.js";
import type { AppConfig } from "./app-config.js";
import type { ClusterContext } from "./context.js";
import { resourceRequirements, restrictedContainerSecurity, UID } from "./security.js";
import { SHARED_SUBPATHS } from "./storage-layout.js";
import { HTTP_PORT_NAME, httpWorkload } from "./workload.js";

export const UPLOAD_DIR = "/data/uploads";
/** The migration CLI carried by the API image (see CONTRIBUTING.md, runtime conventions). */
export const MIGRATE_COMMAND = ["node", "database/dist/cli/migrate.js"];

export interface ApiServerArgs extends ClusterContext {
  image: pulumi.Output<string>;
  api: StackConfig["api"];
  appConfig: AppConfig;
  sharedClaim: pulumi.Output<string>;
}

/**
 * The stateless API server: a Deployment whose pods first apply migrations (an init container
 * holding the migrations' named lock, so several replicas are safe), then serve; a ClusterIP
 * Service (LoadBalancer only when configured) and a PodDisruptionBudget.
 */
export class ApiServer extends pulumi.ComponentResource {
  readonly serviceName: pulumi.Output<string>;
  /** In-cluster URL, used as the web's nginx upstream. */
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: ApiServerArgs, opts?: pulumi.ComponentResourceOptions) {
    // Named `Api` until issue 12: the alias keeps existing stacks' objects (no replacement).
    super(
      "ssgbay:index:ApiServer",
      name,
      {},
      {
        ...opts,
        aliases: [{ type: "ssgbay:index:Api" }, ...(opts?.aliases ?? [])],
      },
    );
    const { appConfig } = args;
    const envFrom = [
      { configMapRef: { name: appConfig.configMapName } },
      { secretRef: { name: appConfig.secretName } },
    ];
    const probe = (path: string) => ({
      httpGet: { path, port: HTTP_PORT_NAME },
      periodSeconds: 10,
      timeoutSeconds: 3,
    });

    const { service } = httpWorkload(this, name, args, {
      app: { name: "api", component: "server" },
      replicas: args.api.replicas,
      uid: UID.node,
      imagePullSecrets: appConfig.imagePullSecrets,
      podAnnotations: { "ssgbay.io/config-checksum": appConfig.checksum },
      pod: {
        terminationGracePeriodSeconds: 30,
        initContainers: [
          {
            name: "migrate",
            image: args.image,
            command: MIGRATE_COMMAND,
            envFrom,
            resources: resourceRequirements(args.api.migrationResources),
            securityContext: restrictedContainerSecurity,
            volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
          },
        ],
        containers: [
          {
            name: "api",
            image: args.image,
            ports: [{ name: HTTP_PORT_NAME, containerPort: API_PORT }],
            envFrom,
            resources: resourceRequirements(args.api.resources),
            securityContext: restrictedContainerSecurity,
            startupProbe: { ...probe("/healthz"), periodSeconds: 2, failureThreshold: 30 },
            livenessProbe: probe("/healthz"),
            readinessProbe: probe("/readyz"),
            volumeMounts: [
              { name: "tmp", mountPath: "/tmp" },
              { name: "shared", mountPath: UPLOAD_DIR, subPath: SHARED_SUBPATHS.uploads },
            ],
          },
        ],
        volumes: [
          { name: "tmp", emptyDir: {} },
          { name: "shared", persistentVolumeClaim: { claimName: args.sharedClaim } },
        ],
      },
      service: { type: args.api.loadBalancer ? "LoadBalancer" : "ClusterIP", port: API_PORT },
    });
    this.serviceName = service.metadata.name;
    this.url = pulumi.interpolate`http://${service.metadata.name}.${args.namespace}.svc.cluster.local:${API_PORT}`;
    this.registerOutputs({ serviceName: this.serviceName, url: this.url });
  }
}
