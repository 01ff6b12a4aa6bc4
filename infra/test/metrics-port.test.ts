import { METRICS_PORT } from "@ssgbay/app-api/env";
import { describe, expect, it } from "vitest";
import { METRICS_PORT_NAME } from "../components/api-server.js";
import { find, kubeObjects } from "./support/kube-objects.js";
import { fakeDigestRef } from "./support/mock-cluster.js";
import { runProgram } from "./support/run-program.js";
import { readStackConfig } from "./support/stack-files.js";

const devWithRefs = {
  ...readStackConfig("dev"),
  "ssgbay:images": JSON.stringify({
    source: "refs",
    api: fakeDigestRef("registry.local/ssgbay/api"),
    web: fakeDigestRef("registry.local/ssgbay/web"),
    settler: fakeDigestRef("registry.local/ssgbay/settler"),
    backup: fakeDigestRef("registry.local/ssgbay/backup"),
  }),
};

interface Port {
  name?: string;
  port?: number;
  containerPort?: number;
  targetPort?: string | number;
}
interface IngressRule {
  from?: Record<string, unknown>[];
  ports?: { port: number }[];
}

async function apiObjects(config: Record<string, string>) {
  const objects = kubeObjects((await runProgram("dev", config)).resources);
  const deployment = find(objects, "Deployment", "api").manifest.spec as {
    template: { spec: { containers: { name: string; ports?: Port[] }[] } };
  };
  const container = deployment.template.spec.containers.find((c) => c.name === "api");
  const policy = find(objects, "NetworkPolicy", "api").manifest.spec as { ingress: IngressRule[] };
  const service = (name: string) =>
    find(objects, "Service", name).manifest.spec as { type: string; ports: Port[] };
  return { container, policy, service };
}

const rulesFor = (ingress: IngressRule[], port: number) =>
  ingress.filter((rule) => rule.ports?.some((p) => p.port === port));

describe("the API's metrics port", () => {
  it("is a named container port behind its own ClusterIP Service, not on the public Service", async () => {
    const { container, service } = await apiObjects(devWithRefs);
    expect(container?.ports).toContainEqual({
      name: METRICS_PORT_NAME,
      containerPort: METRICS_PORT,
    });
    expect(service("api-metrics")).toMatchObject({
      type: "ClusterIP",
      ports: [{ name: "metrics", port: METRICS_PORT, targetPort: "metrics" }],
    });
    expect(service("api").ports.map((port) => port.name)).toEqual(["http"]);
  });

  it("admits only Prometheus in the monitoring namespace, even when the API is public", async () => {
    for (const config of [
      devWithRefs,
      { ...devWithRefs, "ssgbay:api": JSON.stringify({ loadBalancer: true }) },
    ]) {
      const { policy, service } = await apiObjects(config);
      const metricsRules = rulesFor(policy.ingress, METRICS_PORT);
      expect(metricsRules).toEqual([
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: { "kubernetes.io/metadata.name": "monitoring" },
              },
              podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } },
            },
          ],
          ports: [{ protocol: "TCP", port: METRICS_PORT }],
        },
      ]);
      // No rule without `from` (open to all) covers the metrics port.
      expect(
        policy.ingress.filter((rule) => !rule.from && rulesFor([rule], METRICS_PORT).length),
      ).toEqual([]);
      expect(service("api-metrics").type).toBe("ClusterIP");
    }
  });
});
