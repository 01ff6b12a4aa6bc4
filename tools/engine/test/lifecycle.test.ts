/**
 * The dev stack through the real Pulumi engine against a real Kubernetes control plane:
 * preview (with the CrossGuard pack), up, idempotence, in-place updates that roll pods,
 * a data-claim replacement refused at preview, rendered YAML accepted by the API server, destroy
 * keeping the data claims. Needs tools/engine/build-toolchain.sh.
 */
import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { appImages, EngineContext, imageRef, type StackSecrets } from "./support/engine-context.js";
import { KubeApiError } from "./support/kube-api.js";
import {
  claimSchema,
  configMapSchema,
  cronJobSchema,
  decode,
  deploymentSchema,
  eventually,
  listOf,
  objectMeta,
  podSchema,
  poolSchema,
  secretSchema,
  serviceSchema,
  statefulSetSchema,
  volumeSchema,
} from "./support/kube-schemas.js";
import type { PreviewDigest } from "./support/pulumi-cli.js";
import { CommandError, repositoryRoot } from "./support/toolchain.js";

const STACK = "dev";
const NAMESPACE = "ssgbay";
const PINNED_WEB_ADDRESS = "10.0.0.200";
const POOL = "10.0.0.200-10.0.0.220";
const API_PODS = `app.kubernetes.io/name=api,app.kubernetes.io/instance=${STACK}`;

const images = appImages(1);
const secrets: StackSecrets = {
  mysqlRootPassword: randomBytes(24).toString("hex"),
  mysqlPassword: randomBytes(24).toString("hex"),
  mysqlExporterPassword: randomBytes(24).toString("hex"),
  jwtSecret: randomBytes(32).toString("hex"),
};

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

  /** The app's data claims, by name. */
  const dataClaims = async () => {
    const claims = listOf(claimSchema).parse(
      await engine.api.get(`/api/v1/namespaces/${NAMESPACE}/persistentvolumeclaims`),
    );
    return Object.fromEntries(claims.items.map((claim) => [claim.metadata.name, claim]));
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

  /** Resources the policy preview proposed to create (URN -> type); compared with what `up` made. */
  let previewedCreates: Map<string, string> | undefined;

  it("previews every resource of the dev stack and passes the CrossGuard policy pack", async () => {
    const events = await engine.pulumi.previewEvents(STACK, [
      "--policy-pack",
      path.join(repositoryRoot, "infra", "policy"),
    ]);
    const errors = events.flatMap((event) =>
      event.diagnosticEvent?.severity === "error" ? [event.diagnosticEvent.message] : [],
    );
    expect(errors).toEqual([]);
    const creates = new Map(
      events.flatMap((event) => {
        const step = event.resourcePreEvent?.metadata;
        return step?.op === "create" ? [[step.urn, step.type] as const] : [];
      }),
    );
    const types = new Set(creates.values());
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

    const violations = events.flatMap((event) => (event.policyEvent ? [event.policyEvent] : []));
    expect(violations).toEqual([]);
    const summaries = events.flatMap((event) =>
      [event.policyAnalyzeSummaryEvent, event.policyAnalyzeStackSummaryEvent].filter(
        (summary) => summary !== undefined,
      ),
    );
    expect(summaries.length, "the policy pack analysed the resources").toBeGreaterThan(0);
    expect(summaries.flatMap((summary) => summary.failed)).toEqual([]);
    expect(summaries.flatMap((summary) => summary.passed).length).toBeGreaterThan(0);
    previewedCreates = creates;
  });

  it("deploys with the provider's await logic and the API server holds what the program declares", async () => {
    await engine.pulumi.up(STACK);

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

    // The app Secret is auto-named (a change replaces it): find it through the API pods' envFrom.
    const appSecretNames = apiDeployment.spec.template.spec.containers.flatMap((container) =>
      (container.envFrom ?? []).flatMap((source) =>
        source.secretRef ? [source.secretRef.name] : [],
      ),
    );
    expect(appSecretNames).toHaveLength(1);
    const appSecret = secretSchema.parse(
      await engine.api.get(`/api/v1/namespaces/${NAMESPACE}/secrets/${appSecretNames[0]}`),
    );
    expect(decode(appSecret.data.DB_PASSWORD)).toBe(secrets.mysqlPassword);
    expect(decode(appSecret.data.JWT_SECRET)).toBe(secrets.jwtSecret);
    // Auto-named too: the one Secret MySQL's containers read their passwords from.
    const mysqlSecretNames = new Set(
      mysql.spec.template.spec.containers.flatMap((container) =>
        (container.env ?? []).flatMap((variable) =>
          variable.valueFrom?.secretKeyRef ? [variable.valueFrom.secretKeyRef.name] : [],
        ),
      ),
    );
    expect(mysqlSecretNames.size).toBe(1);
    const mysqlSecret = secretSchema.parse(
      await engine.api.get(`/api/v1/namespaces/${NAMESPACE}/secrets/${[...mysqlSecretNames][0]}`),
    );
    expect(Object.values(mysqlSecret.data).map(decode)).toEqual(
      expect.arrayContaining([
        secrets.mysqlRootPassword,
        secrets.mysqlPassword,
        secrets.mysqlExporterPassword,
      ]),
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

    expect(previewedCreates, "the policy preview (previous step) succeeded").toBeDefined();
    const deployedUrns = new Set(await engine.pulumi.resourceUrns(STACK));
    for (const urn of previewedCreates?.keys() ?? []) {
      expect(deployedUrns, "every previewed resource exists after up").toContain(urn);
    }
  });

  it("is idempotent: a second preview with --expect-no-changes passes", async () => {
    const preview = await engine.pulumi.preview(STACK);
    const changes = preview.steps
      // The stack's reference to itself is read on every run (claim-guard.ts); a read changes nothing.
      .filter((step) => step.op !== "same" && !(step.op === "read" && isStackReference(step)))
      .map((step) => ({
        op: step.op,
        urn: step.urn,
        diffReasons: step.diffReasons,
        replaceReasons: step.replaceReasons,
      }));
    expect(changes).toEqual([]);
    await engine.pulumi.preview(STACK, ["--expect-no-changes"]);
  });

  it("updates the API Deployment in place for a new image digest and replica count, and rolls its pods", async () => {
    const before = await api.deployment("api");
    const podsBefore = new Set((await api.pods(API_PODS)).map((pod) => pod.metadata.uid));
    const newImage = imageRef("api", 2);
    const replicas = before.spec.replicas + 1;
    await engine.pulumi.setConfig(STACK, "ssgbay:images.api", newImage, { path: true });
    await engine.pulumi.setConfig(STACK, "ssgbay:api.replicas", String(replicas), { path: true });

    const preview = await engine.pulumi.preview(STACK);
    expect(stepsFor(preview, "kubernetes:apps/v1:Deployment", "api").map(describeStep)).toEqual([
      "update",
    ]);
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
    // The app ConfigMap changes (pulumi-kubernetes replaces ConfigMaps whose data changes unless
    // they are made mutable); the Deployment must roll, not be replaced.
    const configMapOps = preview.steps
      .filter(
        (step) =>
          (step.newState ?? step.oldState)?.type === "kubernetes:core/v1:ConfigMap" &&
          step.op !== "same",
      )
      .map((step) => step.op);
    expect(configMapOps.length, "the app ConfigMap changes").toBeGreaterThan(0);
    for (const op of configMapOps)
      expect(["update", "replace", "create-replacement", "delete-replaced"]).toContain(op);
    expect(stepsFor(preview, "kubernetes:apps/v1:Deployment", "api").map(describeStep)).toEqual([
      "update",
    ]);
    await engine.pulumi.up(STACK);

    const after = await api.deployment("api");
    const configMapNames = after.spec.template.spec.containers.flatMap((container) =>
      (container.envFrom ?? []).flatMap((source) =>
        source.configMapRef ? [source.configMapRef.name] : [],
      ),
    );
    expect(configMapNames).toHaveLength(1);
    const configMap = configMapSchema.parse(
      await engine.api.get(`/api/v1/namespaces/${NAMESPACE}/configmaps/${configMapNames[0]}`),
    );
    expect(configMap.data.LOG_LEVEL).toBe("debug");
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

  it("refuses at preview a config change that would replace the data claims, naming the key", async () => {
    // The PersistentVolumes mount the NFS Service's ClusterIP: a new one means new volumes,
    // so new (empty) claims. The program compares with what the last `up` exported.
    await engine.pulumi.setConfig(STACK, "ssgbay:nfs.serviceClusterIP", "172.17.0.21", {
      path: true,
    });
    const failure = await engine.pulumi.preview(STACK).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(CommandError);
    const output = failure instanceof CommandError ? `${failure.stdout}\n${failure.stderr}` : "";
    expect(output).toContain(
      "ssgbay:nfs.serviceClusterIP: changing it from 172.17.0.20 to 172.17.0.21 would replace the data claims shared-data and mysql-data with empty storage",
    );
    // (--json output escapes the quotes around the section's name.)
    expect(output).toContain("Replacing a data claim");
    await engine.pulumi.run([
      "config",
      "rm",
      "--stack",
      STACK,
      "--path",
      "ssgbay:nfs.serviceClusterIP",
    ]);
    await engine.pulumi.preview(STACK, ["--expect-no-changes"]);
  });

  it("destroys everything but the data: the claims, their volumes and namespace stay, then the test removes them", async () => {
    const claimsBefore = await dataClaims();
    expect(Object.keys(claimsBefore).sort()).toEqual(["mysql-data", "shared-data"]);
    // Protected objects make `pulumi destroy` fail (shown by its preview, which changes nothing);
    // the documented way is to lift protection first.
    const refused = await engine.pulumi
      .run(["destroy", "--stack", STACK, "--preview-only"], {
        PULUMI_SKIP_CONFIRMATIONS: undefined,
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(CommandError);
    expect(refused instanceof CommandError ? `${refused.stdout}${refused.stderr}` : "").toContain(
      "because it is protected",
    );
    await engine.pulumi.setConfig(STACK, "ssgbay:data.protect", "false", { path: true });
    await engine.pulumi.up(STACK);
    await engine.pulumi.destroy(STACK);
    expect(await engine.pulumi.resourceUrns(STACK)).toEqual([]);
    expect(
      await engine.api.find(
        `/apis/metallb.io/v1beta1/namespaces/metallb-system/ipaddresspools/ssgbay-${STACK}`,
      ),
    ).toBeUndefined();
    await eventually(async () => {
      const deployments = listOf(z.object({ metadata: objectMeta })).parse(
        await engine.api.get(`/apis/apps/v1/namespaces/${NAMESPACE}/deployments`),
      );
      expect(deployments.items).toEqual([]);
    });

    // The same claims (same UIDs), still bound to the same retained volumes.
    const claimsAfter = await dataClaims();
    for (const [name, claim] of Object.entries(claimsBefore)) {
      expect(claimsAfter[name]?.metadata.uid, `${name} survived destroy`).toBe(claim.metadata.uid);
      const volumeName = claim.spec.volumeName ?? "";
      const volume = volumeSchema.parse(
        await engine.api.get(`/api/v1/persistentvolumes/${volumeName}`),
      );
      expect(volume.spec.persistentVolumeReclaimPolicy).toBe("Retain");
      expect(volume.spec.claimRef?.name).toBe(name);
    }

    // Clean up by hand, as the README's recovery section says an operator would.
    for (const [name, claim] of Object.entries(claimsAfter)) {
      await engine.kubectl([
        "-n",
        NAMESPACE,
        "delete",
        "pvc",
        name,
        "--wait=true",
        "--timeout=120s",
      ]);
      await engine.kubectl([
        "delete",
        "pv",
        claim.spec.volumeName ?? "",
        "--wait=true",
        "--timeout=120s",
      ]);
    }
    await engine.kubectl(["delete", "namespace", NAMESPACE, "--wait=true", "--timeout=180s"]);
    await eventually(async () => {
      await expect(engine.api.get(`/api/v1/namespaces/${NAMESPACE}`)).rejects.toSatisfy(
        (error) => error instanceof KubeApiError && error.status === 404,
      );
    });
  });

  it("renders the dev stack with renderYamlToDirectory and the API server accepts every object", async () => {
    // A copy of the dev stack (same name and config, separate state) rendered offline, then
    // applied to the now empty cluster: namespaces for real (namespaced objects need them),
    // everything else as a server-side dry run, which runs validation and admission in full.
    const render = await engine.copyOfDevProject("render");
    await render.run(["stack", "init", STACK, "--secrets-provider", "passphrase"]);
    // A throwaway copy: nothing to protect or keep, so its own destroy below can run.
    await render.setConfig(STACK, "ssgbay:data.protect", "false", { path: true });
    await render.setConfig(STACK, "ssgbay:data.retainOnDelete", "false", { path: true });
    const renderDirectory = path.join(engine.workDirectory, "rendered");
    await render.setConfig(STACK, "ssgbay:kubernetes.renderYamlToDirectory", renderDirectory, {
      path: true,
    });
    // The provider refuses a kubeconfig (which it takes from KUBECONFIG) with renderYamlToDirectory.
    const offline = { KUBECONFIG: undefined };
    await render.up(STACK, { env: offline });

    const manifests = (await readdir(renderDirectory, { recursive: true }))
      .filter((file) => file.endsWith(".yaml"))
      .map((file) => path.join(renderDirectory, file));
    expect(manifests.length).toBeGreaterThan(10);
    const namespaces = manifests.filter((file) => path.basename(file).startsWith("v1-namespace-"));
    const crds = manifests.filter((file) => file.includes(`${path.sep}0-crd${path.sep}`));
    for (const file of [...crds, ...namespaces]) await engine.kubectl(["apply", "-f", file]);
    const others = manifests.filter((file) => !namespaces.includes(file) && !crds.includes(file));
    const { stdout } = await engine
      .kubectl(["apply", "--dry-run=server", ...others.flatMap((file) => ["-f", file])])
      .catch((error: unknown) => {
        // kubectl echoes the patches it sent, rendered Secrets included: report only the verdicts.
        if (!(error instanceof CommandError)) throw error;
        const verdicts = `${error.stdout}\n${error.stderr}`
          .split("\n")
          .filter((line) =>
            /\(server dry run\)|is invalid|is forbidden|Forbidden:|Error from server/.test(line),
          )
          .filter((line) => !line.includes("{"));
        throw new Error(`kubectl apply --dry-run=server rejected objects:\n${verdicts.join("\n")}`);
      });
    const accepted = stdout.split("\n").filter((line) => line.includes("(server dry run)"));
    expect(accepted).toHaveLength(others.length);

    for (const file of namespaces) await engine.kubectl(["delete", "-f", file, "--wait=true"]);
    await render.destroy(STACK, offline);
  });
});

/** A step's operation, with the properties that force a replacement when it is one. */
function describeStep(step: PreviewDigest["steps"][number]): string {
  return step.replaceReasons?.length
    ? `${step.op} (because of ${step.replaceReasons.join(", ")})`
    : step.op;
}

function isStackReference(step: PreviewDigest["steps"][number]): boolean {
  return (step.newState ?? step.oldState)?.type === "pulumi:pulumi:StackReference";
}

/** The preview steps for the Kubernetes object of this type and name. */
function stepsFor(preview: PreviewDigest, type: string, name: string) {
  const named = z.object({ metadata: z.object({ name: z.string() }) });
  return preview.steps.filter((step) => {
    const state = step.newState ?? step.oldState;
    const inputs = named.safeParse(step.newState?.inputs);
    return state?.type === type && inputs.success && inputs.data.metadata.name === name;
  });
}
