import { describe, expect, it } from "vitest";
import { parseStackConfig, rawStackConfig, StackConfigError } from "../config/index.js";
import { MockCluster } from "./support/mock-cluster.js";
import { runProgram } from "./support/run-program.js";
import { readStackConfig, STACKS, toPulumiConfig } from "./support/stack-files.js";

function problemsOf(values: Record<string, unknown>): string[] {
  const { values: raw, problems } = rawStackConfig(toPulumiConfig(prefixed(values)));
  try {
    parseStackConfig(raw, problems);
  } catch (error) {
    if (error instanceof StackConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected the config to be rejected");
}

function prefixed(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [`ssgbay:${key}`, value]));
}

const validVagrant = {
  target: "vagrant",
  nodeAddresses: ["10.0.0.10", "10.0.0.11"],
  metallb: { addresses: ["10.0.0.200-10.0.0.220"] },
  images: {
    source: "refs",
    api: `r.example/api@sha256:${"a".repeat(64)}`,
    web: `r.example/web@sha256:${"b".repeat(64)}`,
    settler: `r.example/settler@sha256:${"c".repeat(64)}`,
    backup: `r.example/backup@sha256:${"d".repeat(64)}`,
  },
};

describe("stack config", () => {
  it.each(STACKS)("accepts Pulumi.%s.yaml as committed (plus its config secrets)", (stack) => {
    const secrets: Record<string, string> =
      stack === "dev" ? { "ssgbay:registryPassword": "token" } : {};
    const { values, problems } = rawStackConfig({ ...readStackConfig(stack), ...secrets });
    // With the stack's name: staging and prod must name their cluster and serve TLS, and do.
    const config = parseStackConfig(values, problems, stack);
    expect(config.target.kind).toBe(stack === "dev" ? "vagrant" : "managed");
  });

  it("fills in documented defaults", () => {
    const { values } = rawStackConfig(toPulumiConfig(prefixed(validVagrant)));
    const config = parseStackConfig(values);
    expect(config.namespace).toBe("ssgbay");
    expect(config.api).toMatchObject({ replicas: 2, loadBalancer: false, logLevel: "info" });
    expect(config.settler).toMatchObject({ schedule: "* * * * *", batchSize: 2000 });
    expect(config.backup).toMatchObject({ schedule: "30 3 * * *", retention: 7 });
    expect(config.target).toMatchObject({
      kind: "vagrant",
      metallb: { install: true, chartVersion: "0.15.2" },
      nfs: {
        mode: "inCluster",
        node: "node01",
        hostPath: "/srv/ssgbay-nfs",
        serviceClusterIP: "172.17.0.20",
      },
    });
  });

  it("accepts only an IPv4 address as the in-cluster NFS Service's ClusterIP", () => {
    for (const serviceClusterIP of ["nfs.local", "172.17.0.256", "fd00::20", ""]) {
      expect(
        problemsOf({ ...validVagrant, nfs: { mode: "inCluster", serviceClusterIP } }),
        serviceClusterIP,
      ).toEqual(["ssgbay:nfs.serviceClusterIP: must be an IPv4 address"]);
    }
    const { values } = rawStackConfig(
      toPulumiConfig(
        prefixed({ ...validVagrant, nfs: { mode: "inCluster", serviceClusterIP: "10.96.0.50" } }),
      ),
    );
    expect(parseStackConfig(values).target).toMatchObject({
      nfs: { serviceClusterIP: "10.96.0.50" },
    });
  });

  it("accepts numbers and booleans given as text (as `pulumi config set --path` may store them)", () => {
    const { values } = rawStackConfig(
      toPulumiConfig(
        prefixed({
          ...validVagrant,
          metallb: { install: "false", addresses: ["10.0.0.200-10.0.0.220"] },
          api: { replicas: "3", loadBalancer: "true" },
        }),
      ),
    );
    const config = parseStackConfig(values);
    expect(config.api).toMatchObject({ replicas: 3, loadBalancer: true });
    expect(config.target).toMatchObject({ metallb: { install: false } });
  });

  it("reports every problem at once, each with its key and rule", () => {
    const problems = problemsOf({
      target: "vagrant",
      namespace: "Bad_Namespace",
      nodeAddresses: ["10.0.0.10", "not-an-ip"],
      metallb: { addresses: ["10.0.0.220-10.0.0.200"] },
      web: { replicas: 0, loadBalancerIP: "10.0.0.201" },
      api: { replica: 3, logLevel: "loud" },
      settler: { schedule: "every minute" },
      images: { source: "refs", api: "r.example/api:1.0", web: "x", settler: "y" },
      mysqlPassword: "short",
      storageClasses: { readWriteMany: "a", readWriteOnce: "b" },
      colour: "blue",
    });
    const expectedKeys = [
      "ssgbay:namespace: must be a DNS label",
      "ssgbay:nodeAddresses.1: must be an IPv4 address",
      "ssgbay:metallb.addresses.0: must be an IPv4 range",
      "ssgbay:web.replicas: must be an integer from 1 to 50",
      "ssgbay:api.replica: is not a known setting",
      "ssgbay:api.logLevel: must be one of",
      "ssgbay:settler.schedule: must be a cron schedule",
      "ssgbay:images.api: must be an image reference pinned by digest",
      "ssgbay:images.web: must be an image reference pinned by digest",
      "ssgbay:mysqlPassword: must be at least 16 characters",
      "ssgbay:storageClasses: is only for target managed",
      "ssgbay:colour: is not a known setting",
    ];
    for (const expected of expectedKeys) {
      expect(
        problems.some((problem) => problem.startsWith(expected)),
        expected,
      ).toBe(true);
    }
  });

  it("never echoes a secret's value in a problem", () => {
    const problems = problemsOf({ ...validVagrant, jwtSecret: "too-short-secret-value" });
    expect(problems).toEqual(["ssgbay:jwtSecret: must be at least 32 characters"]);
  });

  it("requires target and images, naming them", () => {
    const problems = problemsOf({});
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ssgbay:target: /),
        expect.stringMatching(/^ssgbay:images: /),
      ]),
    );
  });

  it("keeps the MetalLB pool outside the node addresses and the pinned web address inside it", () => {
    const problems = problemsOf({
      ...validVagrant,
      metallb: { addresses: ["10.0.0.0/24"] },
      web: { loadBalancerIP: "10.0.1.5" },
    });
    expect(problems).toEqual([
      "ssgbay:nodeAddresses.0: 10.0.0.10 lies inside the MetalLB pool; the pool must be outside the node addresses",
      "ssgbay:nodeAddresses.1: 10.0.0.11 lies inside the MetalLB pool; the pool must be outside the node addresses",
      "ssgbay:web.loadBalancerIP: 10.0.1.5 must lie inside metallb.addresses",
    ]);
  });

  it("asks a vagrant stack for its nodes and pool, and a managed stack for storage classes and pod CIDRs", () => {
    expect(problemsOf({ target: "vagrant", images: validVagrant.images })).toEqual([
      "ssgbay:nodeAddresses: is required",
      "ssgbay:metallb: is required",
    ]);
    expect(
      problemsOf({
        target: "managed",
        images: validVagrant.images,
        metallb: validVagrant.metallb,
        nfs: { mode: "inCluster" },
        nodeAddresses: validVagrant.nodeAddresses,
        web: { loadBalancerIP: "10.0.0.200" },
      }),
    ).toEqual([
      "ssgbay:metallb: is only for target vagrant",
      "ssgbay:nfs: is only for target vagrant",
      "ssgbay:nodeAddresses: is only for target vagrant",
      "ssgbay:podCidrs: is required",
      "ssgbay:storageClasses: is required",
    ]);
  });

  it("needs a registry and its password (as a secret) to build images", () => {
    const problems = problemsOf({
      ...validVagrant,
      images: { source: "build", repository: "ghcr.io/ssgbay/ssgbay" },
    });
    expect(problems).toEqual([
      "ssgbay:registry: is required when images.source is build",
      "ssgbay:registryPassword: is required when images.source is build (pulumi config set --secret registryPassword ...)",
    ]);
  });

  it("names a structured key whose value is not JSON", () => {
    const { values, problems } = rawStackConfig({
      ...toPulumiConfig(prefixed(validVagrant)),
      "ssgbay:api": "{replicas: 2",
    });
    expect(() => parseStackConfig(values, problems)).toThrow(/ssgbay:api: is not valid JSON/);
  });

  it("fails the program before any resource exists", async () => {
    const cluster = new MockCluster();
    const config = toPulumiConfig(prefixed({ ...validVagrant, web: { replicas: -1 } }));
    await expect(runProgram("dev", config, {}, cluster)).rejects.toThrow(
      /ssgbay:web\.replicas: must be an integer from 1 to 50/,
    );
    expect(cluster.resources).toEqual([]);
  });
});
