import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { NfsConfig } from "../config/index.js";
import { type ClusterContext, childOptions } from "./context.js";
import { type AppIdentity, recommendedLabels, selectorLabels } from "./labels.js";
import { PRIVILEGED_NAMESPACE_LABELS, UID } from "./security.js";
import { CLAIMS, type DataRetention, SHARED_SUBPATHS } from "./storage-layout.js";

/** `namespace` is the app namespace whose claims the volumes are reserved for. */
export interface NfsStorageArgs extends ClusterContext {
  nfs: NfsConfig;
  uploadsSize: string;
  /** Absent when the database is external: no volume for MySQL's data then. */
  mysqlSize: string | undefined;
  /** Kept like the claims they are bound to. */
  retention: DataRetention;
  /** The nodes' addresses: kubelets mount from there, and the server admits nothing else. */
  nodeAddresses: string[];
}

/** What the in-cluster server serves (NFSv4 needs only 2049; v3 clients also use mountd, rpcbind). */
export const NFS_PORTS = [
  { name: "nfs", containerPort: 2049, protocol: "TCP" },
  { name: "mountd", containerPort: 20048, protocol: "TCP" },
  { name: "rpcbind", containerPort: 111, protocol: "TCP" },
] as const;

/** The export's directory for MySQL's data, beside the shared claim's subpaths. */
const MYSQL_EXPORT_DIR = "mysql";

/**
 * Storage for a cluster without storage classes: an NFS server (in-cluster or external) and
 * static PersistentVolumes pre-bound to the app's claims.
 */
export class NfsStorage extends pulumi.ComponentResource {
  /** Names of the PersistentVolumes for the shared (RWX) and MySQL (RWO) claims. */
  readonly volumeNames: { shared: pulumi.Output<string>; mysql: pulumi.Output<string> | undefined };

  constructor(name: string, args: NfsStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ssgbay:index:NfsStorage", name, {}, opts);
    const childOpts = childOptions(this, args);
    const identity: AppIdentity = {
      name: "nfs-server",
      component: "storage",
      instance: args.instance,
    };

    const export_ =
      args.nfs.mode === "external"
        ? {
            server: pulumi.output(args.nfs.server),
            dependsOn: [],
            root: args.nfs.path.replace(/\/$/, ""),
          }
        : { ...this.inClusterServer(name, args, identity), root: "" };

    const volume = (volumeName: string, claim: string, size: string, path: string, mode: string) =>
      new k8s.core.v1.PersistentVolume(
        `${name}-${volumeName}`,
        {
          metadata: { labels: recommendedLabels({ ...identity, name: volumeName }) },
          spec: {
            capacity: { storage: size },
            accessModes: [mode],
            persistentVolumeReclaimPolicy: "Retain",
            storageClassName: "",
            // Pre-bound so that no other claim in the cluster can take it.
            claimRef: { namespace: args.namespace, name: claim },
            nfs: { server: export_.server, path: path || "/" },
          },
        },
        { ...childOpts, ...args.retention, dependsOn: export_.dependsOn },
      );
    const shared = volume(
      "shared-data",
      CLAIMS.shared,
      args.uploadsSize,
      export_.root,
      "ReadWriteMany",
    );
    const mysql =
      args.mysqlSize === undefined
        ? undefined
        : volume(
            "mysql-data",
            CLAIMS.mysql,
            args.mysqlSize,
            `${export_.root}/${MYSQL_EXPORT_DIR}`,
            "ReadWriteOnce",
          );
    this.volumeNames = { shared: shared.metadata.name, mysql: mysql?.metadata.name };
    this.registerOutputs({ volumeNames: this.volumeNames });
  }

  /**
   * An NFS server pod (privileged, so in its own namespace) exporting a directory of one node.
   * Returns the Service's pinned ClusterIP (kubelets mount from the node, where cluster DNS does
   * not resolve), known before the Service exists, and the Service for the volumes to wait on.
   */
  private inClusterServer(
    name: string,
    args: NfsStorageArgs,
    identity: AppIdentity,
  ): { server: pulumi.Output<string>; dependsOn: pulumi.Resource[] } {
    if (args.nfs.mode !== "inCluster") throw new Error("not an in-cluster NFS config");
    const nfs = args.nfs;
    const childOpts = childOptions(this, args);
    const labels = recommendedLabels(identity);
    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: `ssgbay-nfs-${args.instance}`,
          labels: {
            ...labels,
            ...PRIVILEGED_NAMESPACE_LABELS,
          },
        },
      },
      childOpts,
    );
    const ports = [...NFS_PORTS];
    const prepare = [
      "set -eu",
      `mkdir -p /exports/${SHARED_SUBPATHS.uploads} /exports/${SHARED_SUBPATHS.backups} /exports/${MYSQL_EXPORT_DIR}`,
      `chown ${UID.node}:${UID.node} /exports/${SHARED_SUBPATHS.uploads}`,
      `chown ${UID.mysql}:${UID.mysql} /exports/${SHARED_SUBPATHS.backups} /exports/${MYSQL_EXPORT_DIR}`,
    ].join("\n");
    const resources = {
      requests: { cpu: "50m", memory: "64Mi", "ephemeral-storage": "16Mi" },
      limits: { cpu: "500m", memory: "256Mi", "ephemeral-storage": "128Mi" },
    };
    new k8s.apps.v1.Deployment(
      `${name}-server`,
      {
        metadata: { name: "nfs-server", namespace: namespace.metadata.name, labels },
        spec: {
          replicas: 1,
          strategy: { type: "Recreate" },
          selector: { matchLabels: selectorLabels(identity) },
          template: {
            metadata: { labels },
            spec: {
              nodeSelector: { "kubernetes.io/hostname": nfs.node },
              // The server never calls the Kubernetes API: no token to steal from a privileged pod.
              automountServiceAccountToken: false,
              initContainers: [
                {
                  name: "prepare-exports",
                  image: nfs.image,
                  command: ["sh", "-c", prepare],
                  // Root (the export's directories are root's) with only the right to chown.
                  securityContext: {
                    runAsUser: 0,
                    runAsNonRoot: false,
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    capabilities: { drop: ["ALL"], add: ["CHOWN"] },
                    seccompProfile: { type: "RuntimeDefault" },
                  },
                  resources,
                  volumeMounts: [{ name: "exports", mountPath: "/exports" }],
                },
              ],
              containers: [
                {
                  name: "nfs-server",
                  image: nfs.image,
                  ports,
                  securityContext: { privileged: true },
                  resources,
                  livenessProbe: { tcpSocket: { port: "nfs" }, periodSeconds: 20 },
                  readinessProbe: { tcpSocket: { port: "nfs" }, periodSeconds: 10 },
                  volumeMounts: [{ name: "exports", mountPath: "/exports" }],
                },
              ],
              volumes: [
                { name: "exports", hostPath: { path: nfs.hostPath, type: "DirectoryOrCreate" } },
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
        metadata: { name: "nfs-server", namespace: namespace.metadata.name, labels },
        spec: {
          type: "ClusterIP",
          clusterIP: nfs.serviceClusterIP,
          selector: selectorLabels(identity),
          ports: ports.map((port) => ({
            name: port.name,
            port: port.containerPort,
            targetPort: port.name,
          })),
        },
      },
      childOpts,
    );
    // The export is rw,no_root_squash to whoever connects: only the nodes (kubelets) may.
    new k8s.networking.v1.NetworkPolicy(
      `${name}-network-policy`,
      {
        metadata: { name: "nodes-only", namespace: namespace.metadata.name, labels },
        spec: {
          podSelector: {},
          // No egress: NFSv4.1+ calls clients back over their own connection.
          policyTypes: ["Ingress", "Egress"],
          ingress: [
            {
              from: args.nodeAddresses.map((address) => ({ ipBlock: { cidr: `${address}/32` } })),
              ports: ports.map((port) => ({ protocol: port.protocol, port: port.containerPort })),
            },
          ],
        },
      },
      childOpts,
    );
    return { server: pulumi.output(nfs.serviceClusterIP), dependsOn: [service] };
  }
}
