/**
 * The dev stack with `mysql.mode: external` through the real Pulumi engine on its own control
 * plane: no MySQL server, Service or data claim reaches the API server, the apps may connect only
 * to the configured CIDR and port, and they get the server's address and CA (TLS). Nothing
 * connects to the address (10.0.0.x, data only: kwok runs no containers).
 * Needs tools/engine/build-toolchain.sh.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { appImages, EngineContext, type StackSecrets } from "./support/engine-context.js";
import {
  claimSchema,
  configMapSchema,
  cronJobSchema,
  decode,
  deploymentSchema,
  listOf,
  networkPolicySchema,
  objectMeta,
  secretSchema,
  volumeSchema,
} from "./support/kube-schemas.js";
import { repositoryRoot } from "./support/toolchain.js";

const STACK = "dev";
const NAMESPACE = "ssgbay";
const DATABASE_HOST = "10.0.0.50";
const DATABASE_PORT = 3307;

const images = appImages(1);
const secrets: StackSecrets = {
  mysqlPassword: randomBytes(24).toString("hex"),
  jwtSecret: randomBytes(32).toString("hex"),
};

/** A real CA certificate (self-signed, made here): what an operator copies from the cloud console. */
function caCertificate(): string {
  return execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"],
      ...["-keyout", "/dev/null", "-subj", "/CN=ssgbay-engine-test-ca"],
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  ).trim();
}

describe.sequential("the dev stack with an external database, through the real Pulumi engine", () => {
  let engine: EngineContext;
  const ca = caCertificate();
  const namespaced = (resource: string) => `/api/v1/namespaces/${NAMESPACE}/${resource}`;
  const named = z.object({ metadata: objectMeta });

  beforeAll(async () => {
    engine = await EngineContext.start();
    await engine.initDevStack(STACK, images, secrets);
    const external = { mode: "external", host: DATABASE_HOST, port: String(DATABASE_PORT) };
    for (const [key, value] of Object.entries({ ...external, caCertificate: ca })) {
      await engine.pulumi.setConfig(STACK, `ssgbay:mysql.${key}`, value, { path: true });
    }
  });

  afterAll(async () => {
    await engine?.stop();
  });

  it("deploys, passing the CrossGuard pack, with no MySQL server, Service, Secret or data claim", async () => {
    await engine.pulumi.up(STACK, {
      extraArgs: ["--policy-pack", path.join(repositoryRoot, "infra", "policy")],
    });

    const statefulSets = listOf(named).parse(
      await engine.api.get(`/apis/apps/v1/namespaces/${NAMESPACE}/statefulsets`),
    );
    expect(statefulSets.items).toEqual([]);
    for (const service of ["mysql", "mysql-headless"]) {
      expect(await engine.api.find(namespaced(`services/${service}`)), service).toBeUndefined();
    }
    const mysqlLabelled = (kind: string) =>
      engine.api.get(namespaced(`${kind}?labelSelector=app.kubernetes.io%2Fname%3Dmysql`));
    for (const kind of ["secrets", "configmaps", "services", "pods"]) {
      expect(listOf(named).parse(await mysqlLabelled(kind)).items, kind).toEqual([]);
    }
    const claims = listOf(claimSchema).parse(
      await engine.api.get(namespaced("persistentvolumeclaims")),
    );
    expect(claims.items.map((claim) => claim.metadata.name)).toEqual(["shared-data"]);
    const volumes = listOf(volumeSchema).parse(await engine.api.get("/api/v1/persistentvolumes"));
    expect(volumes.items.map((volume) => volume.spec.claimRef?.name)).toEqual(["shared-data"]);
    const outputs = await engine.pulumi.stackOutputs(STACK);
    // An undefined output may come back as null or not at all.
    expect(outputs.mysqlService ?? null).toBeNull();
    expect(Object.keys(outputs.dataClaims as object)).toEqual(["shared-data"]);
  });

  it("lets the API (and its migrations), the settler and the backup reach only that CIDR and port", async () => {
    const policies = listOf(networkPolicySchema).parse(
      await engine.api.get(`/apis/networking.k8s.io/v1/namespaces/${NAMESPACE}/networkpolicies`),
    );
    const byName = new Map(policies.items.map((policy) => [policy.metadata.name, policy]));
    for (const client of ["api", "settler", "backup"]) {
      expect(byName.get(client)?.spec.egress, client).toEqual([
        {
          to: [{ ipBlock: { cidr: `${DATABASE_HOST}/32` } }],
          ports: [{ protocol: "TCP", port: DATABASE_PORT }],
        },
      ]);
    }
    expect(byName.has("mysql")).toBe(false);
    // No other policy opens egress to an address block: DNS is the only other way out.
    const blocks = policies.items.flatMap((policy) =>
      (policy.spec.egress ?? []).flatMap((rule) =>
        (rule.to ?? []).flatMap((peer) => (peer.ipBlock ? [peer.ipBlock.cidr] : [])),
      ),
    );
    expect(new Set(blocks)).toEqual(new Set([`${DATABASE_HOST}/32`]));
  });

  it("gives the API, its migrations, the settler and the backup the address, port, CA and password", async () => {
    const apiDeployment = deploymentSchema.parse(
      await engine.api.get(`/apis/apps/v1/namespaces/${NAMESPACE}/deployments/api`),
    );
    const { initContainers, containers } = apiDeployment.spec.template.spec;
    expect(initContainers.map((container) => container.name)).toEqual(["migrate"]);
    const sources = [...initContainers, ...containers].map((container) => container.envFrom ?? []);
    const configMapName = sources[0]?.find((source) => source.configMapRef)?.configMapRef?.name;
    const secretName = sources[0]?.find((source) => source.secretRef)?.secretRef?.name;
    for (const source of sources) {
      expect(source).toEqual([
        { configMapRef: { name: configMapName } },
        { secretRef: { name: secretName } },
      ]);
    }
    const appConfig = configMapSchema.parse(
      await engine.api.get(namespaced(`configmaps/${configMapName}`)),
    );
    expect(appConfig.data).toMatchObject({
      DB_HOST: DATABASE_HOST,
      DB_PORT: String(DATABASE_PORT),
      DB_TLS_CA: ca,
    });
    const appSecret = secretSchema.parse(await engine.api.get(namespaced(`secrets/${secretName}`)));
    expect(decode(appSecret.data.DB_PASSWORD)).toBe(secrets.mysqlPassword);

    const cronJobs = listOf(cronJobSchema).parse(
      await engine.api.get(`/apis/batch/v1/namespaces/${NAMESPACE}/cronjobs`),
    );
    const container = (job: string) =>
      cronJobs.items.find((cronJob) => cronJob.metadata.name === job)?.spec.jobTemplate.spec
        .template.spec.containers[0];
    // The settler reads the app ConfigMap, and of the app Secret only the database password.
    const settler = container("settler");
    expect(settler?.envFrom).toEqual([{ configMapRef: { name: configMapName } }]);
    expect(settler?.env?.find((v) => v.name === "DB_PASSWORD")?.valueFrom?.secretKeyRef?.name).toBe(
      secretName,
    );
    const backupEnv = new Map((container("backup")?.env ?? []).map((v) => [v.name, v]));
    expect(backupEnv.get("DB_HOST")?.value).toBe(DATABASE_HOST);
    expect(backupEnv.get("DB_PORT")?.value).toBe(String(DATABASE_PORT));
    expect(backupEnv.get("DB_TLS_CA")?.value).toBe(ca);
    expect(backupEnv.get("DB_PASSWORD")?.valueFrom?.secretKeyRef?.name).toBe(secretName);
  });

  it("is idempotent: a second preview with --expect-no-changes passes", async () => {
    await engine.pulumi.preview(STACK, ["--expect-no-changes"]);
  });
});
