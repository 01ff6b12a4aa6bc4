import type * as k8s from "@pulumi/kubernetes";
import type { ContainerResources } from "../config/index.js";

type PodSecurityContext = k8s.types.input.core.v1.PodSecurityContext;
type SecurityContext = k8s.types.input.core.v1.SecurityContext;
type ResourceRequirements = k8s.types.input.core.v1.ResourceRequirements;
type Volume = k8s.types.input.core.v1.Volume;

/**
 * Numeric users of our images: Node apps run as 10001, nginx-unprivileged as 101, mysql as 999,
 * the MySQL exporter as nobody.
 */
export const UID = { node: 10001, nginx: 101, mysql: 999, nobody: 65534 } as const;

/** Pod Security for a namespace whose pods need the host (MetalLB's speaker, the NFS server). */
export const PRIVILEGED_NAMESPACE_LABELS = {
  "pod-security.kubernetes.io/enforce": "privileged",
  "pod-security.kubernetes.io/audit": "privileged",
  "pod-security.kubernetes.io/warn": "privileged",
} as const;

/** Pod-level settings that Pod Security `restricted` requires. */
export function restrictedPodSecurity(uid: number): PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Container-level settings for `restricted`, plus a read-only root filesystem. */
export const restrictedContainerSecurity: SecurityContext = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

/** The Kubernetes form of a config `resources` block (`ephemeralStorage` → `ephemeral-storage`). */
export function resourceRequirements(resources: ContainerResources): ResourceRequirements {
  const { requests, limits } = resources;
  return {
    requests: {
      cpu: requests.cpu,
      memory: requests.memory,
      "ephemeral-storage": requests.ephemeralStorage,
    },
    limits: {
      ...(limits.cpu ? { cpu: limits.cpu } : {}),
      memory: limits.memory,
      "ephemeral-storage": limits.ephemeralStorage,
    },
  };
}

/**
 * A scratch emptyDir capped at `sizeLimit` (the kubelet evicts the pod that fills it, rather
 * than the node running out of disk); it also counts against the pod's ephemeral-storage limit.
 */
export function scratchVolume(name: string, sizeLimit: string): Volume {
  return { name, emptyDir: { sizeLimit } };
}
