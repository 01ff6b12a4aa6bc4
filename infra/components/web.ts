import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config.js";
import { type AppIdentity, recommendedLabels, selectorLabels } from "./labels.js";
import {
  resourceRequirements,
  restrictedContainerSecurity,
  restrictedPodSecurity,
  UID,
} from "./security.js";

export const WEB_PORT = 8080;
/** Writable paths nginx needs under a read-only root filesystem (pid, temp files, envsubst output). */
export const NGINX_SCRATCH = { tmp: "/tmp", conf: "/etc/nginx/conf.d" } as const;

export type LoadBalancerPin =
  | { kind: "metallb"; address: string | undefined; poolName: pulumi.Output<string> }
  | { kind: "cloud" };

export interface WebArgs {
  provider: k8s.Provider;
  namespace: pulumi.Output<string>;
  instance: string;
  image: pulumi.Output<string>;
  web: StackConfig["web"];
  apiUrl: pulumi.Output<string>;
  imagePullSecrets: pulumi.Output<{ name: string }[]>;
  loadBalancer: LoadBalancerPin;
  dependsOn: pulumi.Resource[];
}

/**
 * The public face: nginx serving the SPA and proxying /api to the API Service by DNS name,
 * behind the only LoadBalancer Service (MetalLB on Vagrant, the cloud's otherwise).
 */
export class Web extends pulumi.ComponentResource {
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: WebArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ssgbay:index:Web", name, {}, opts);
    const childOpts = { parent: this, provider: args.provider };
    const identity: AppIdentity = { name: "web", component: "frontend", instance: args.instance };
    const labels = recommendedLabels(identity);
    const selector = selectorLabels(identity);
    const probe = {
      httpGet: { path: "/healthz", port: "http" },
      periodSeconds: 10,
      timeoutSeconds: 3,
    };

    new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: { name: "web", namespace: args.namespace, labels },
        spec: {
          replicas: args.web.replicas,
          selector: { matchLabels: selector },
          strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
          template: {
            metadata: { labels },
            spec: {
              securityContext: restrictedPodSecurity(UID.nginx),
              automountServiceAccountToken: false,
              imagePullSecrets: args.imagePullSecrets,
              containers: [
                {
                  name: "web",
                  image: args.image,
                  ports: [{ name: "http", containerPort: WEB_PORT }],
                  env: [{ name: "API_UPSTREAM", value: args.apiUrl }],
                  resources: resourceRequirements(args.web.resources),
                  securityContext: restrictedContainerSecurity,
                  livenessProbe: probe,
                  readinessProbe: probe,
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
          },
        },
      },
      { ...childOpts, deleteBeforeReplace: true },
    );

    const pin = args.loadBalancer;
    const annotations: Record<string, pulumi.Input<string>> = {};
    if (pin.kind === "metallb") {
      annotations["metallb.io/address-pool"] = pin.poolName;
      if (pin.address) annotations["metallb.io/loadBalancerIPs"] = pin.address;
    }
    const service = new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata: { name: "web", namespace: args.namespace, labels, annotations },
        spec: {
          type: "LoadBalancer",
          selector,
          ports: [{ name: "http", port: 80, targetPort: "http" }],
        },
      },
      { ...childOpts, dependsOn: args.dependsOn },
    );
    const pinned = pin.kind === "metallb" ? pin.address : undefined;
    this.url = pinned
      ? pulumi.output(`http://${pinned}`)
      : service.status.loadBalancer.ingress.apply((ingress) => {
          const first = ingress?.[0];
          const host = first?.ip || first?.hostname;
          return host ? `http://${host}` : "(load balancer address pending)";
        });

    new k8s.policy.v1.PodDisruptionBudget(
      `${name}-pdb`,
      {
        metadata: { name: "web", namespace: args.namespace, labels },
        spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
      },
      childOpts,
    );
    this.registerOutputs({ url: this.url });
  }
}
