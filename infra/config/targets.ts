// What differs between a bare-metal Vagrant cluster and a managed Kubernetes service.
import { trustedProxyEntry } from "@ssgbay/app-api/env";
import { z } from "zod";
import { addressRangeSchema } from "./ip-ranges.js";
import { absolutePath, booleanFlag, dnsSubdomain, ipv4, pinnedImage } from "./rules.js";

/**
 * The pods' addresses (the cluster's pod CIDRs): where the web pods, the API's only trusted
 * proxies, connect from (TRUST_PROXY). Another range would either merge every client into one
 * address or let clients pick theirs.
 */
const podCidrs = z
  .array(trustedProxyEntry, { error: "must list the cluster's pod CIDRs, e.g. [10.244.0.0/16]" })
  .min(1, "must list at least one pod CIDR");

/** kubernetes.pod_cidr of infra/cluster/vagrant/settings.yaml (infra/test/edge.test.ts checks). */
export const VAGRANT_POD_CIDR = "172.16.0.0/16";

export const vagrantSchema = z.object({
  nodeAddresses: z.array(ipv4).min(1, "must list at least one node address"),
  podCidrs: podCidrs.default([VAGRANT_POD_CIDR]),
  metallb: z
    .object({
      install: booleanFlag.default(true),
      chartVersion: z
        .string()
        .regex(/^\d+\.\d+\.\d+$/, "must be a chart version such as 0.15.2")
        .default("0.15.2"),
      /** The pool this stack owns (IPAddressPool `ssgbay-<stack>`); or, with sharedPool, none. */
      addresses: z
        .array(addressRangeSchema)
        .min(1, "must list at least one address range")
        .optional(),
      /**
       * Take addresses from another stack's pool instead (a per-PR preview stack uses dev's
       * `ssgbay-dev`): this stack then creates no pool and MetalLB picks a free address.
       */
      sharedPool: dnsSubdomain.optional(),
    })
    .strict(),
  nfs: z
    .discriminatedUnion(
      "mode",
      [
        z
          .object({
            mode: z.literal("inCluster"),
            node: dnsSubdomain.default("node01"),
            hostPath: absolutePath.default("/srv/ssgbay-nfs"),
            image: pinnedImage.default("registry.k8s.io/volume-nfs:0.8"),
            // Pinned so the PersistentVolumes know their server at preview (a server-side dry
            // run rejects an empty spec.nfs.server). Inside the Vagrant service CIDR
            // (172.17.0.0/18), in the lower band the API server keeps for static addresses.
            serviceClusterIP: ipv4.default("172.17.0.20"),
          })
          .strict(),
        z
          .object({
            mode: z.literal("external"),
            server: z.union([ipv4, dnsSubdomain], {
              error: "must be an IPv4 address or host name",
            }),
            path: absolutePath,
          })
          .strict(),
      ],
      { error: "must have mode inCluster or external" },
    )
    .prefault({ mode: "inCluster" }),
});

export const managedSchema = z.object({
  podCidrs,
  storageClasses: z.object({ readWriteMany: dnsSubdomain, readWriteOnce: dnsSubdomain }).strict(),
});

export type VagrantTarget = { kind: "vagrant" } & z.infer<typeof vagrantSchema>;
export type ManagedTarget = { kind: "managed" } & z.infer<typeof managedSchema>;
export type NfsConfig = VagrantTarget["nfs"];

/** The keys each target adds to the common ones, for naming a key given to the wrong target. */
export const targetKeys = {
  vagrant: new Set(Object.keys(vagrantSchema.shape)),
  managed: new Set(Object.keys(managedSchema.shape)),
} as const;
export const TARGETS = ["vagrant", "managed"] as const;
export type TargetName = (typeof TARGETS)[number];
