import { describe, expect, it } from "vitest";
import { invariants } from "../policy/invariants.js";
import { configProblems, REF_IMAGES } from "./support/config-problems.js";
import { asSubject, find, kubeObjects, podTemplates } from "./support/kube-objects.js";
import { plainStrings } from "./support/mock-cluster.js";
import { runProgram } from "./support/run-program.js";
import { readStackConfig, type StackName, toPulumiConfig } from "./support/stack-files.js";

const refs = JSON.stringify(REF_IMAGES);
// Shaped like a CA certificate (the rule checks the PEM armour; the apps' TLS test uses a real one).
const CA =
  "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUTESTtestTEST\n-----END CERTIFICATE-----";
const PASSWORD = "external-app-password-0123456789";
const external = { mode: "external", host: "10.20.0.5", port: 3307, caCertificate: CA };

function config(
  stack: StackName,
  mysql: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return {
    ...readStackConfig(stack),
    "ssgbay:images": refs,
    ...toPulumiConfig({ "ssgbay:mysql": mysql, "ssgbay:mysqlPassword": PASSWORD, ...extra }),
  };
}
const run = (stack: StackName, mysql: Record<string, unknown>) =>
  runProgram(stack, config(stack, mysql), { secretKeys: ["ssgbay:mysqlPassword"] });

type Egress = {
  to: { ipBlock?: { cidr: string }; podSelector?: unknown }[];
  ports: { port: number }[];
};

describe("mysql.mode external: a managed database instead of the StatefulSet", () => {
  it("creates no MySQL server, Service, Secret, options or data claim (managed target)", async () => {
    const program = await run("staging", external);
    const objects = kubeObjects(program.resources);
    const mysqlObjects = objects.filter(
      (object) =>
        object.labels["app.kubernetes.io/name"] === "mysql" || object.name === "mysql-data",
    );
    expect(mysqlObjects.map((object) => `${object.kind} ${object.name}`)).toEqual([]);
    expect(objects.some((object) => object.kind === "StatefulSet")).toBe(false);
    expect(objects.filter((o) => o.kind === "PersistentVolumeClaim").map((o) => o.name)).toEqual([
      "shared-data",
    ]);
    // Only the JWT secret is generated; the database password is the given config secret.
    expect(
      program.resources.filter((r) => r.type.startsWith("random:")).map((r) => r.name),
    ).toEqual(["app-config-jwt-secret"]);
    expect(program.outputs.mysqlService).toBeUndefined();
    expect(Object.keys(program.outputs.dataClaims as object)).toEqual(["shared-data"]);
  });

  it("creates no MySQL volume on vagrant either", async () => {
    const objects = kubeObjects((await run("dev", external)).resources);
    expect(objects.filter((o) => o.kind === "PersistentVolume").map((o) => o.resourceName)).toEqual(
      ["nfs-shared-data"],
    );
  });

  it("lets the apps reach only that address and port, and nothing reaches in-cluster MySQL", async () => {
    const objects = kubeObjects((await run("staging", external)).resources);
    for (const client of ["api", "settler", "backup"]) {
      const spec = find(objects, "NetworkPolicy", client).manifest.spec as { egress: Egress[] };
      expect(spec.egress, client).toEqual([
        { to: [{ ipBlock: { cidr: "10.20.0.5/32" } }], ports: [{ protocol: "TCP", port: 3307 }] },
      ]);
    }
    expect(objects.some((o) => o.kind === "NetworkPolicy" && o.name === "mysql")).toBe(false);

    const named = kubeObjects(
      (
        await runProgram(
          "staging",
          config("staging", {
            mode: "external",
            host: "db.example.internal",
            egressCidr: "10.30.0.0/24",
          }),
          { secretKeys: ["ssgbay:mysqlPassword"] },
        )
      ).resources,
    );
    const api = find(named, "NetworkPolicy", "api").manifest.spec as { egress: Egress[] };
    expect(api.egress).toEqual([
      { to: [{ ipBlock: { cidr: "10.30.0.0/24" } }], ports: [{ protocol: "TCP", port: 3306 }] },
    ]);
  });

  it("gives the API, migrations and settler the host, port and CA (TLS), and the backup too", async () => {
    const program = await run("staging", external);
    const objects = kubeObjects(program.resources);
    const appConfig = objects.find(
      (o) => o.kind === "ConfigMap" && o.resourceName === "app-config-configmap",
    );
    expect(appConfig?.manifest.data).toMatchObject({
      DB_HOST: "10.20.0.5",
      DB_PORT: "3307",
      DB_TLS_CA: CA,
    });
    const backup = podTemplates([find(objects, "CronJob", "backup")])[0]?.template.spec
      .containers[0];
    const env = Object.fromEntries(
      (backup?.env ?? []).map((variable) => [variable.name, variable.value ?? variable.valueFrom]),
    );
    expect(env).toMatchObject({
      DB_HOST: "10.20.0.5",
      DB_PORT: "3307",
      DB_TLS_CA: CA,
      DB_PASSWORD: {
        secretKeyRef: { name: appConfig ? expect.any(String) : "", key: "DB_PASSWORD" },
      },
    });
    const appSecret = objects.find(
      (o) => o.kind === "Secret" && o.resourceName === "app-config-secret",
    );
    const secretRef = (env.DB_PASSWORD as { secretKeyRef: { name: string } }).secretKeyRef;
    expect(secretRef.name).toBe(appSecret?.name);
    for (const resource of program.resources) {
      expect(plainStrings(resource.inputs).some((value) => value.includes(PASSWORD))).toBe(false);
    }
    const subjects = program.resources.map(asSubject);
    for (const invariant of invariants) {
      expect(
        invariant.check(subjects).map((v) => v.message),
        invariant.name,
      ).toEqual([]);
    }
  });

  it("names each missing or misplaced key", () => {
    const base = { ...readStackConfig("staging"), "ssgbay:images": refs };
    const with_ = (values: Record<string, unknown>) => ({ ...base, ...toPulumiConfig(values) });
    expect(configProblems(with_({ "ssgbay:mysql": { mode: "external" } }))).toEqual([
      "ssgbay:mysql.host: is required when mysql.mode is external",
    ]);
    // Rules across keys run once every key is valid on its own.
    expect(
      configProblems(with_({ "ssgbay:mysql": { mode: "external", host: "10.20.0.5" } })),
    ).toEqual([
      "ssgbay:mysqlPassword: is required when mysql.mode is external (pulumi config set --secret ssgbay:mysqlPassword ...)",
    ]);
    expect(
      configProblems(
        with_({
          "ssgbay:mysql": {
            mode: "external",
            host: "db.example.internal",
            innodbBufferPoolSize: "1Gi",
          },
          "ssgbay:mysqlPassword": PASSWORD,
        }),
      ),
    ).toEqual([
      "ssgbay:mysql.innodbBufferPoolSize: is only for mysql.mode inCluster",
      "ssgbay:mysql.egressCidr: is required when mysql.host is a name: NetworkPolicies allow egress by address (give the CIDR the name resolves into)",
    ]);
    expect(
      configProblems(
        with_({
          "ssgbay:mysql": { mode: "external", host: "10.20.0.5", caCertificate: "x" },
          "ssgbay:mysqlPassword": PASSWORD,
        }),
      ),
    ).toEqual([
      "ssgbay:mysql.caCertificate: must be a PEM certificate (-----BEGIN CERTIFICATE----- …)",
    ]);
    expect(
      configProblems(with_({ "ssgbay:mysql": { host: "10.20.0.5", caCertificate: CA } })),
    ).toEqual([
      "ssgbay:mysql.host: is only for mysql.mode external",
      "ssgbay:mysql.caCertificate: is only for mysql.mode external",
    ]);
    expect(
      configProblems(
        with_({ "ssgbay:mysql": { mode: "external", host: "10.20.0.5", egressCidr: "10.0.0.1" } }),
      ),
    ).toEqual(
      expect.arrayContaining([
        "ssgbay:mysql.egressCidr: must be an IPv4 CIDR such as 10.20.0.0/24",
      ]),
    );
  });
});
