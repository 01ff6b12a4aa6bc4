import type * as k8s from "@pulumi/kubernetes";
import type { ContainerResources } from "../config/index.js";

type PodSecurityContext = k8s.types.input.core.v1.PodSecurityContext;
type SecurityContext = k8s.types.input.core.v1.SecurityContext;
type ResourceRequirements = k8s.types.input.core.v1.ResourceRequirements;

/** Numeric users of our images: Node apps run as 10001, nginx-unprivileged as 101, mysql as 999. */
export const UID = { node: 10001, nginx: 101, mysql: 999 } as const;

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

export function resourceRequirements(resources: ContainerResources): ResourceRequirements {
  const limits: Record<string, string> = { memory: resources.limits.memory };
  if (resources.limits.cpu) limits.cpu = resources.limits.cpu;
  return { requests: { ...resources.requests }, limits };
}
