// Issue 16, point 3: replicas spread across nodes (and zones), an HPA that owns the replica
// count, disruption budgets that never block a drain, and bounded scratch space everywhere.
import { describe, expect, it } from "vitest";
import { allContainers } from "../policy/workloads.js";
import { PROMOTED_IMAGES, runCommittedStack } from "./support/committed-stacks.js";
import { configProblems, REF_IMAGES } from "./support/config-problems.js";
import { find, kubeObjects, podTemplates } from "./support/kube-objects.js";
import type { RegisteredResource } from "./support/mock-cluster.js";
import { runProgram } from "./support/run-program.js";
import { readStackConfig } from "./support/stack-files.js";

const SELECTORS = {
  api: { "app.kubernetes.io/name": "api", "app.kubernetes.io/instance": "staging" },
  web: { "app.kubernetes.io/name": "web", "app.kubernetes.io/instance": "staging" },
};

const stagingWith = (extra: Record<string, unknown>) => ({
  ...readStackConfig("staging"),
  "ssgbay:images": JSON.stringify(REF_IMAGES),
  ...Object.fromEntries(
    Object.entries(extra).map(([key, value]) => [`ssgbay:${key}`, JSON.stringify(value)]),
  ),
});

/** The Deployment's `spec` exactly as registered (what the provider is sent). */
function registeredSpec(resources: RegisteredResource[], name: string): Record<string, unknown> {
  const deployment = resources.find(
    (resource) =>
      resource.type === "kubernetes:apps/v1:Deployment" &&
      (resource.inputs.metadata as { name?: string }).name === name,
  );
  if (!deployment) throw new Error(`no Deployment ${name}`);
  return deployment.inputs.spec as Record<string, unknown>;
}

type Spread = { topologyKey: string; whenUnsatisfiable: string; labelSelector: unknown }[];
const spreadOf = (manifest: Record<string, unknown>) =>
  (manifest.spec as { template: { spec: { topologySpreadConstraints?: Spread } } }).template.spec
    .topologySpreadConstraints;

describe("spread and scale", () => {
  it("spreads API and web across nodes on vagrant, and across zones too on managed clusters", async () => {
    const dev = kubeObjects((await runCommittedStack("dev")).resources);
    const staging = kubeObjects((await runCommittedStack("staging")).resources);
    for (const app of ["api", "web"] as const) {
      expect(spreadOf(find(dev, "Deployment", app).manifest)).toEqual([
        expect.objectContaining({
          topologyKey: "kubernetes.io/hostname",
          whenUnsatisfiable: "DoNotSchedule",
          maxSkew: 1,
          labelSelector: {
            matchLabels: { ...SELECTORS[app], "app.kubernetes.io/instance": "dev" },
          },
        }),
      ]);
      expect(spreadOf(find(staging, "Deployment", app).manifest)).toEqual([
        expect.objectContaining({
          topologyKey: "kubernetes.io/hostname",
          whenUnsatisfiable: "DoNotSchedule",
          labelSelector: { matchLabels: SELECTORS[app] },
        }),
        expect.objectContaining({
          topologyKey: "topology.kubernetes.io/zone",
          whenUnsatisfiable: "ScheduleAnyway",
          labelSelector: { matchLabels: SELECTORS[app] },
        }),
      ]);
    }
    // The constraint's selector must select the Deployment's own pods.
    for (const { object, template } of podTemplates(staging)) {
      if (object.kind !== "Deployment") continue;
      for (const constraint of spreadOf(object.manifest) ?? []) {
        const { matchLabels } = constraint.labelSelector as { matchLabels: Record<string, string> };
        expect(template.labels).toMatchObject(matchLabels);
      }
    }
  });

  it("keeps a fixed replica count and no HPA without autoscaling", async () => {
    const run = await runCommittedStack("staging");
    for (const app of ["api", "web"]) expect(registeredSpec(run.resources, app).replicas).toBe(2);
    expect(kubeObjects(run.resources).some((o) => o.kind === "HorizontalPodAutoscaler")).toBe(
      false,
    );
  });

  it("hands the replica count to an HPA and sends no replicas field at all (prod)", async () => {
    const run = await runCommittedStack("prod");
    const objects = kubeObjects(run.resources);
    for (const [app, max] of [
      ["api", 10],
      ["web", 6],
    ] as const) {
      // Absent, not null or undefined-valued: the provider must not own spec.replicas.
      expect(Object.keys(registeredSpec(run.resources, app))).not.toContain("replicas");
      const hpa = find(objects, "HorizontalPodAutoscaler", app);
      expect(hpa.apiVersion).toBe("autoscaling/v2");
      expect(hpa.manifest.spec).toEqual({
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: app },
        minReplicas: 3,
        maxReplicas: max,
        metrics: [
          {
            type: "Resource",
            resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
          },
        ],
      });
      // Every container of the scaled pods requests CPU, or the HPA has nothing to measure.
      const template = podTemplates(objects).find(({ object }) => object.name === app)?.template;
      for (const container of template?.spec.containers ?? []) {
        expect(container.resources?.requests?.cpu).toEqual(expect.any(String));
      }
    }
    expect(run.outputs.images).toEqual(PROMOTED_IMAGES.prod);
  });

  it("takes the HPA's bounds and target from config", async () => {
    const run = await runProgram(
      "staging",
      stagingWith({
        web: { autoscaling: { minReplicas: 1, maxReplicas: 4, targetCpuUtilization: 55 } },
      }),
    );
    const hpa = find(kubeObjects(run.resources), "HorizontalPodAutoscaler", "web");
    expect(hpa.manifest.spec).toMatchObject({
      minReplicas: 1,
      maxReplicas: 4,
      metrics: [{ resource: { target: { averageUtilization: 55 } } }],
    });
    expect(Object.keys(registeredSpec(run.resources, "web"))).not.toContain("replicas");
    expect(registeredSpec(run.resources, "api").replicas).toBe(2);
  });

  it("keeps each PodDisruptionBudget at one pod at a time, so a drain is never blocked", async () => {
    for (const stack of ["dev", "prod"] as const) {
      const objects = kubeObjects((await runCommittedStack(stack)).resources);
      for (const app of ["api", "web"]) {
        expect(find(objects, "PodDisruptionBudget", app).manifest.spec).toEqual({
          maxUnavailable: 1,
          selector: {
            matchLabels: {
              "app.kubernetes.io/name": app,
              "app.kubernetes.io/instance": stack,
            },
          },
        });
      }
    }
  });

  it("refuses autoscaling bounds that contradict each other, and replicas beside autoscaling", () => {
    const config = (extra: Record<string, unknown>) => stagingWith(extra);
    expect(
      configProblems(config({ api: { autoscaling: { minReplicas: 5, maxReplicas: 3 } } })),
    ).toEqual(["ssgbay:api.autoscaling.maxReplicas: must be at least minReplicas"]);
    expect(configProblems(config({ web: { autoscaling: { minReplicas: 2 } } }))).toEqual([
      "ssgbay:web.autoscaling.maxReplicas: is required",
    ]);
    expect(
      configProblems(config({ api: { replicas: 3, autoscaling: { maxReplicas: 6 } } })),
    ).toEqual([
      "ssgbay:api.replicas: must not be set with api.autoscaling (the HPA owns the replica count; set api.autoscaling.minReplicas instead)",
    ]);
    expect(
      configProblems(
        config({ api: { autoscaling: { maxReplicas: 6, targetCpuUtilization: 5 } } }),
      ).map((problem) => problem.split(":").slice(0, 2).join(":")),
    ).toEqual(["ssgbay:api.autoscaling.targetCpuUtilization"]);
  });

  it("gives every container ephemeral-storage requests and limits, from config or the defaults", async () => {
    const run = await runProgram(
      "staging",
      stagingWith({
        api: {
          resources: {
            requests: { cpu: "100m", memory: "192Mi", ephemeralStorage: "128Mi" },
            limits: { memory: "512Mi", ephemeralStorage: "1Gi" },
          },
        },
      }),
    );
    const objects = kubeObjects(run.resources);
    const templates = podTemplates(objects);
    expect(templates.map(({ object }) => object.name).sort()).toEqual(
      ["api", "backup", "mysql", "settler", "web"].sort(),
    );
    const ephemeral = Object.fromEntries(
      templates.flatMap(({ object, template }) =>
        allContainers(template.spec).map((container) => [
          `${object.name}/${container.name}`,
          [
            container.resources?.requests?.["ephemeral-storage"],
            container.resources?.limits?.["ephemeral-storage"],
          ],
        ]),
      ),
    );
    expect(ephemeral).toEqual({
      "api/migrate": ["64Mi", "512Mi"],
      "api/api": ["128Mi", "1Gi"],
      "web/web": ["64Mi", "512Mi"],
      "settler/settler": ["64Mi", "512Mi"],
      "backup/mysqldump": ["64Mi", "512Mi"],
      "mysql/mysql": ["256Mi", "2Gi"],
      "mysql/exporter": ["64Mi", "512Mi"],
    });
  });

  it("caps every emptyDir below its pod's ephemeral-storage limit", async () => {
    const objects = kubeObjects((await runCommittedStack("dev")).resources);
    const bytes = (quantity: string) => {
      const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
      if (!match) throw new Error(`unexpected quantity ${quantity}`);
      return Number(match[1]) * (match[2] === "Gi" ? 1024 : 1);
    };
    for (const { object, template } of podTemplates(objects)) {
      // emptyDirs count against the pod's limit: the sum of its containers' limits.
      const limit = template.spec.containers
        .map((container) => bytes(String(container.resources?.limits?.["ephemeral-storage"])))
        .reduce((sum, each) => sum + each, 0);
      const dirs = (template.spec.volumes ?? []).flatMap((volume) => {
        const emptyDir = (volume as { emptyDir?: { sizeLimit?: string } }).emptyDir;
        return emptyDir ? [{ name: volume.name, sizeLimit: emptyDir.sizeLimit }] : [];
      });
      for (const dir of dirs) {
        expect(dir.sizeLimit, `${object.name} ${dir.name}`).toEqual(expect.any(String));
        expect(bytes(String(dir.sizeLimit)), `${object.name} ${dir.name}`).toBeLessThan(limit);
      }
    }
  });
});
