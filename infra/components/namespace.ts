import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { API_PORT, METRICS_PORT } from "@ssgbay/app-api/env";
import { MYSQL_PORT } from "@ssgbay/database/env";
import { type ClusterScope, childOptions } from "./context.js";
import { type AppIdentity, recommendedLabels, selectorLabels } from "./labels.js";
import { METRICS_PORT as MYSQL_METRICS_PORT } from "./mysql.js";
import type { DataRetention } from "./storage-layout.js";
import { WEB_PORT, WEB_TLS_PORT } from "./web.js";

type NetworkPolicyPeer = k8s.types.input.networking.v1.NetworkPolicyPeer;
type NetworkPolicySpec = k8s.types.input.networking.v1.NetworkPolicySpec;

export interface AppNamespaceArgs extends ClusterScope {
  name: string;
  /** When the API is exposed by its own load balancer, it accepts traffic from anywhere. */
  apiPublic: boolean;
  /** The data claims live here: deleting or replacing the namespace would delete them. */
  retention: DataRetention;
  /** The in-cluster MySQL pods, or an external server: the only place the apps may connect to. */
  database: DatabaseEndpoint;
  /** With off-cluster backups: where the backup pods may upload (the bucket's endpoint). */
  backupEgress: { cidr: string; port: number } | undefined;
}

export type DatabaseEndpoint =
  | { kind: "inCluster" }
  | { kind: "external"; cidr: string; port: number };

const PORTS = {
  web: WEB_PORT,
  webTls: WEB_TLS_PORT,
  api: API_PORT,
  metrics: METRICS_PORT,
  mysql: MYSQL_PORT,
  mysqlMetrics: MYSQL_METRICS_PORT.port,
  dns: 53,
} as const;

/**
 * Who may scrape the API's metrics port: Prometheus pods (`app.kubernetes.io/name: prometheus`,
 * as the Prometheus Operator and kube-prometheus-stack label them) in the `monitoring` namespace.
 */
export const METRICS_SCRAPER: NetworkPolicyPeer = {
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } },
  podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } },
};

/**
 * The app namespace with Pod Security `restricted` enforced, and NetworkPolicies that deny
 * everything except: anyone → web, web → API, Prometheus (monitoring namespace) → the API's
 * metrics ports (API and the MySQL exporter), API/settler/backup → MySQL (its pods, or the external
 * server's CIDR and port only), everyone → DNS.
 * (Migrations run as the API pods' init container, so API → MySQL covers them.)
 */
export class AppNamespace extends pulumi.ComponentResource {
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: AppNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ssgbay:index:AppNamespace", name, {}, opts);
    const childOpts = childOptions(this, args);
    const identity = (app: string, component: string): AppIdentity => ({
      name: app,
      component,
      instance: args.instance,
    });
    const namespace = new k8s.core.v1.Namespace(
      name,
      {
        metadata: {
          name: args.name,
          labels: {
            ...recommendedLabels(identity("ssgbay", "namespace")),
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/enforce-version": "latest",
            "pod-security.kubernetes.io/audit": "restricted",
            "pod-security.kubernetes.io/warn": "restricted",
          },
        },
      },
      { ...childOpts, ...args.retention },
    );
    this.name = namespace.metadata.name;

    const pods = (app: string): NetworkPolicyPeer => ({
      podSelector: { matchLabels: selectorLabels(identity(app, "")) },
    });
    const tcp = (port: number) => [{ protocol: "TCP", port }];
    const policy = (policyName: string, spec: NetworkPolicySpec) =>
      new k8s.networking.v1.NetworkPolicy(
        `${name}-${policyName}`,
        {
          metadata: {
            name: policyName,
            namespace: this.name,
            labels: recommendedLabels(identity(policyName, "network-policy")),
          },
          spec,
        },
        childOpts,
      );
    const appPods = (app: string) => ({ matchLabels: selectorLabels(identity(app, "")) });
    const { database } = args;
    const toDatabase =
      database.kind === "inCluster"
        ? { to: [pods("mysql")], ports: tcp(PORTS.mysql) }
        : { to: [{ ipBlock: { cidr: database.cidr } }], ports: tcp(database.port) };

    policy("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    policy("allow-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
              podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
          ports: [
            { protocol: "UDP", port: PORTS.dns },
            { protocol: "TCP", port: PORTS.dns },
          ],
        },
      ],
    });
    policy("web", {
      podSelector: appPods("web"),
      policyTypes: ["Ingress", "Egress"],
      // HTTPS too (nothing listens there unless ssgbay:tls is on)
      ingress: [{ ports: [...tcp(PORTS.web), ...tcp(PORTS.webTls)] }],
      egress: [{ to: [pods("api")], ports: tcp(PORTS.api) }],
    });
    policy("api", {
      podSelector: appPods("api"),
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        args.apiPublic ? { ports: tcp(PORTS.api) } : { from: [pods("web")], ports: tcp(PORTS.api) },
        { from: [METRICS_SCRAPER], ports: tcp(PORTS.metrics) },
      ],
      egress: [toDatabase],
    });
    for (const client of ["settler", "backup"]) {
      policy(client, {
        podSelector: appPods(client),
        policyTypes: ["Egress"],
        egress:
          client === "backup" && args.backupEgress
            ? [
                toDatabase,
                {
                  to: [{ ipBlock: { cidr: args.backupEgress.cidr } }],
                  ports: tcp(args.backupEgress.port),
                },
              ]
            : [toDatabase],
      });
    }
    if (database.kind === "inCluster") {
      policy("mysql", {
        podSelector: appPods("mysql"),
        policyTypes: ["Ingress"],
        ingress: [
          { from: [pods("api"), pods("settler"), pods("backup")], ports: tcp(PORTS.mysql) },
          { from: [METRICS_SCRAPER], ports: tcp(PORTS.mysqlMetrics) },
        ],
      });
    }
    this.registerOutputs({ name: this.name });
  }
}
