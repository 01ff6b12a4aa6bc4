// Rules that tie several keys together, checked once every key is valid on its own.
import { type Ipv4Range, isInside, parseAddressRange } from "./ip-ranges.js";
import { keyName } from "./problems.js";
import type { CommonConfig } from "./stack.js";
import type { ManagedTarget, VagrantTarget } from "./targets.js";

export function crossFieldProblems(
  common: CommonConfig,
  target: VagrantTarget | ManagedTarget,
): string[] {
  const problems: string[] = [];
  if (common.images.source === "build") {
    if (!common.registry)
      problems.push(`${keyName(["registry"])}: is required when images.source is build`);
    if (!common.registryPassword) {
      problems.push(
        `${keyName(["registryPassword"])}: is required when images.source is build (pulumi config set --secret registryPassword ...)`,
      );
    }
    if (common.registry && !common.images.repository.startsWith(`${common.registry.server}/`)) {
      problems.push(`${keyName(["images", "repository"])}: must start with registry.server + '/'`);
    }
  }
  if (common.mysql.mode === "external") {
    if (!common.mysqlPassword) {
      problems.push(
        `${keyName(["mysqlPassword"])}: is required when mysql.mode is external (pulumi config set --secret ssgbay:mysqlPassword ...)`,
      );
    }
    for (const key of ["mysqlRootPassword", "mysqlExporterPassword"] as const) {
      if (common[key]) problems.push(`${keyName([key])}: is only for mysql.mode inCluster`);
    }
  }
  if (common.backup.offsite) {
    for (const key of ["backupAccessKeyId", "backupSecretAccessKey"] as const) {
      if (!common[key]) {
        problems.push(
          `${keyName([key])}: is required when backup.offsite is set (pulumi config set --secret ssgbay:${key} ...)`,
        );
      }
    }
  }
  if (common.registryPassword && !common.registry) {
    problems.push(`${keyName(["registry"])}: is required when registryPassword is set`);
  }
  if (target.kind === "vagrant") {
    const { metallb } = target;
    if ((metallb.addresses === undefined) === (metallb.sharedPool === undefined)) {
      problems.push(
        `${keyName(["metallb"])}: must have either addresses (this stack's own pool) or sharedPool (another stack's), not both or neither`,
      );
    }
    if (metallb.sharedPool !== undefined && metallb.install) {
      problems.push(
        `${keyName(["metallb", "install"])}: must be false with metallb.sharedPool (the pool's owner installs MetalLB)`,
      );
    }
    if (metallb.sharedPool !== undefined && common.web.loadBalancerIP) {
      problems.push(
        `${keyName(["web", "loadBalancerIP"])}: must be unset with metallb.sharedPool (MetalLB picks a free address of the shared pool)`,
      );
    }
    const pool: Ipv4Range[] = (metallb.addresses ?? []).map(parseAddressRange);
    target.nodeAddresses.forEach((node, index) => {
      if (pool.some((range) => isInside(node, range))) {
        problems.push(
          `${keyName(["nodeAddresses", index])}: ${node} lies inside the MetalLB pool; the pool must be outside the node addresses`,
        );
      }
    });
    const pinned = common.web.loadBalancerIP;
    if (pinned && metallb.addresses && !pool.some((range) => isInside(pinned, range))) {
      problems.push(
        `${keyName(["web", "loadBalancerIP"])}: ${pinned} must lie inside metallb.addresses`,
      );
    }
  }
  return problems;
}
