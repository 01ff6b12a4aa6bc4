import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config/index.js";
import { type ClusterContext, childOptions } from "./context.js";
import { DEV_CA_ISSUER } from "./dev-certificate-authority.js";
import { recommendedLabels } from "./labels.js";
import {
  resourceRequirements,
  restrictedContainerSecurity,
  scratchVolume,
  UID,
} from "./security.js";
import { HTTP_PORT_NAME, httpWorkload } from "./workload.js";

/** The port nginx listens on in the web image (app-web/nginx/default.conf.template). */
export const WEB_PORT = 8080;
/** Its HTTPS port when ssgbay:tls is on (app-web/nginx/tls.conf.template); the Service's 443. */
export const WEB_TLS_PORT = 8443;
/** What the pod sets for TLS: the image's templates for it, and where they read the certificate. */
export const NGINX_TLS = {
  templateDir: "/etc/nginx/templates-tls",
  certificateDir: "/etc/nginx/tls",
} as const;
const HTTPS_PORT_NAME = "https";
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
  tls: StackConfig["tls"];
  /** What a Certificate must wait for (cert-manager installed by this stack), if anything. */
  issuerReady: pulumi.Resource[];
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

    const tlsSecret = this.tlsSecret(name, args);
    const tlsPod = tlsSecret
      ? {
          env: [{ name: "NGINX_ENVSUBST_TEMPLATE_DIR", value: NGINX_TLS.templateDir }],
          ports: [{ name: HTTPS_PORT_NAME, containerPort: WEB_TLS_PORT }],
          volumeMounts: [{ name: "tls", mountPath: NGINX_TLS.certificateDir, readOnly: true }],
          // owner and group (fsGroup 101, nginx's) only: nginx's workers read the key on every
          // handshake (tls.conf.template), nobody else may
          volumes: [{ name: "tls", secret: { secretName: tlsSecret, defaultMode: 0o440 } }],
        }
      : { env: [], ports: [], volumeMounts: [], volumes: [] };

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
            ports: [{ name: HTTP_PORT_NAME, containerPort: WEB_PORT }, ...tlsPod.ports],
            env: [{ name: "API_UPSTREAM", value: args.apiUrl }, ...tlsPod.env],
            resources: resourceRequirements(args.web.resources),
            securityContext: restrictedContainerSecurity,
            // Alive while it accepts connections; ready while it answers (kube-score: a failing
            // readiness check must not also restart the pod).
            livenessProbe: { tcpSocket: { port: HTTP_PORT_NAME }, periodSeconds: 10 },
            readinessProbe: probe,
            volumeMounts: [
              { name: "tmp", mountPath: NGINX_SCRATCH.tmp },
              { name: "conf", mountPath: NGINX_SCRATCH.conf },
              ...tlsPod.volumeMounts,
            ],
          },
        ],
        volumes: [
          // nginx buffers large request bodies (image uploads) and upstream replies in /tmp.
          scratchVolume("tmp", "256Mi"),
          scratchVolume("conf", "1Mi"),
          ...tlsPod.volumes,
        ],
      },
      service: {
        type: "LoadBalancer",
        port: 80,
        extraPorts: tlsSecret ? [{ name: HTTPS_PORT_NAME, port: 443 }] : [],
        annotations,
        dependsOn: args.dependsOn,
      },
    });

    const scheme = tlsSecret ? "https" : "http";
    const pinned = pin.kind === "metallb" ? pin.address : undefined;
    this.url = pinned
      ? pulumi.output(`${scheme}://${pinned}`)
      : service.status.loadBalancer.ingress.apply((ingress) => {
          const first = ingress?.[0];
          const host = first?.ip || first?.hostname;
          return host ? `${scheme}://${host}` : "(load balancer address pending)";
        });
    this.registerOutputs({ url: this.url });
  }

  /**
   * The kubernetes.io/tls Secret nginx serves HTTPS with, by name: made here from the config's
   * certificate and key (auto-named, so a new certificate rolls the pods and nginx reads it), or
   * by cert-manager from a Certificate. None when TLS is off.
   */
  private tlsSecret(name: string, args: WebArgs): pulumi.Input<string> | undefined {
    const { tls } = args;
    const childOpts = childOptions(this, args);
    const labels = recommendedLabels({ name: "web", component: "tls", instance: args.instance });
    if (tls.mode === "secret") {
      const secret = new k8s.core.v1.Secret(
        `${name}-tls`,
        {
          metadata: { namespace: args.namespace, labels },
          type: "kubernetes.io/tls",
          stringData: { "tls.crt": tls.certificate, "tls.key": tls.key },
        },
        childOpts,
      );
      return secret.metadata.name;
    }
    if (tls.mode === "certManager") {
      const secretName = "web-tls";
      const issuer = tls.issuer ?? DEV_CA_ISSUER;
      new k8s.apiextensions.CustomResource(
        `${name}-certificate`,
        {
          apiVersion: "cert-manager.io/v1",
          kind: "Certificate",
          metadata: { name: "web", namespace: args.namespace, labels },
          spec: {
            secretName,
            secretTemplate: { labels },
            dnsNames: tls.dnsNames.length > 0 ? tls.dnsNames : undefined,
            ipAddresses: tls.ipAddresses.length > 0 ? tls.ipAddresses : undefined,
            privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
            issuerRef: { group: "cert-manager.io", ...issuer },
          },
        },
        { ...childOpts, dependsOn: args.issuerReady },
      );
      return secretName;
    }
    return undefined;
  }
}
