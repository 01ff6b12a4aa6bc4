import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config/index.js";
import type { ClusterContext } from "./context.js";
import {
  resourceRequirements,
  restrictedContainerSecurity,
  scratchVolume,
  UID,
} from "./security.js";
import { HTTP_PORT_NAME, httpWorkload } from "./workload.js";

/** The port nginx listens on in the web image (app-web/nginx/default.conf.template). */
export const WEB_PORT = 8080;
/** Writable paths nginx needs under a read-only root filesystem (pid, temp files, envsubst output). */
export const NGINX_SCRATCH = { tmp: "/tmp", conf: "/etc/nginx/conf.d" } as const;

export type LoadBalancerPin =
  | { kind: "metallb"; address: string | undefined; poolName: pulumi.Output<string> }
  | { kind: "cloud" };

export interface WebArgs extends ClusterContext {
  image: pulumi.Output<string>;
  web: StackConfig["web"];
  apiUrl: pulumi.Output<string>;
  imagePullSecrets: pulumi.Output<{ name: string }[]>;
  loadBalancer: LoadBalancerPin;
  dependsOn: pulumi.Resource[];
  /** Spread the replicas across zones too (managed clusters). */
  spreadAcrossZones: boolean;
}

/**
 * The public face: nginx serving the SPA and proxying /api to the API Service by DNS name,
 * behind the only LoadBalancer Service (MetalLB on Vagrant, the cloud's otherwise).
 */
export class Web extends pulumi.ComponentResource {
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: WebArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ssgbay:index:Web", name, {}, opts);
    const probe = {
      httpGet: { path: "/healthz", port: HTTP_PORT_NAME },
      periodSeconds: 10,
      timeoutSeconds: 3,
    };
    const pin = args.loadBalancer;
    const annotations: Record<string, pulumi.Input<string>> = {};
    if (pin.kind === "metallb") {
      annotations["metallb.io/address-pool"] = pin.poolName;
      if (pin.address) annotations["metallb.io/loadBalancerIPs"] = pin.address;
    }

    const { service } = httpWorkload(this, name, args, {
      app: { name: "web", component: "frontend" },
      replicas: args.web.replicas,
      autoscaling: args.web.autoscaling,
      spreadAcrossZones: args.spreadAcrossZones,
      uid: UID.nginx,
      imagePullSecrets: args.imagePullSecrets,
      pod: {
        containers: [
          {
            name: "web",
            image: args.image,
            ports: [{ name: HTTP_PORT_NAME, containerPort: WEB_PORT }],
            env: [{ name: "API_UPSTREAM", value: args.apiUrl }],
            resources: resourceRequirements(args.web.resources),
            securityContext: restrictedContainerSecurity,
            // Alive while it accepts connections; ready while it answers (kube-score: a failing
            // readiness check must not also restart the pod).
            livenessProbe: { tcpSocket: { port: HTTP_PORT_NAME }, periodSeconds: 10 },
            readinessProbe: probe,
            volumeMounts: [
              { name: "tmp", mountPath: NGINX_SCRATCH.tmp },
              { name: "conf", mountPath: NGINX_SCRATCH.conf },
            ],
          },
        ],
        volumes: [
          // nginx buffers large request bodies (image uploads) and upstream replies in /tmp.
          scratchVolume("tmp", "256Mi"),
          scratchVolume("conf", "1Mi"),
        ],
      },
      service: { type: "LoadBalancer", port: 80, annotations, dependsOn: args.dependsOn },
    });

    const pinned = pin.kind === "metallb" ? pin.address : undefined;
    this.url = pinned
      ? pulumi.output(`http://${pinned}`)
      : service.status.loadBalancer.ingress.apply((ingress) => {
          const first = ingress?.[0];
          const host = first?.ip || first?.hostname;
          return host ? `http://${host}` : "(load balancer address pending)";
        });
    this.registerOutputs({ url: this.url });
  }
}
