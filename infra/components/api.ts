import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config.js";
import type { AppConfig } from "./app-config.js";
import { type AppIdentity, recommendedLabels, selectorLabels } from "./labels.js";
import { SHARED_SUBPATHS } from "./nfs-storage.js";
import {
  resourceRequirements,
  restrictedContainerSecurity,
  restrictedPodSecurity,
  UID,
} from "./security.js";

export const API_PORT = 8080;
export const UPLOAD_DIR = "/data/uploads";
/** The migration CLI carried by the API image (see CONTRIBUTING.md, runtime conventions). */
export const MIGRATE_COMMAND = ["node", "database/dist/cli/migrate.js"];

export interface ApiArgs {
  provider: k8s.Provider;
  namespace: pulumi.Output<string>;
  instance: string;
  image: pulumi.Output<string>;
  api: StackConfig["api"];
  appConfig: AppConfig;
  sharedClaim: pulumi.Output<string>;
}

/**
 * The stateless API: a Deployment whose pods first apply migrations (an init container holding
 * the migrations' named lock, so several replicas are safe), then serve; a ClusterIP Service
 * (LoadBalancer only when configured) and a PodDisruptionBudget.
 */
export class Api extends pulumi.ComponentResource {
  readonly serviceName: pulumi.Output<string>;
  /** In-cluster URL, used as the web's nginx upstream. */
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: ApiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ssgbay:index:Api", name, {}, opts);
    const childOpts = { parent: this, provider: args.provider };
    const identity: AppIdentity = { name: "api", component: "server", instance: args.instance };
    const labels = recommendedLabels(identity);
    const selector = selectorLabels(identity);
    const { appConfig } = args;
    const envFrom = [
      { configMapRef: { name: appConfig.configMapName } },
      { secretRef: { name: appConfig.secretName } },
    ];
    const probe = (path: string) => ({
      httpGet: { path, port: "http" },
      periodSeconds: 10,
      timeoutSeconds: 3,
    });

    new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: { name: "api", namespace: args.namespace, labels },
        spec: {
          replicas: args.api.replicas,
          selector: { matchLabels: selector },
          strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
          template: {
            metadata: { labels, annotations: { "ssgbay.io/config-checksum": appConfig.checksum } },
            spec: {
              securityContext: restrictedPodSecurity(UID.node),
              automountServiceAccountToken: false,
              imagePullSecrets: appConfig.imagePullSecrets,
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
                  ports: [{ name: "http", containerPort: API_PORT }],
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
          },
        },
      },
      { ...childOpts, deleteBeforeReplace: true },
    );

    const service = new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata: { name: "api", namespace: args.namespace, labels },
        spec: {
          type: args.api.loadBalancer ? "LoadBalancer" : "ClusterIP",
          selector,
          ports: [{ name: "http", port: API_PORT, targetPort: "http" }],
        },
      },
      childOpts,
    );
    this.serviceName = service.metadata.name;
    this.url = pulumi.interpolate`http://${service.metadata.name}.${args.namespace}.svc.cluster.local:${API_PORT}`;

    new k8s.policy.v1.PodDisruptionBudget(
      `${name}-pdb`,
      {
        metadata: { name: "api", namespace: args.namespace, labels },
        spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
      },
      childOpts,
    );
    this.registerOutputs({ serviceName: this.serviceName, url: this.url });
  }
}
