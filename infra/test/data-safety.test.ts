import { describe, expect, it } from "vitest";
import { claimReplacements } from "../components/claim-guard.js";
import { REF_IMAGES } from "./support/config-problems.js";
import { MockCluster, type RegisteredResource } from "./support/mock-cluster.js";
import { runProgram } from "./support/run-program.js";
import { readStackConfig, STACKS, type StackName } from "./support/stack-files.js";

const refs = JSON.stringify(REF_IMAGES);
/** Each stack file with refs for images (no build, no other stack to read). */
const stackConfig = (stack: StackName, extra: Record<string, string> = {}) => ({
  ...readStackConfig(stack),
  "ssgbay:images": refs,
  ...extra,
});

const DATA_TYPES = [
  "kubernetes:core/v1:PersistentVolumeClaim",
  "kubernetes:core/v1:PersistentVolume",
  "kubernetes:core/v1:Namespace",
];
/** The claims, their static volumes (vagrant), and the app namespace that holds the claims. */
function dataObjects(resources: RegisteredResource[]): RegisteredResource[] {
  return resources.filter(
    (resource) =>
      DATA_TYPES.includes(resource.type) &&
      // MetalLB's and the NFS server's namespaces hold no claims (the export lives on the node).
      !["metallb-namespace", "nfs-namespace"].includes(resource.name),
  );
}

describe("data objects are protected and retained", () => {
  it.each(STACKS)("on %s by default: claims, static volumes and the namespace", async (stack) => {
    const run = await runProgram(stack, stackConfig(stack));
    const data = dataObjects(run.resources);
    const expected = ["claims-mysql-data", "claims-shared-data", "namespace"];
    if (stack === "dev") expected.push("nfs-mysql-data", "nfs-shared-data");
    expect(data.map((resource) => resource.name).sort()).toEqual(expected.sort());
    for (const resource of data) {
      expect(resource.options, resource.name).toMatchObject({
        protect: true,
        retainOnDelete: true,
      });
    }
    // Everything else stays deletable: a destroy removes the app, not the data.
    const others = run.resources.filter((resource) => !data.includes(resource));
    expect(others.filter((resource) => resource.options.protect).map((r) => r.name)).toEqual([]);
  });

  it("lets a throwaway stack turn protection and retention off", async () => {
    const run = await runProgram(
      "dev",
      stackConfig("dev", {
        "ssgbay:data": JSON.stringify({ protect: false, retainOnDelete: false }),
      }),
    );
    const data = dataObjects(run.resources);
    expect(data).toHaveLength(5);
    for (const resource of data) {
      expect(resource.options, resource.name).toMatchObject({
        protect: false,
        retainOnDelete: false,
      });
    }
  });

  it("exports the parameters the claims' storage follows", async () => {
    const run = await runProgram("staging", stackConfig("staging"));
    expect(run.outputs.dataClaims).toEqual({
      "shared-data": { target: "managed", namespace: "ssgbay", storageClassName: "standard-rwx" },
      "mysql-data": { target: "managed", namespace: "ssgbay", storageClassName: "standard-rwo" },
    });
  });
});

describe("a change that would replace a data claim fails before any object is registered", () => {
  async function previousOutputs(stack: StackName, extra: Record<string, string> = {}) {
    const run = await runProgram(stack, stackConfig(stack, extra));
    return run.outputs;
  }

  it("names storageClasses.readWriteOnce and the procedure, on preview", async () => {
    const previousRun = await previousOutputs("staging");
    const cluster = new MockCluster({ preview: true, previousRun });
    const changed = stackConfig("staging", {
      "ssgbay:storageClasses": JSON.stringify({
        readWriteMany: "standard-rwx",
        readWriteOnce: "premium-rwo",
      }),
    });
    const failure = runProgram("staging", changed, {}, cluster);
    // The program module is loaded afresh per run, so its error class is matched by name.
    await expect(failure).rejects.toMatchObject({ name: "DataClaimChangeError" });
    await expect(failure).rejects.toThrow(
      'ssgbay:storageClasses.readWriteOnce: changing it from standard-rwo to premium-rwo would replace the data claim mysql-data with empty storage; revert it, or follow "Replacing a data claim" in infra/README.md',
    );
    expect(cluster.resources.filter((resource) => resource.type.startsWith("kubernetes:"))).toEqual(
      [],
    );
  });

  it("names the NFS export and the namespace on vagrant, once per key for both claims", async () => {
    const previousRun = await previousOutputs("dev");
    const changed = stackConfig("dev", {
      "ssgbay:namespace": "auctions",
      "ssgbay:nfs": JSON.stringify({ mode: "inCluster", node: "node02" }),
    });
    const failure = runProgram("dev", changed, { previousRun });
    await expect(failure).rejects.toThrow(
      /ssgbay:namespace: changing it from ssgbay to auctions would replace the data claims shared-data and mysql-data/,
    );
    await expect(failure).rejects.toThrow(/ssgbay:nfs\.node: changing it from node01 to node02/);
  });

  it("accepts the same storage again, any other change, and a stack with no previous run", async () => {
    const previousRun = await previousOutputs("staging");
    const unchanged = await runProgram(
      "staging",
      stackConfig("staging", { "ssgbay:api": JSON.stringify({ replicas: 4 }) }),
      { previousRun },
    );
    expect(unchanged.outputs.dataClaims).toEqual(previousRun.dataClaims);
    await runProgram("staging", stackConfig("staging"), { previousRun: {} });
  });

  it("lets the replacement through with data.protect false (the documented procedure)", async () => {
    const previousRun = await previousOutputs("staging");
    const run = await runProgram(
      "staging",
      stackConfig("staging", {
        "ssgbay:storageClasses": JSON.stringify({
          readWriteMany: "standard-rwx",
          readWriteOnce: "premium-rwo",
        }),
        "ssgbay:data": JSON.stringify({ protect: false }),
      }),
      { previousRun },
    );
    expect(run.resources.some((resource) => resource.name === "claims-mysql-data")).toBe(true);
  });

  it("refuses a previous output it cannot read rather than guessing", () => {
    expect(() => claimReplacements({ "mysql-data": "standard-rwo" }, {} as never)).toThrow(
      /output dataClaims is not claim → parameter → value/,
    );
  });
});

describe("rollout order", () => {
  it("the settler and backup CronJobs wait for the API Deployment (its migrations)", async () => {
    const run = await runProgram("staging", stackConfig("staging"));
    const apiDeployment = run.resources.find((resource) => resource.name === "api-deployment");
    expect(apiDeployment).toBeDefined();
    for (const name of ["settler-cronjob", "backup-cronjob"]) {
      const cronJob = run.resources.find((resource) => resource.name === name);
      expect(
        cronJob?.options.dependencies.some((urn) => urn.endsWith("::api-deployment")),
        `${name} depends on the API Deployment`,
      ).toBe(true);
    }
  });
});
