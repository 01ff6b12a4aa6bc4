// Issue 16, points 5 and 6: every stack but dev names its cluster, the provider deploys exactly
// there and says so; the NFS server admits only the nodes and no pod keeps a token it never uses.
import { describe, expect, it } from "vitest";
import { PROMOTED_IMAGES, runCommittedStack } from "./support/committed-stacks.js";
import { find, kubeObjects, podTemplates } from "./support/kube-objects.js";
import { isWrappedSecret, plainStrings, type RegisteredResource } from "./support/mock-cluster.js";
import { runProgram } from "./support/run-program.js";
import { readStackConfig } from "./support/stack-files.js";

const KUBECONFIG = [
  "apiVersion: v1",
  "kind: Config",
  "clusters:",
  "- name: prod",
  "  cluster: { server: https://10.0.0.50:6443 }",
  "users:",
  "- name: deployer",
  "  user: { token: kubeconfig-token-for-tests }",
  "contexts:",
  "- name: prod",
  "  context: { cluster: prod, user: deployer }",
  "current-context: prod",
  "",
].join("\n");

const STAGING_IMAGES = { "organization/ssgbay/dev": { images: PROMOTED_IMAGES.staging } };

/** The committed staging config without its context (as a stack that names no cluster). */
function stagingWithoutContext(): Record<string, string> {
  const { "ssgbay:kubernetes": _context, ...rest } = readStackConfig("staging");
  return rest;
}

const providerOf = (resources: RegisteredResource[]) => {
  const providers = resources.filter((resource) => resource.type === "pulumi:providers:kubernetes");
  expect(providers).toHaveLength(1);
  return providers[0]?.inputs ?? {};
};

describe("explicit clusters", () => {
  it("creates the provider with the stack's context and says where it deploys", async () => {
    for (const stack of ["staging", "prod"] as const) {
      const run = await runCommittedStack(stack);
      expect(providerOf(run.resources).context).toBe(`ssgbay-${stack}`);
      expect(providerOf(run.resources).kubeconfig).toBeUndefined();
      expect(run.outputs.deployTarget).toBe(
        `cluster: context ssgbay-${stack} of the ambient kubeconfig; namespace ssgbay`,
      );
    }
    const dev = await runCommittedStack("dev");
    expect(providerOf(dev.resources).context).toBeUndefined();
    expect(dev.outputs.deployTarget).toBe(
      "cluster: the current context of the ambient kubeconfig; namespace ssgbay",
    );
  });

  it("refuses a stack other than dev that names no cluster, naming the key", async () => {
    await expect(
      runProgram("staging", stagingWithoutContext(), { stackOutputs: STAGING_IMAGES }),
    ).rejects.toThrow(/ssgbay:kubernetes\.context: is required for stack staging/);
    // Any other stack name too (a pull request's stack, a copy of prod).
    await expect(
      runProgram("pr-42", stagingWithoutContext(), { stackOutputs: STAGING_IMAGES }),
    ).rejects.toThrow(/ssgbay:kubernetes\.context: is required for stack pr-42/);
  });

  it("deploys through a kubeconfig given as a secret, kept secret, never in an output", async () => {
    const run = await runProgram(
      "staging",
      { ...stagingWithoutContext(), "ssgbay:kubernetesKubeconfig": KUBECONFIG },
      { stackOutputs: STAGING_IMAGES, secretKeys: ["ssgbay:kubernetesKubeconfig"] },
    );
    const provider = providerOf(run.resources);
    expect(isWrappedSecret(provider.kubeconfig)).toBe(true);
    expect(isWrappedSecret(provider.kubeconfig) && provider.kubeconfig.value).toBe(KUBECONFIG);
    expect(provider.context).toBeUndefined();
    expect(run.outputs.deployTarget).toBe(
      "cluster: the current context of the kubeconfig in ssgbay:kubernetesKubeconfig; namespace ssgbay",
    );
    for (const resource of run.resources) {
      expect(plainStrings(resource.inputs).some((text) => text.includes("kubeconfig-token"))).toBe(
        false,
      );
    }
    expect(JSON.stringify(run.outputs)).not.toContain("kubeconfig-token");
  });

  it("accepts a kubeconfig in JSON form and refuses text that is none", async () => {
    const json = JSON.stringify({ apiVersion: "v1", kind: "Config", clusters: [], users: [] });
    const run = await runProgram(
      "staging",
      { ...stagingWithoutContext(), "ssgbay:kubernetesKubeconfig": json },
      { stackOutputs: STAGING_IMAGES, secretKeys: ["ssgbay:kubernetesKubeconfig"] },
    );
    const provider = providerOf(run.resources);
    expect(isWrappedSecret(provider.kubeconfig) && provider.kubeconfig.value).toBe(json);
    await expect(
      runProgram(
        "staging",
        { ...stagingWithoutContext(), "ssgbay:kubernetesKubeconfig": "not a kubeconfig" },
        { stackOutputs: STAGING_IMAGES, secretKeys: ["ssgbay:kubernetesKubeconfig"] },
      ),
    ).rejects.toThrow(/ssgbay:kubernetesKubeconfig: must be a kubeconfig/);
  });
});

describe("least privilege", () => {
  it("admits only the nodes' addresses to the NFS server, on the ports it serves", async () => {
    const objects = kubeObjects((await runCommittedStack("dev")).resources);
    const policy = find(objects, "NetworkPolicy", "nodes-only");
    expect(policy.namespace).toBe("ssgbay-nfs-dev");
    const service = find(objects, "Service", "nfs-server").manifest.spec as {
      ports: { port: number }[];
    };
    const nodes = JSON.parse(readStackConfig("dev")["ssgbay:nodeAddresses"] ?? "[]") as string[];
    expect(nodes).toHaveLength(3);
    expect(policy.manifest.spec).toEqual({
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        {
          from: nodes.map((address) => ({ ipBlock: { cidr: `${address}/32` } })),
          ports: service.ports.map((port) => ({ protocol: "TCP", port: port.port })),
        },
      ],
    });
    expect(service.ports.map((port) => port.port).sort((a, b) => a - b)).toEqual([
      111, 2049, 20048,
    ]);
  });

  it("mounts no service-account token in any pod (none calls the Kubernetes API)", async () => {
    for (const stack of ["dev", "prod"] as const) {
      const templates = podTemplates(kubeObjects((await runCommittedStack(stack)).resources));
      const names = templates.map(({ object }) => object.name).sort();
      expect(names).toEqual(
        (stack === "dev"
          ? ["api", "backup", "mysql", "nfs-server", "settler", "web"]
          : ["api", "backup", "mysql", "settler", "web"]
        ).sort(),
      );
      for (const { object, template } of templates) {
        expect(template.spec.automountServiceAccountToken, object.name).toBe(false);
      }
    }
  });
});
