import { chown, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand, waitUntil } from "@ssgbay/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { hostGet } from "./support/http.js";
import { RealNode } from "./support/node.js";

const fixtures = fileURLToPath(new URL("./fixtures", import.meta.url));
const namespace = "deploy-proof";

const restrictedPod = {
  securityContext: {
    runAsNonRoot: true,
    runAsUser: 10001,
    runAsGroup: 10001,
    seccompProfile: { type: "RuntimeDefault" },
  },
  automountServiceAccountToken: false,
  imagePullSecrets: [{ name: "registry-credentials" }],
};
const restrictedContainer = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
};
const secretEnv = (name: string, key: string) => ({
  name,
  valueFrom: { secretKeyRef: { name: "mysql-credentials", key } },
});
const resources = { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } };

const podSchema = z.object({
  spec: z.object({
    nodeName: z.string().optional(),
    containers: z.array(z.object({ image: z.string() })),
  }),
  status: z.object({
    phase: z.string(),
    containerStatuses: z.array(z.object({ imageID: z.string(), ready: z.boolean() })).default([]),
  }),
});

describe("a real node (tools/deploy/node.sh)", () => {
  let stateDirectory: string;
  let node: RealNode;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    stateDirectory = await mkdtemp(path.join(tmpdir(), "ssgbay-deploy-"));
    const started = Date.now();
    node = await RealNode.up(stateDirectory);
    timings.up = Date.now() - started;
  });

  afterAll(async () => {
    if (stateDirectory) {
      await RealNode.down(stateDirectory);
      await rm(stateDirectory, { recursive: true, force: true });
    }
    console.log(
      `node.sh timings (s): ${JSON.stringify(Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, v / 1000])))}`,
    );
  });

  it("registers one Ready node that is real (no kwok fake nodes)", async () => {
    const { stdout } = await node.kubectl(["get", "nodes", "-o", "json"]);
    const nodes = z
      .object({
        items: z.array(
          z.object({
            metadata: z.object({
              name: z.string(),
              annotations: z.record(z.string(), z.string()).default({}),
            }),
            status: z.object({
              conditions: z.array(z.object({ type: z.string(), status: z.string() })),
              nodeInfo: z.object({
                kubeletVersion: z.string(),
                containerRuntimeVersion: z.string(),
              }),
            }),
          }),
        ),
      })
      .parse(JSON.parse(stdout)).items;
    expect(nodes.map((item) => item.metadata.name)).toEqual([node.env.NODE_NAME]);
    const [only] = nodes;
    expect(only?.metadata.annotations).not.toHaveProperty("kwok.x-k8s.io/node");
    expect(only?.status.conditions).toContainEqual({ type: "Ready", status: "True" });
    expect(only?.status.nodeInfo.containerRuntimeVersion).toMatch(/^containerd:\/\//);
  });

  it("runs a pod from a locally built image pulled by digest, and a Service found by DNS name from another pod", async () => {
    const image = await node.buildAndPush("ssgbay-test/hello", path.join(fixtures, "hello"), {
      NODE_IMAGE: node.env.NODE_IMAGE,
    });
    const labels = { "app.kubernetes.io/name": "hello" };
    await node.restrictedNamespace(namespace);
    await node.apply([
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "hello", namespace, labels },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              ...restrictedPod,
              containers: [
                {
                  name: "hello",
                  image,
                  ports: [{ name: "http", containerPort: 8080 }],
                  readinessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 2 },
                  securityContext: restrictedContainer,
                  resources,
                },
              ],
            },
          },
        },
      },
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "hello", namespace, labels },
        spec: { selector: labels, ports: [{ name: "http", port: 80, targetPort: "http" }] },
      },
    ]);
    await node.kubectl([
      "-n",
      namespace,
      "rollout",
      "status",
      "deployment/hello",
      "--timeout=180s",
    ]);

    const { stdout: podsJson } = await node.kubectl([
      "-n",
      namespace,
      "get",
      "pods",
      "-l",
      "app.kubernetes.io/name=hello",
      "-o",
      "json",
    ]);
    const [pod] = z.object({ items: z.array(podSchema) }).parse(JSON.parse(podsJson)).items;
    expect(pod?.spec.nodeName).toBe(node.env.NODE_NAME);
    expect(pod?.spec.containers[0]?.image).toBe(image);
    expect(pod?.status.containerStatuses[0]?.imageID).toBe(image);
    expect(pod?.status.containerStatuses[0]?.ready).toBe(true);

    const { stdout: clusterIP } = await node.kubectl([
      "-n",
      namespace,
      "get",
      "service",
      "hello",
      "-o",
      "jsonpath={.spec.clusterIP}",
    ]);
    // A Ready pod is not yet a served Service: until kube-proxy has synced the new endpoints its
    // rules REJECT the ClusterIP (ECONNREFUSED). Wait for that, as the host sees it, first.
    await waitUntil(
      () =>
        hostGet(`http://${clusterIP}/`, 2_000).then(
          (response) => response.ok,
          () => false,
        ),
      250,
    );
    const url = `http://hello.${namespace}.svc.${node.env.CLUSTER_DOMAIN}/`;
    await node.apply([
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "client", namespace },
        spec: {
          ...restrictedPod,
          restartPolicy: "Never",
          containers: [
            {
              name: "client",
              image,
              command: ["node", "/app/client.mjs", url],
              securityContext: restrictedContainer,
              resources,
            },
          ],
        },
      },
    ]);
    const outcome = await node.podOutcome(namespace, "client");
    expect(outcome, outcome.logs).toMatchObject({ phase: "Succeeded" });
    const seen = z
      .object({ address: z.string(), status: z.number(), body: z.string() })
      .parse(JSON.parse(outcome.logs.trim().split("\n").at(-1) ?? ""));
    expect(seen.address).toBe(clusterIP);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatch(/^hello from hello-[a-z0-9]+-[a-z0-9]+\n$/);

    // kube-proxy serves the ClusterIP to the host too.
    const fromHost = await hostGet(`http://${clusterIP}/`, 10_000);
    expect(fromHost.status).toBe(200);
  });

  it("runs the MySQL test image like the product's StatefulSet pod (UID 999, read-only root, mysqladmin ping probes)", async () => {
    // A host-path volume stands in for the mysql-data claim (no NFS here); owned by the UID.
    const dataDirectory = path.join(stateDirectory, "mysql-data");
    await mkdir(dataDirectory);
    await chown(dataDirectory, 999, 999);
    const labels = { "app.kubernetes.io/name": "mysql" };
    const ping = { exec: { command: ["mysqladmin", "ping", "--host=127.0.0.1", "--silent"] } };
    const password = "app-password-0123456789";
    const image = await node.push(node.env.MYSQL_IMAGE, "ssgbay-test/mysql");
    await node.apply([
      {
        apiVersion: "v1",
        kind: "PersistentVolume",
        metadata: { name: "deploy-proof-mysql-data" },
        spec: {
          capacity: { storage: "1Gi" },
          accessModes: ["ReadWriteOnce"],
          persistentVolumeReclaimPolicy: "Retain",
          storageClassName: "deploy-proof",
          hostPath: { path: dataDirectory, type: "Directory" },
        },
      },
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "mysql-credentials", namespace },
        stringData: { "root-password": "root-password-0123456789", password },
      },
      {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: { name: "mysql", namespace, labels },
        spec: {
          serviceName: "mysql",
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              securityContext: {
                runAsNonRoot: true,
                runAsUser: 999,
                runAsGroup: 999,
                fsGroup: 999,
                seccompProfile: { type: "RuntimeDefault" },
              },
              automountServiceAccountToken: false,
              imagePullSecrets: [{ name: "registry-credentials" }],
              containers: [
                {
                  name: "mysql",
                  image,
                  args: ["--skip-name-resolve"],
                  ports: [{ name: "mysql", containerPort: 3306 }],
                  env: [
                    secretEnv("MYSQL_ROOT_PASSWORD", "root-password"),
                    { name: "MYSQL_DATABASE", value: "ssgbay" },
                    { name: "MYSQL_USER", value: "ssgbay" },
                    secretEnv("MYSQL_PASSWORD", "password"),
                  ],
                  securityContext: restrictedContainer,
                  resources: {
                    requests: { cpu: "50m", memory: "256Mi" },
                    limits: { memory: "1Gi" },
                  },
                  startupProbe: { ...ping, periodSeconds: 2, failureThreshold: 90 },
                  livenessProbe: { ...ping, periodSeconds: 20, timeoutSeconds: 5 },
                  readinessProbe: { ...ping, periodSeconds: 5, timeoutSeconds: 3 },
                  volumeMounts: [
                    { name: "data", mountPath: "/var/lib/mysql" },
                    { name: "tmp", mountPath: "/tmp" },
                    { name: "run-mysqld", mountPath: "/var/run/mysqld" },
                    { name: "mysql-files", mountPath: "/var/lib/mysql-files" },
                  ],
                },
              ],
              volumes: [
                { name: "tmp", emptyDir: {} },
                { name: "run-mysqld", emptyDir: {} },
                { name: "mysql-files", emptyDir: {} },
              ],
            },
          },
          volumeClaimTemplates: [
            {
              metadata: { name: "data" },
              spec: {
                accessModes: ["ReadWriteOnce"],
                storageClassName: "deploy-proof",
                resources: { requests: { storage: "1Gi" } },
              },
            },
          ],
        },
      },
    ]);
    await node.kubectl([
      "-n",
      namespace,
      "rollout",
      "status",
      "statefulset/mysql",
      "--timeout=300s",
    ]);
    const { stdout } = await node.kubectl([
      "-n",
      namespace,
      "exec",
      "mysql-0",
      "--",
      "mysql",
      "--host=127.0.0.1",
      "--user=ssgbay",
      `--password=${password}`,
      "--batch",
      "--skip-column-names",
      "-e",
      "SELECT CURRENT_USER(); SHOW DATABASES LIKE 'ssgbay';",
    ]);
    expect(stdout.trim().split("\n")).toEqual(["ssgbay@%", "ssgbay"]);
  });

  it("tears everything down, and a second down is harmless", async () => {
    const started = Date.now();
    await RealNode.down(stateDirectory);
    timings.down = Date.now() - started;
    await RealNode.down(stateDirectory);
    await expect(runCommand("ip", ["link", "show", "ssgbay-node0"])).rejects.toThrow();
    const { stdout: rules } = await runCommand("iptables-save", []);
    expect(rules).not.toMatch(/ssgbay|KUBE-SVC/);
  });
});
