import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../database/src/testing/vitest.js";
import type { Container } from "../policy/workloads.js";
import { find, type KubeObject, kubeObjects, podTemplates } from "./support/kube-objects.js";
import { fakeDigestRef } from "./support/mock-cluster.js";
import {
  containerEnvironment,
  dockerfileCommand,
  execFileAsync,
  freeLoopbackPort,
  mountOnHost,
  type RunningProcess,
  start,
  waitForProbe,
} from "./support/pod-runtime.js";
import { runProgram } from "./support/run-program.js";
import { REPOSITORY_ROOT, readStackConfig } from "./support/stack-files.js";

// The database starts empty: the API pod's migration init container must create the schema.
const database = useTestDatabase({ migrated: false });

const refs = {
  "ssgbay:images": JSON.stringify({
    source: "refs",
    api: fakeDigestRef("registry.local/ssgbay/api"),
    web: fakeDigestRef("registry.local/ssgbay/web"),
    settler: fakeDigestRef("registry.local/ssgbay/settler"),
  }),
};

let objects: KubeObject[];
const running: RunningProcess[] = [];

function workload(kind: string, name: string) {
  const object = find(objects, kind, name);
  const entry = podTemplates([object])[0];
  if (!entry) throw new Error(`${kind} ${name} has no pod template`);
  return entry.template;
}

/**
 * What differs between the cluster and this host, and only that: the database is the test's
 * (the pod's DB_HOST is a cluster DNS name), the listening port is a free loopback port (the pod
 * owns its network namespace), and mounted paths are temporary directories.
 */
function onHost(
  container: Container,
  namespace: string | undefined,
  overrides: Record<string, string>,
) {
  const env = containerEnvironment(container, namespace, objects);
  const { config } = database;
  return {
    podEnv: env,
    hostEnv: {
      ...mountOnHost(container, env),
      DB_HOST: config.host,
      DB_PORT: String(config.port),
      DB_NAME: config.database,
      DB_USER: config.user,
      DB_PASSWORD: config.password,
      ...overrides,
    },
  };
}

describe("container contract: each image's entry command with its pod's environment", () => {
  beforeAll(async () => {
    // The Dockerfiles' build step; the commands below run the compiled output like the images do.
    await execFileAsync(
      "npm",
      ["run", "build", "-w", "database", "-w", "app-api", "-w", "app-settler"],
      {
        cwd: REPOSITORY_ROOT,
      },
    );
    const run = await runProgram("dev", { ...readStackConfig("dev"), ...refs });
    objects = kubeObjects(run.resources);
  }, 300_000);

  afterAll(async () => {
    for (const process of running) {
      if (process.child.exitCode === null) process.child.kill("SIGKILL");
      await process.exited;
    }
  });

  it("API: the migration init container, then the server answers its probes and stops cleanly", async () => {
    const pod = workload("Deployment", "api");
    const [migrate] = pod.spec.initContainers ?? [];
    const [api] = pod.spec.containers;
    if (!migrate || !api) throw new Error("api pod lacks its containers");

    const migration = onHost(migrate, pod.namespace, {});
    const migrating = start(migrate.command as string[], migration.hostEnv);
    expect(await migrating.exited, migrating.output()).toBe(0);
    expect(migrating.output()).toMatch(/"applied"/);

    const port = await freeLoopbackPort();
    const { podEnv, hostEnv } = onHost(api, pod.namespace, {
      PORT: String(port),
      HOST: "127.0.0.1",
    });
    const httpPort = api.ports?.find((candidate) => candidate.name === "http")?.containerPort;
    expect(podEnv.PORT).toBe(String(httpPort));
    expect(podEnv.DB_HOST).toBe("mysql.ssgbay.svc.cluster.local");

    const command = dockerfileCommand("app-api/Dockerfile");
    expect(command).toEqual(["node", "app-api/dist/server.js"]);
    const server = start(command, hostEnv);
    running.push(server);
    const probePath = (probe: unknown) => (probe as { httpGet: { path: string } }).httpGet.path;
    expect(probePath(api.livenessProbe)).toBe("/healthz");
    expect(probePath(api.readinessProbe)).toBe("/readyz");
    expect(
      await waitForProbe(server, `http://127.0.0.1:${port}${probePath(api.livenessProbe)}`),
    ).toBe(200);
    expect(
      await waitForProbe(server, `http://127.0.0.1:${port}${probePath(api.readinessProbe)}`),
    ).toBe(200);
    const items = await fetch(`http://127.0.0.1:${port}/api/items`);
    expect(items.status).toBe(200);

    server.child.kill("SIGTERM");
    expect(await server.exited, server.output()).toBe(0);
  });

  it("settler: one run with the CronJob's environment settles and exits 0", async () => {
    const pod = workload("CronJob", "settler");
    const [settler] = pod.spec.containers;
    if (!settler) throw new Error("settler pod lacks its container");
    const { podEnv, hostEnv } = onHost(settler, pod.namespace, {});
    expect(podEnv.DB_PASSWORD).toBeDefined();
    const command = dockerfileCommand("app-settler/Dockerfile");
    expect(command).toEqual(["node", "app-settler/dist/main.js"]);
    const run = start(command, hostEnv);
    running.push(run);
    expect(await run.exited, run.output()).toBe(0);
    const summary = JSON.parse(run.output().trim().split("\n").at(-1) ?? "{}");
    expect(summary).toMatchObject({ settled: 0, sold: 0, unsold: 0, ms: expect.any(Number) });
  });
});
