import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { type ClusterContext, childOptions } from "./context.js";
import { recommendedLabels } from "./labels.js";
import { CLAIMS, type DataRetention } from "./storage-layout.js";

/** Where a claim's storage comes from: a pre-created volume or a storage class. */
export type ClaimSource =
  | { kind: "volume"; volumeName: pulumi.Input<string> }
  | { kind: "storageClass"; storageClassName: string };

export interface VolumeClaimsArgs extends ClusterContext {
  shared: { source: ClaimSource; size: string };
  /** Absent when the database is external (no MySQL data in the cluster). */
  mysql: { source: ClaimSource; size: string } | undefined;
  retention: DataRetention;
}

/**
 * The app's two claims, identical on every target except where the storage comes from:
 * `shared-data` (ReadWriteMany: uploads for every API replica, and backups) and `mysql-data`.
 * Both are kept by `retention` (protect, retainOnDelete): a replacement would mean new, empty storage.
 */
export class VolumeClaims extends pulumi.ComponentResource {
  readonly sharedClaim: pulumi.Output<string>;
  readonly mysqlClaim: pulumi.Output<string> | undefined;

  constructor(name: string, args: VolumeClaimsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ssgbay:index:VolumeClaims", name, {}, opts);
    const childOpts = childOptions(this, args);
    const claim = (claimName: string, size: string, source: ClaimSource, mode: string) =>
      new k8s.core.v1.PersistentVolumeClaim(
        `${name}-${claimName}`,
        {
          metadata: {
            name: claimName,
            namespace: args.namespace,
            labels: recommendedLabels({
              name: claimName,
              component: "storage",
              instance: args.instance,
            }),
          },
          spec: {
            accessModes: [mode],
            resources: { requests: { storage: size } },
            ...(source.kind === "volume"
              ? { storageClassName: "", volumeName: source.volumeName }
              : { storageClassName: source.storageClassName }),
          },
        },
        { ...childOpts, ...args.retention, deleteBeforeReplace: true },
      );
    this.sharedClaim = claim(
      CLAIMS.shared,
      args.shared.size,
      args.shared.source,
      "ReadWriteMany",
    ).metadata.name;
    this.mysqlClaim = args.mysql
      ? claim(CLAIMS.mysql, args.mysql.size, args.mysql.source, "ReadWriteOnce").metadata.name
      : undefined;
    this.registerOutputs({ sharedClaim: this.sharedClaim, mysqlClaim: this.mysqlClaim });
  }
}
