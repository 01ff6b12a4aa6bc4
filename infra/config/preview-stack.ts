// The config of a pull request's preview stack `pr-<n>`: dev's, moved aside so that several stacks
// share the one dev cluster without touching each other's cluster-scoped objects.
import { z } from "zod";
import { keyName } from "./problems.js";

export const previewStackName = (pullRequest: number) => `pr-${pullRequest}`;

/** Where pinned NFS Service addresses of preview stacks go: 172.17.0.100–199 (slot n mod 100). */
const NFS_SLOTS = { base: 100, count: 100 } as const;

const devConfigSchema = z.looseObject({
  "ssgbay:target": z.literal("vagrant", {
    error: "must be vagrant: previews run on dev's cluster",
  }),
  "ssgbay:metallb": z.looseObject({ addresses: z.array(z.string()).min(1) }),
  "ssgbay:nfs": z.looseObject({ mode: z.literal("inCluster") }),
});

/**
 * What a preview stack changes in dev's config (everything else, images included, is dev's):
 * - its own namespace `ssgbay-pr-<n>` (the NFS server's namespace follows the stack name);
 * - dev's MetalLB (installed by dev) and dev's pool `ssgbay-<dev>`: MetalLB picks a free address,
 *   no pool of its own, no pinned address;
 * - its own in-cluster NFS server: its own host directory and a pinned ClusterIP of its own slot;
 * - throwaway data: neither protected nor retained, so `pulumi destroy` removes everything;
 * - the dev cluster named explicitly (`kubernetes.context`), as every stack but dev must.
 */
export function previewStackConfig(
  devConfig: Record<string, unknown>,
  pullRequest: number,
  clusterContext: string,
  devStack = "dev",
): Record<string, unknown> {
  if (!Number.isInteger(pullRequest) || pullRequest < 1) {
    throw new Error(`pull request number must be a positive integer, not ${pullRequest}`);
  }
  const parsed = devConfigSchema.safeParse(devConfig);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${String(issue.path[0] ?? keyName([]))}: ${issue.message}`,
    );
    throw new Error(`dev's config cannot be previewed: ${problems.join("; ")}`);
  }
  const stack = previewStackName(pullRequest);
  const dev = parsed.data;
  const { "ssgbay:web": web, ...rest } = dev;
  const { loadBalancerIP: _pinned, ...webRest } = z.looseObject({}).parse(web ?? {});
  const { addresses: _owned, ...metallb } = dev["ssgbay:metallb"];
  const slot = NFS_SLOTS.base + (pullRequest % NFS_SLOTS.count);
  const kubernetes = z.looseObject({}).parse(dev["ssgbay:kubernetes"] ?? {});
  return {
    ...rest,
    "ssgbay:kubernetes": { ...kubernetes, context: clusterContext },
    "ssgbay:namespace": `ssgbay-${stack}`,
    "ssgbay:metallb": { ...metallb, install: false, sharedPool: `ssgbay-${devStack}` },
    ...(Object.keys(webRest).length > 0 ? { "ssgbay:web": webRest } : {}),
    "ssgbay:nfs": {
      ...dev["ssgbay:nfs"],
      hostPath: `/srv/ssgbay-nfs-${stack}`,
      serviceClusterIP: `172.17.0.${slot}`,
    },
    "ssgbay:data": { protect: false, retainOnDelete: false },
  };
}
