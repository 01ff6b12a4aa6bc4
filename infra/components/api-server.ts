import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { API_PORT, METRICS_PORT } from "@ssgbay/app-api/env";
import type { StackConfig } from "../config/index.js";
import type { AppConfig } from "./app-config.js";
import { type ClusterContext, childOptions } from "./context.js";
import { recommendedLabels, selectorLabels } from "./labels.js";
import {
  resourceRequirements,
  restrictedContainerSecurity,
  scratchVolume,
  UID,
} from "./security.js";
import { SHARED_SUBPATHS } from "./storage-layout.js";
import { HTTP_PORT_NAME, httpWorkload } from "./workload.js";

export const UPLOAD_DIR = "/data/uploads";
/**
 * The name of the API's Prometheus port (METRICS_PORT), on the container and on the `api-metrics`
 * Service: a ServiceMonitor selects it by this name; the NetworkPolicy admits only the scraper.
 */
export const METRICS_PORT_NAME = "metrics";
/** The migration CLI carried by the API image (see CONTRIBUTING.md, runtime conventions). */
export const MIGRATE_COMMAND = ["node", "database/dist/cli/migrate.js"];

export interface ApiServerArgs extends ClusterContext {
  image: pulumi.Output<string>;
  api: StackConfig["api"];
  appConfig: AppConfig;
  sharedClaim: pulumi.Output<string>;
  /** Spread the replicas across zones too (managed clusters). */
  spreadAcrossZones: boolean;
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
      autoscaling: args.api.autoscaling,
      spreadAcrossZones: args.spreadAcrossZones,
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
            ports: [
              { name: HTTP_PORT_NAME, containerPort: API_PORT },
              { name: METRICS_PORT_NAME, containerPort: METRICS_PORT },
            ],
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
          // Uploads are parsed in memory; /tmp holds only what Node and its libraries put there.
          scratchVolume("tmp", "256Mi"),
          { name: "shared", persistentVolumeClaim: { claimName: args.sharedClaim } },
        ],
      },
      service: { type: args.api.loadBalancer ? "LoadBalancer" : "ClusterIP", port: API_PORT },
    });
    // Its own ClusterIP Service, so a LoadBalancer API never carries the metrics port outside.
    const identity = { name: "api", component: "metrics", instance: args.instance };
    new k8s.core.v1.Service(
      `${name}-metrics-service`,
      {
        metadata: {
          name: "api-metrics",
          namespace: args.namespace,
          labels: recommendedLabels(identity),
        },
        spec: {
          type: "ClusterIP",
          selector: selectorLabels(identity),
          ports: [{ name: METRICS_PORT_NAME, port: METRICS_PORT, targetPort: METRICS_PORT_NAME }],
        },
      },
      childOptions(this, args),
    );
    this.serviceName = service.metadata.name;
    this.url = pulumi.interpolate`http://${service.metadata.name}.${args.namespace}.svc.cluster.local:${API_PORT}`;
    this.registerOutputs({ serviceName: this.serviceName, url: this.url });
  }
}
