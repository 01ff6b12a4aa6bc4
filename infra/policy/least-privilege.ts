import { kindOf, metadataOf, type PodTemplate, type PolicySubject } from "./workloads.js";

/**
 * Pods that call the Kubernetes API and so keep their service-account token, by
 * `Kind namespace/name`, each with why. None of SSGBay's do: every pod template must set
 * `automountServiceAccountToken: false`, and one that needs the API is added here on purpose.
 */
export const TOKEN_MOUNT_ALLOWED: ReadonlyMap<string, string> = new Map();

export const describeWorkload = (template: PodTemplate) =>
  `${template.kind} ${template.namespace ?? "(no namespace)"}/${String(metadataOf(template.owner).name ?? template.owner.name)}`;

/** Problems of a pod template that mounts a service-account token it was not allowed. */
export function tokenMountProblems(
  template: PodTemplate,
  allowed: ReadonlyMap<string, string>,
): string[] {
  if (template.spec.automountServiceAccountToken === false) return [];
  const workload = describeWorkload(template);
  if (allowed.has(workload)) return [];
  return [
    `${workload}: must set automountServiceAccountToken: false (or be allow-listed in TOKEN_MOUNT_ALLOWED, saying why it calls the Kubernetes API)`,
  ];
}

/** Problems of a pod template's scratch space: ephemeral storage per container, emptyDir limits. */
export function ephemeralStorageProblems(template: PodTemplate): string[] {
  const problems: string[] = [];
  const { spec } = template;
  for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
    for (const side of ["requests", "limits"] as const) {
      if (container.resources?.[side]?.["ephemeral-storage"] === undefined) {
        problems.push(`container ${container.name}: must set ${side} ephemeral-storage`);
      }
    }
  }
  for (const volume of spec.volumes ?? []) {
    const emptyDir = (volume as { emptyDir?: unknown }).emptyDir;
    if (emptyDir === undefined) continue;
    const sizeLimit = (emptyDir as { sizeLimit?: unknown } | null)?.sizeLimit;
    if (sizeLimit === undefined) problems.push(`emptyDir ${volume.name}: must set a sizeLimit`);
  }
  return problems;
}

interface NetworkPolicySpecView {
  podSelector?: Record<string, unknown>;
  policyTypes?: unknown;
  ingress?: { from?: Record<string, unknown>[]; ports?: unknown[] }[];
}

/**
 * Whether a NetworkPolicy closes a namespace to all but named addresses: it selects every pod,
 * covers ingress, and each of its ingress rules names its sources (IP blocks only, no open rule,
 * no pods or namespaces) and its ports.
 */
export function admitsOnlyAddresses(policy: PolicySubject): boolean {
  if (kindOf(policy.type) !== "NetworkPolicy") return false;
  const spec = (policy.props.spec ?? {}) as NetworkPolicySpecView;
  const selectsAll = spec.podSelector !== undefined && Object.keys(spec.podSelector).length === 0;
  const types = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
  if (!selectsAll || !types.includes("Ingress")) return false;
  return (spec.ingress ?? []).every(
    (rule) =>
      (rule.from ?? []).length > 0 &&
      (rule.from ?? []).every((peer) => Object.keys(peer).every((key) => key === "ipBlock")) &&
      (rule.ports ?? []).length > 0,
  );
}
