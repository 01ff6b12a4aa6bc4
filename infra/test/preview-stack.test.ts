import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { previewStackConfig } from "../config/preview-stack.js";
import { currentKubeContext, writePreviewStackFile } from "../config/write-preview-stack.js";
import { configProblems } from "./support/config-problems.js";
import { find, kubeObjects } from "./support/kube-objects.js";
import type { RegisteredResource } from "./support/mock-cluster.js";
import { invariantViolations } from "./support/policy-invariants.js";
import { type ProgramRun, runProgram } from "./support/run-program.js";
import { scratchDirectory } from "./support/scratch.js";
import { REPOSITORY_ROOT, readStackConfig, toPulumiConfig } from "./support/stack-files.js";

const secrets = { "ssgbay:registryPassword": "registry-token-for-tests" };
const secretKeys = Object.keys(secrets);
const devValues = () =>
  (
    parse(readFileSync(path.join(REPOSITORY_ROOT, "Pulumi.dev.yaml"), "utf8")) as {
      config: Record<string, unknown>;
    }
  ).config;
/** The dev cluster's context in the CI job's kubeconfig. */
const DEV_CONTEXT = "ssgbay-dev";
const runPreview = (pullRequest: number) =>
  runProgram(
    `pr-${pullRequest}`,
    { ...toPulumiConfig(previewStackConfig(devValues(), pullRequest, DEV_CONTEXT)), ...secrets },
    { secretKeys },
  );
const runDev = () => runProgram("dev", { ...readStackConfig("dev"), ...secrets }, { secretKeys });

type Metadata = { name?: string; namespace?: string; annotations?: Record<string, string> };
type Spec = {
  clusterIP?: string;
  loadBalancerIP?: string;
  template?: { spec?: { volumes?: { hostPath?: { path: string } }[] } };
};

/**
 * What two stacks on one cluster must not both claim: cluster-scoped objects named by the
 * program (auto-named ones get a random suffix from Pulumi), namespaced objects in a namespace
 * the program does not own per stack, Helm releases, pinned ClusterIPs and load-balancer
 * addresses, and host directories.
 */
function clusterClaims(run: ProgramRun, ownNamespaces: string[]): Set<string> {
  const claims = new Set<string>();
  for (const object of kubeObjects(run.resources)) {
    const metadata = (object.inputs.metadata ?? {}) as Metadata;
    const spec = (object.manifest.spec ?? {}) as Spec;
    if (object.namespace === undefined) {
      if (metadata.name) claims.add(`${object.kind} ${metadata.name}`);
    } else if (!ownNamespaces.includes(object.namespace)) {
      claims.add(`${object.kind} ${object.namespace}/${object.name}`);
    }
    if (spec.clusterIP && spec.clusterIP !== "None") claims.add(`ClusterIP ${spec.clusterIP}`);
    if (spec.loadBalancerIP) claims.add(`address ${spec.loadBalancerIP}`);
    const pinned = metadata.annotations?.["metallb.io/loadBalancerIPs"];
    if (pinned) claims.add(`address ${pinned}`);
    for (const volume of spec.template?.spec?.volumes ?? []) {
      if (volume.hostPath) claims.add(`hostPath ${volume.hostPath.path}`);
    }
  }
  for (const resource of run.resources.filter(isHelmRelease)) {
    claims.add(`HelmRelease ${resource.inputs.namespace}/${resource.inputs.name}`);
  }
  return claims;
}
const isHelmRelease = (resource: RegisteredResource) =>
  resource.type === "kubernetes:helm.sh/v3:Release";
const intersection = (a: Set<string>, b: Set<string>) => [...a].filter((claim) => b.has(claim));

describe("per-PR preview stacks on the dev cluster", () => {
  it("pr-12 renders with no cluster-scoped name, address or host directory of dev's, nor of pr-13's", async () => {
    const dev = clusterClaims(await runDev(), ["ssgbay", "ssgbay-nfs-dev"]);
    const pr12 = clusterClaims(await runPreview(12), ["ssgbay-pr-12", "ssgbay-nfs-pr-12"]);
    const pr13 = clusterClaims(await runPreview(13), ["ssgbay-pr-13", "ssgbay-nfs-pr-13"]);
    // The check sees dev's claims (so it can fail): its namespace, pool, NFS address and directory.
    expect([...dev]).toEqual(
      expect.arrayContaining([
        "Namespace ssgbay",
        "Namespace metallb-system",
        "IPAddressPool metallb-system/ssgbay-dev",
        "HelmRelease metallb-system/metallb",
        "ClusterIP 172.17.0.20",
        "address 10.0.0.200",
        "hostPath /srv/ssgbay-nfs",
      ]),
    );
    expect([...pr12]).toEqual(
      expect.arrayContaining([
        "Namespace ssgbay-pr-12",
        "ClusterIP 172.17.0.112",
        "hostPath /srv/ssgbay-nfs-pr-12",
      ]),
    );
    expect(intersection(dev, pr12)).toEqual([]);
    expect(intersection(pr12, pr13)).toEqual([]);
  });

  it("pr-12 takes its address from dev's MetalLB pool, installs nothing of MetalLB, and keeps to its namespaces", async () => {
    const run = await runPreview(12);
    const objects = kubeObjects(run.resources);
    expect(invariantViolations(run.resources)).toEqual({});
    expect(run.resources.filter(isHelmRelease)).toEqual([]);
    expect(objects.filter((object) => object.namespace === "metallb-system")).toEqual([]);
    const web = find(objects, "Service", "web");
    expect((web.inputs.metadata as Metadata).annotations).toMatchObject({
      "metallb.io/address-pool": "ssgbay-dev",
    });
    expect((web.inputs.metadata as Metadata).annotations).not.toHaveProperty(
      "metallb.io/loadBalancerIPs",
    );
    for (const object of objects.filter((o) => o.namespace !== undefined)) {
      expect(["ssgbay-pr-12", "ssgbay-nfs-pr-12"], `${object.kind} ${object.name}`).toContain(
        object.namespace,
      );
    }
    // Throwaway: `pulumi destroy` of the preview removes its claims and volumes.
    for (const resource of run.resources) {
      expect(resource.options.protect, resource.name).toBe(false);
      expect(resource.options.retainOnDelete, resource.name).toBe(false);
    }
  });

  it("the stack file keeps the secrets and salt configure-stack.sh put in it; bad numbers exit with a line", () => {
    const root = scratchDirectory("preview-stack");
    copyFileSync(path.join(REPOSITORY_ROOT, "Pulumi.dev.yaml"), path.join(root, "Pulumi.dev.yaml"));
    const secret = { secure: "v1:c2VjcmV0LWZyb20tY29uZmlndXJlLXN0YWNr" };
    writeFileSync(
      path.join(root, "Pulumi.pr-7.yaml"),
      `encryptionsalt: v1:abc\nconfig:\n  ssgbay:registryPassword:\n    secure: ${secret.secure}\n  ssgbay:namespace: stale\n`,
    );
    const file = writePreviewStackFile(root, 7, DEV_CONTEXT);
    const written = parse(readFileSync(file, "utf8")) as {
      encryptionsalt: string;
      config: Record<string, unknown>;
    };
    expect(written.encryptionsalt).toBe("v1:abc");
    expect(written.config["ssgbay:registryPassword"]).toEqual(secret);
    expect(written.config["ssgbay:namespace"]).toBe("ssgbay-pr-7");
    // A preview stack is not dev: it names the dev cluster's context, as the cluster rule asks.
    expect(written.config["ssgbay:kubernetes"]).toEqual({ context: DEV_CONTEXT });
    expect(configProblems({ ...toPulumiConfig(written.config), ...secrets })).toEqual([]);
    expect(() => previewStackConfig(devValues(), 0, DEV_CONTEXT)).toThrow(
      "must be a positive integer",
    );
    expect(() =>
      previewStackConfig({ ...devValues(), "ssgbay:target": "managed" }, 3, DEV_CONTEXT),
    ).toThrow("ssgbay:target: must be vagrant");
  });

  it("metallb: a shared pool excludes an own pool, an install and a pinned address, naming the keys", () => {
    const config = toPulumiConfig({
      ...previewStackConfig(devValues(), 5, DEV_CONTEXT),
      "ssgbay:metallb": { install: true, sharedPool: "ssgbay-dev", addresses: ["10.0.0.230/32"] },
      "ssgbay:web": { loadBalancerIP: "10.0.0.230" },
    });
    expect(configProblems({ ...config, ...secrets })).toEqual([
      "ssgbay:metallb: must have either addresses (this stack's own pool) or sharedPool (another stack's), not both or neither",
      "ssgbay:metallb.install: must be false with metallb.sharedPool (the pool's owner installs MetalLB)",
      "ssgbay:web.loadBalancerIP: must be unset with metallb.sharedPool (MetalLB picks a free address of the shared pool)",
    ]);
  });

  it("names the context the CI job's kubeconfig selects, and refuses a kubeconfig that selects none", () => {
    const root = scratchDirectory("preview-kubeconfig");
    const kubeconfig = path.join(root, "kubeconfig");
    writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\ncurrent-context: ${DEV_CONTEXT}\n`);
    expect(currentKubeContext(kubeconfig)).toBe(DEV_CONTEXT);
    writeFileSync(kubeconfig, "apiVersion: v1\nkind: Config\n");
    expect(() => currentKubeContext(kubeconfig)).toThrow(
      `KUBECONFIG: ${kubeconfig} selects no current-context`,
    );
    expect(() => currentKubeContext(undefined)).toThrow("KUBECONFIG: must name");
  });
});
