/** Who an object belongs to, expressed as Kubernetes' recommended labels. */
export interface AppIdentity {
  /** The application inside SSGBay: api, web, settler, backup, mysql, nfs-server, … */
  name: string;
  /** Its role: server, frontend, database, job, storage, networking, … */
  component: string;
  /** The Pulumi stack, so several stacks can share a cluster. */
  instance: string;
}

export const PART_OF = "ssgbay";
export const MANAGED_BY = "pulumi";

export function recommendedLabels(identity: AppIdentity): Record<string, string> {
  return {
    "app.kubernetes.io/name": identity.name,
    "app.kubernetes.io/instance": identity.instance,
    "app.kubernetes.io/component": identity.component,
    "app.kubernetes.io/part-of": PART_OF,
    "app.kubernetes.io/managed-by": MANAGED_BY,
  };
}

/** The stable subset used in selectors (selectors are immutable, so never include versions). */
export function selectorLabels(identity: AppIdentity): Record<string, string> {
  return {
    "app.kubernetes.io/name": identity.name,
    "app.kubernetes.io/instance": identity.instance,
  };
}
