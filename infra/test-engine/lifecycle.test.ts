/**
 * The dev stack through the real Pulumi engine against a real Kubernetes control plane:
 * preview (with the CrossGuard pack), up, idempotence, in-place updates that roll pods,
 * rendered YAML accepted by the API server, destroy. Needs infra/engine/build-toolchain.sh.
 */
import { createHash, randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { EngineContext, type StackSecrets } from "./support/engine-context.js";
import { KubeApiError } from "./support/kube-api.js";
import { type PreviewDigest, readEventLog } from "./support/pulumi-cli.js";
import { repositoryRoot } from "./support/toolchain.js";

const STACK = "dev";
const RENDER_STACK = "dev-render";
const NAMESPACE = "ssgbay";
const PINNED_WEB_ADDRESS = "10.0.0.200";
const POOL = "10.0.0.200-10.0.0.220";
const API_PODS = `app.kubernetes.io/name=api,app.kubernetes.io/instance=${STACK}`;

/** A digest-pinned reference; nothing pulls it (kwok runs no containers). */
function imageRef(app: string, revision: number): string {
  const digest = createHash("sha256").update(`${app}:${revision}`).digest("hex");
  return `ghcr.io/ssgbay/ssgbay-${app}@sha256:${digest}`;
}

const images = {
  api: imageRef("api", 1),
  web: imageRef("web", 1),
  settler: imageRef("settler", 1),
};
const secrets: StackSecrets = {
  mysqlRootPassword: randomBytes(24).toString("hex"),
  mysqlPassword: randomBytes(24).toString("hex"),
  jwtSecret: randomBytes(32).toString("hex"),
};

const objectMeta = z.object({
  name: z.string(),
  uid: z.string(),
  generation: z.number().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
const containerSchema = z.object({ name: z.string(), image: z.string() });
const podTemplateSchema = z.object({
  metadata: z.object({ annotations: z.record(z.string(), z.string()).optional() }).optional(),
  spec: z.object({ containers: z.array(containerSchema) }),
});
const deploymentSchema = z.object({
  metadata: objectMeta,
  spec: z.object({ replicas: z.number(), template: podTemplateSchema }),
  status: z.object({
    readyReplicas: z.number().default(0),
    updatedReplicas: z.number().default(0),
    observedGeneration: z.number().optional(),
  }),
});
const statefulSetSchema = z.object({
  metadata: objectMeta,
  spec: z.object({ replicas: z.number(), template: podTemplateSchema }),
  status: z.object({ readyReplicas: z.number().default(0) }),
});
const serviceSchema = z.object({
  metadata: objectMeta,
  spec: z.object({ type: z.string(), loadBalancerIP: z.string().optional() }),
  status: z.object({
    loadBalancer: z
      .object({ ingress: z.array(z.object({ ip: z.string() })).optional() })
      .optional(),
  }),
});
const cronJobSchema = z.object({
  metadata: objectMeta,
  spec: z.object({
    schedule: z.string(),
    jobTemplate: z.object({ spec: z.object({ template: podTemplateSchema }) }),
  }),
});
const secretSchema = z.object({
  metadata: objectMeta,
  data: z.record(z.string(), z.string()).default({}),
});
const configMapSchema = z.object({
  metadata: objectMeta,
  data: z.record(z.string(), z.string()).default({}),
});
const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const podSchema = z.object({
  metadata: objectMeta.extend({ deletionTimestamp: z.string().optional() }),
  spec: z.object({ nodeName: z.string().optional(), containers: z.array(containerSchema) }),
  status: z.object({ phase: z.string().optional() }),
});
const poolSchema = z.object({
  metadata: objectMeta,
  spec: z.object({ addresses: z.array(z.string()) }),
});

function decode(value: string | undefined): string | undefined {
  return value === undefined ? undefined : Buffer.from(value, "base64").toString("utf8");
}

/** Polls until `check` stops throwing (the controllers act asynchronously), then returns its value. */
async function eventually<T>(check: () => Promise<T>, attempts = 240, delayMs = 500): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await check();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
  throw lastError;
}

describe.sequential("the dev stack through the real Pulumi engine on a real control plane", () => {
  let engine: EngineContext;

  const api = {
    deployment: async (name: string) =>
      deploymentSchema.parse(
        await engine.api.get(`/apis/apps/v1/namespaces/${NAMESPACE}/deployments/${name}`),
      ),
    pods: async (selector: string) =>
      listOf(podSchema)
        .parse(
          await engine.api.get(
            `/api/v1/namespaces/${NAMESPACE}/pods?labelSelector=${encodeURIComponent(selector)}`,
          ),
        )
        .items.filter((pod) => !pod.metadata.deletionTimestamp),
  };

  beforeAll(async () => {
    engine = await EngineContext.start();
    if (engine.providerBuildInfo.includes("note=")) {
      console.warn(
        `pulumi-resource-kubernetes is not the pinned version:\n${engine.providerBuildInfo}`,
      );
    }
    await engine.initDevStack(STACK, images, secrets);
  });

  afterAll(async () => {
    await engine?.stop();
  });

  it("previews every resource of the dev stack and passes the CrossGuard policy pack", async () => {
    const eventLog = engine.pulumi.eventLogPath("preview");
    const preview = await engine.pulumi.preview(STACK, [
      "--policy-pack",
      path.join(repositoryRoot, "infra", "policy"),
      "--event-log",
      eventLog,
    ]);
    const created = preview.steps.filter((step) => step.op === "create");
    const types = new Set(created.map((step) => step.newState?.type));
    for (const type of [
      "kubernetes:core/v1:Namespace",
      "kubernetes:core/v1:ConfigMap",
      "kubernetes:core/v1:Secret",
      "kubernetes:core/v1:Service",
      "kubernetes:core/v1:PersistentVolume",
      "kubernetes:core/v1:PersistentVolumeClaim",
      "kubernetes:apps/v1:Deployment",
      "kubernetes:apps/v1:StatefulSet",
      "kubernetes:batch/v1:CronJob",
      "kubernetes:networking.k8s.io/v1:NetworkPolicy",
      "kubernetes:metallb.io/v1beta1:IPAddressPool",
      "kubernetes:metallb.io/v1beta1:L2Advertisement",
    ]) {
      expect(types, `preview creates a ${type}`).toContain(type);
    }
    expect(preview.diagnostics.filter((diagnostic) => diagnostic.severity === "error")).toEqual([]);

    const events = await readEventLog(eventLog);
    const violations = events.flatMap((event) => (event.policyEvent ? [event.policyEvent] : []));
    expect(violations).toEqual([]);
    const summaries = events.flatMap((event) =>
      event.policyAnalyzeSummaryEvent ? [event.policyAnalyzeSummaryEvent] : [],
    );
    expect(summaries.length, "the policy pack analysed the resources").toBeGreaterThan(0);
    expect(summaries.flatMap((summary) => summary.failed)).toEqual([]);
    expect(summaries.flatMap((summary) => summary.passed).length).toBeGreaterThan(0);
  });

  it("deploys with the provider's await logic and the API server holds what the program declares", async () => {
    const previewed = await engine.pulumi.preview(STACK);
    await engine.pulumi.up(STACK);

    const deployedUrns = await engine.pulumi.resourceUrns(STACK);
    for (const step of previewed.steps.filter((entry) => entry.op === "create")) {
      expect(deployedUrns, "every previewed resource exists after up").toContain(step.urn);
    }

    const apiDeployment = await api.deployment("api");
    expect(
      apiDeployment.spec.template.spec.containers.map((container) => container.image),
    ).toContain(images.api);
    expect(apiDeployment.status.readyReplicas).toBe(apiDeployment.spec.replicas);
    expect(
      apiDeployment.spec.template.metadata?.annotations?.["ssgbay.io/config-checksum"],
    ).toMatch(/\S/);
    const webDeployment = await api.deployment("web");
    expect(
      webDeployment.spec.template.spec.containers.map((container) => container.image),
    ).toContain(images.web);
    expect(webDeployment.status.readyReplicas).toBe(webDeployment.spec.replicas);

    const mysql = statefulSetSchema.parse(
      await engine.api.get(`/apis/apps/v1/namespaces/${NAMESPACE}/statefulsets/mysql`),
    );
    expect(mysql.status.readyReplicas).toBe(mysql.spec.replicas);

    const web = serviceSchema.parse(
      await engine.api.get(`/api/v1/namespaces/${NAMESPACE}/services/web`),
    );
    expect(web.spec.type).toBe("LoadBalancer");
    expect(web.status.loadBalancer?.ingress?.map((ingress) => ingress.ip)).toEqual([
      PINNED_WEB_ADDRESS,
    ]);
    const mysqlService = serviceSchema.parse(
      await engine.api.get(`/api/v1/namespaces/${NAMESPACE}/services/mysql`),
    );
    expect(mysqlService.spec.type).toBe("ClusterIP");

    const cronJobs = listOf(cronJobSchema).parse(
      await engine.api.get(`/apis/batch/v1/namespaces/${NAMESPACE}/cronjobs`),
    );
    const cronJobImages = Object.fromEntries(
      cronJobs.items.map((job) => [
        job.metadata.name,
        job.spec.jobTemplate.spec.template.spec.containers.map((container) => container.image),
      ]),
    );
    expect(Object.keys(cronJobImages).sort()).toEqual(["backup", "settler"]);
    expect(cronJobImages.settler).toContain(images.settler);

    const appSecret = secretSchema.parse(
      await engine.api.get(`/api/v1/namespaces/${NAMESPACE}/secrets/ssgbay-secrets`),
    );
    expect(decode(appSecret.data.DB_PASSWORD)).toBe(secrets.mysqlPassword);
    expect(decode(appSecret.data.JWT_SECRET)).toBe(secrets.jwtSecret);
    const mysqlSecret = secretSchema.parse(
      await engine.api.get(`/api/v1/namespaces/${NAMESPACE}/secrets/mysql-credentials`),
    );
    expect(Object.values(mysqlSecret.data).map(decode)).toEqual(
      expect.arrayContaining([secrets.mysqlRootPassword, secrets.mysqlPassword]),
    );

    const policies = listOf(
      z.object({
        metadata: objectMeta,
        spec: z.object({ policyTypes: z.array(z.string()).optional() }),
      }),
    ).parse(
      await engine.api.get(`/apis/networking.k8s.io/v1/namespaces/${NAMESPACE}/networkpolicies`),
    );
    expect(policies.items.length).toBeGreaterThan(0);
    expect(policies.items.every((policy) => (policy.spec.policyTypes ?? []).length > 0)).toBe(true);

    const pool = poolSchema.parse(
      await engine.api.get(
        `/apis/metallb.io/v1beta1/namespaces/metallb-system/ipaddresspools/ssgbay-${STACK}`,
      ),
    );
    expect(pool.spec.addresses).toEqual([POOL]);

    const outputs = await engine.pulumi.stackOutputs(STACK);
    expect(new URL(z.string().parse(outputs.webUrl)).hostname).toBe(PINNED_WEB_ADDRESS);
    expect(outputs.namespace).toBe(NAMESPACE);
    expect(engine.metallb.refusals).toEqual(new Map());
  });

  it("is idempotent: a second preview with --expect-no-changes passes", async () => {
    const preview = await engine.pulumi.preview(STACK, ["--expect-no-changes"]);
    expect(preview.steps.filter((step) => step.op !== "same")).toEqual([]);
  });

  it("updates the API Deployment in place for a new image digest and replica count, and rolls its pods", async () => {
    const before = await api.deployment("api");
    const podsBefore = new Set((await api.pods(API_PODS)).map((pod) => pod.metadata.uid));
    const newImage = imageRef("api", 2);
    const replicas = before.spec.replicas + 1;
    await engine.pulumi.setConfig(STACK, "ssgbay:images.api", newImage, { path: true });
    await engine.pulumi.setConfig(STACK, "ssgbay:api.replicas", String(replicas), { path: true });

    const preview = await engine.pulumi.preview(STACK);
    expect(
      stepsFor(preview, "kubernetes:apps/v1:Deployment", "api").map((step) => step.op),
    ).toEqual(["update"]);
    await engine.pulumi.up(STACK);

    const after = await api.deployment("api");
    expect(after.metadata.uid, "same object: updated, not replaced").toBe(before.metadata.uid);
    expect(after.spec.replicas).toBe(replicas);
    expect(after.spec.template.spec.containers.map((container) => container.image)).toContain(
      newImage,
    );
    expect(after.status.readyReplicas).toBe(replicas);
    await eventually(async () => {
      const pods = await api.pods(API_PODS);
      expect(pods).toHaveLength(replicas);
      for (const pod of pods) {
        expect(podsBefore.has(pod.metadata.uid), "every API pod was replaced").toBe(false);
        expect(pod.spec.containers.map((container) => container.image)).toContain(newImage);
      }
    });
  });

  it("rolls the API pods when the app configuration changes", async () => {
    const before = await api.deployment("api");
    const podsBefore = new Set((await api.pods(API_PODS)).map((pod) => pod.metadata.uid));
    await engine.pulumi.setConfig(STACK, "ssgbay:api.logLevel", "debug", { path: true });

    const preview = await engine.pulumi.preview(STACK);
    expect(
      stepsFor(preview, "kubernetes:core/v1:ConfigMap", "ssgbay-config").map((step) => step.op),
    ).toEqual(["update"]);
    expect(
      stepsFor(preview, "kubernetes:apps/v1:Deployment", "api").map((step) => step.op),
    ).toEqual(["update"]);
    await engine.pulumi.up(STACK);

    const configMap = configMapSchema.parse(
      await engine.api.get(`/api/v1/namespaces/${NAMESPACE}/configmaps/ssgbay-config`),
    );
    expect(configMap.data.LOG_LEVEL).toBe("debug");
    const after = await api.deployment("api");
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(after.spec.template.metadata?.annotations?.["ssgbay.io/config-checksum"]).not.toBe(
      before.spec.template.metadata?.annotations?.["ssgbay.io/config-checksum"],
    );
    await eventually(async () => {
      const pods = await api.pods(API_PODS);
      expect(pods).toHaveLength(after.spec.replicas);
      for (const pod of pods) expect(podsBefore.has(pod.metadata.uid)).toBe(false);
    });
  });

  it("renders the stack with renderYamlToDirectory and the API server accepts every object (dry run)", async () => {
    await engine.initDevStack(RENDER_STACK, images, secrets);
    const renderDirectory = path.join(engine.workDirectory, "rendered");
    await engine.pulumi.setConfig(
      RENDER_STACK,
      "ssgbay:kubernetes.renderYamlToDirectory",
      renderDirectory,
      {
        path: true,
      },
    );
    await engine.pulumi.up(RENDER_STACK);

    const manifests = (await readdir(renderDirectory, { recursive: true })).filter((file) =>
      file.endsWith(".yaml"),
    );
    expect(manifests.length).toBeGreaterThan(10);
    const { stdout } = await engine.kubectl([
      "apply",
      "--dry-run=server",
      "--recursive",
      "-f",
      renderDirectory,
    ]);
    const accepted = stdout.split("\n").filter((line) => line.includes("(server dry run)"));
    expect(accepted).toHaveLength(manifests.length);
    await engine.pulumi.destroy(RENDER_STACK);
  });

  it("destroys everything: the namespace and the MetalLB pool are gone", async () => {
    await engine.pulumi.destroy(STACK);
    expect(await engine.pulumi.resourceUrns(STACK)).toEqual([]);
    await eventually(async () => {
      await expect(engine.api.get(`/api/v1/namespaces/${NAMESPACE}`)).rejects.toSatisfy(
        (error) => error instanceof KubeApiError && error.status === 404,
      );
    });
    expect(
      await engine.api.find(
        `/apis/metallb.io/v1beta1/namespaces/metallb-system/ipaddresspools/ssgbay-${STACK}`,
      ),
    ).toBeUndefined();
  });
});

/** The preview steps for the Kubernetes object of this type and name. */
function stepsFor(preview: PreviewDigest, type: string, name: string) {
  const named = z.object({ metadata: z.object({ name: z.string() }) });
  return preview.steps.filter((step) => {
    const state = step.newState ?? step.oldState;
    const inputs = named.safeParse(step.newState?.inputs);
    return state?.type === type && inputs.success && inputs.data.metadata.name === name;
  });
}
