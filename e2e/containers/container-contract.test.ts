import { freeLoopbackPort } from "@ssgbay/database/testing";
import { useTestDatabase } from "@ssgbay/database/testing/vitest";
import type { Container } from "@ssgbay/infra/policy/workloads";
import {
  find,
  type KubeObject,
  kubeObjects,
  podTemplates,
} from "@ssgbay/infra/testing/kube-objects";
import { fakeDigestRef } from "@ssgbay/infra/testing/mock-cluster";
import {
  containerEnvironment,
  dockerfileCommand,
  execFileAsync,
  mountOnHost,
  type RunningProcess,
  start,
  waitForProbe,
} from "@ssgbay/infra/testing/pod-runtime";
import { runProgram } from "@ssgbay/infra/testing/run-program";
import { scratchDirectory } from "@ssgbay/infra/testing/scratch";
import { REPOSITORY_ROOT, readStackConfig } from "@ssgbay/infra/testing/stack-files";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostNginxConfig } from "./support/nginx-image.js";

// The database starts empty: the API pod's migration init container must create the schema.
const database = useTestDatabase({ migrated: false });

const refs = {
  "ssgbay:images": JSON.stringify({
    source: "refs",
    api: fakeDigestRef("registry.local/ssgbay/api"),
    web: fakeDigestRef("registry.local/ssgbay/web"),
    settler: fakeDigestRef("registry.local/ssgbay/settler"),
    backup: fakeDigestRef("registry.local/ssgbay/backup"),
  }),
};

let objects: KubeObject[];
const webDist = scratchDirectory("web-dist");
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
    // The Dockerfiles' build steps; the commands below run the compiled output like the images do.
    const build = (...args: string[]) =>
      execFileAsync("npm", ["run", "build", ...args], {
        cwd: REPOSITORY_ROOT,
        env: { ...process.env, NODE_ENV: "production" },
      });
    await build("-w", "contract", "-w", "database", "-w", "app-api", "-w", "app-settler");
    // Into a directory of its own, so a web test reading app-web/dist meanwhile is undisturbed.
    await build("-w", "app-web", "--", "--outDir", webDist, "--emptyOutDir");
    const run = await runProgram("dev", { ...readStackConfig("dev"), ...refs });
    objects = kubeObjects(run.resources);
  }, 300_000);

  afterAll(async () => {
    for (const child of running) {
      if (child.child.exitCode === null) child.child.kill("SIGKILL");
      await child.exited;
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
      METRICS_PORT: "0",
      HOST: "127.0.0.1",
    });
    const httpPort = api.ports?.find((candidate) => candidate.name === "http")?.containerPort;
    expect(podEnv.PORT).toBe(String(httpPort));
    expect(podEnv.DB_HOST).toBe("mysql.ssgbay.svc.cluster.local");

    const command = dockerfileCommand("api");
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
    const command = dockerfileCommand("settler");
    expect(command).toEqual(["node", "app-settler/dist/main.js"]);
    const run = start(command, hostEnv);
    running.push(run);
    expect(await run.exited, run.output()).toBe(0);
    const summary = JSON.parse(run.output().trim().split("\n").at(-1) ?? "{}");
    expect(summary).toMatchObject({ settled: 0, sold: 0, unsold: 0, ms: expect.any(Number) });
  });

  it("web: nginx with the pod's API_UPSTREAM serves the app, answers /healthz and proxies /api", async () => {
    const apiPod = workload("Deployment", "api");
    const [api] = apiPod.spec.containers;
    const pod = workload("Deployment", "web");
    const [web] = pod.spec.containers;
    if (!api || !web) throw new Error("pods lack their containers");

    const apiPort = await freeLoopbackPort();
    const apiServer = start(
      dockerfileCommand("api"),
      onHost(api, apiPod.namespace, {
        PORT: String(apiPort),
        METRICS_PORT: "0",
        HOST: "127.0.0.1",
      }).hostEnv,
    );
    running.push(apiServer);
    await waitForProbe(apiServer, `http://127.0.0.1:${apiPort}/readyz`);

    const podEnv = containerEnvironment(web, pod.namespace, objects);
    // The pod reaches the API by its Service's DNS name; on this host that name is the loopback API.
    expect(podEnv.API_UPSTREAM).toBe("http://api.ssgbay.svc.cluster.local:8080");
    const webPort = await freeLoopbackPort();
    const httpPort = web.ports?.find((candidate) => candidate.name === "http")?.containerPort;
    expect(httpPort).toBe(8080);
    const { prefix, configFile } = hostNginxConfig(
      "web",
      { ...podEnv, API_UPSTREAM: `http://127.0.0.1:${apiPort}` },
      { ports: { http: webPort } },
      { "app-web/dist": webDist },
    );
    const nginx = start(["nginx", "-e", "stderr", "-p", prefix, "-c", configFile], {});
    running.push(nginx);

    // Liveness is a TCP check of the same port (it accepts once nginx answers); readiness is HTTP.
    expect(web.livenessProbe).toMatchObject({ tcpSocket: { port: "http" } });
    const probe = (web.readinessProbe as { httpGet: { path: string } }).httpGet.path;
    expect(probe).toBe("/healthz");
    expect(await waitForProbe(nginx, `http://127.0.0.1:${webPort}${probe}`)).toBe(200);
    const page = await fetch(`http://127.0.0.1:${webPort}/items/42`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root">/);
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
    const proxied = await fetch(`http://127.0.0.1:${webPort}/api/items`);
    expect(proxied.status).toBe(200);
    expect(await proxied.json()).toMatchObject({ items: [], total: 0 });

    nginx.child.kill("SIGQUIT");
    expect(await nginx.exited, nginx.output()).toBe(0);
    apiServer.child.kill("SIGTERM");
    expect(await apiServer.exited, apiServer.output()).toBe(0);
  });
});
