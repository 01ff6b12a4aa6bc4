import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { API_PORT } from "@ssgbay/app-api/env";
import { itemListSchema } from "@ssgbay/contract";
import { runCommand, solidPng, waitUntil } from "@ssgbay/database/testing";
import { BACKUP_DUMP_OPTIONS } from "@ssgbay/infra/components/backup";
import { APPS } from "@ssgbay/infra/components/images";
import { UID } from "@ssgbay/infra/components/security";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { hostFetch } from "./support/http.js";
import { ImageProject, repositoryRoot } from "./support/image-project.js";
import { RealNode } from "./support/node.js";
import {
  type AppSecrets,
  apiObjects,
  appConfigObjects,
  appEnvFrom,
  mysqlObjects,
  runOncePod,
  webObjects,
} from "./support/product-pods.js";
import { RegistryClient } from "./support/registry.js";
import { stepTimings } from "./support/timings.js";
import { locateDeployToolchain } from "./support/toolchain.js";

const stack = "product";
const namespace = "product-proof";
const refsSchema = z.object({
  api: z.string(),
  web: z.string(),
  settler: z.string(),
  backup: z.string(),
});
const podSchema = z.object({
  spec: z.object({ containers: z.array(z.object({ image: z.string() })) }),
  status: z.object({
    containerStatuses: z.array(z.object({ imageID: z.string(), ready: z.boolean() })).default([]),
  }),
});

/**
 * The product's root Dockerfile built by AppImages (@pulumi/docker-build, real engine) FROM the
 * test bases in the node's registry, then run as the product's pods: what a user of the site sees.
 */
describe("the product Dockerfile, built through AppImages and run on the real node", () => {
  let stateDirectory: string;
  let workDirectory: string;
  let node: RealNode;
  let project: ImageProject | undefined;
  let registry: RegistryClient;
  let refs: z.infer<typeof refsSchema>;
  let webUrl: string;
  const secrets: AppSecrets = {
    databasePassword: randomBytes(18).toString("base64url"),
    rootPassword: randomBytes(18).toString("base64url"),
    jwtSecret: randomBytes(36).toString("base64url"),
  };
  const seller = { username: "proof_seller", nickname: "증명", title: "노드에서 판 물건" };
  const { timings, timed } = stepTimings();
  const kubectlJson = async (args: string[]) =>
    JSON.parse((await node.kubectl(["-n", namespace, ...args, "-o", "json"])).stdout) as unknown;
  const clusterIP = async (service: string) =>
    (
      await node.kubectl([
        "-n",
        namespace,
        "get",
        "service",
        service,
        "-o",
        "jsonpath={.spec.clusterIP}",
      ])
    ).stdout;

  beforeAll(async () => {
    const toolchain = await locateDeployToolchain();
    stateDirectory = await mkdtemp(path.join(tmpdir(), "ssgbay-deploy-"));
    workDirectory = await mkdtemp(path.join(tmpdir(), "ssgbay-product-proof-"));
    node = await timed("node up", () => RealNode.up(stateDirectory));
    registry = new RegistryClient(node.env);
    const revision = (
      await runCommand("git", ["-C", repositoryRoot, "rev-parse", "--short=12", "HEAD"])
    ).stdout.trim();
    project = await ImageProject.create({
      node,
      toolchain,
      workDirectory,
      builderName: "ssgbay-product",
      imageTag: revision,
    });
    // The host buildkitd cannot see dockerd's image store: the bases go to the registry, and
    // the builds name them by digest. The Node base is Debian bookworm: the backup's base too.
    const [nodeBase, nginxBase] = await timed("push bases", () =>
      Promise.all([
        node.push(node.env.NODE_IMAGE, "ssgbay-test/node"),
        node.push(node.env.NGINX_IMAGE, "ssgbay-test/nginx"),
      ]),
    );
    await project.initStack(stack, {
      repository: `${node.env.REGISTRY}/ssgbay-product`,
      // One build here; exporting the registry cache of every stage would only add pushes.
      cache: false,
      context: repositoryRoot,
      buildArgs: { NODE_IMAGE: nodeBase, NGINX_IMAGE: nginxBase, BACKUP_IMAGE: nodeBase },
    });
  });

  afterAll(async () => {
    await project?.stop();
    if (stateDirectory) {
      await timed("node down", () => RealNode.down(stateDirectory));
      await rm(stateDirectory, { recursive: true, force: true });
    }
    if (workDirectory) await rm(workDirectory, { recursive: true, force: true });
    console.log(`product image proof timings (s): ${JSON.stringify(timings)}`);
  });

  it(
    "pulumi up builds api, web, settler and backup FROM the test bases, exported by digest",
    async () => {
      const pulumi = project?.pulumi;
      if (!pulumi) throw new Error("no Pulumi project");
      await timed("pulumi up", () => pulumi.up(stack));
      refs = refsSchema.parse((await pulumi.stackOutputs(stack)).refs);
      for (const app of APPS) {
        expect(refs[app]).toMatch(
          new RegExp(`^${node.env.REGISTRY}/ssgbay-product/${app}@sha256:[0-9a-f]{64}$`),
        );
      }
      const [api, web, settler, backup] = await Promise.all(
        APPS.map((app) => registry.imageConfigOf(refs[app])),
      );
      // NODE_EXTRA_CA_CERTS comes from the test Node base only: built FROM it, not Docker Hub's.
      const fromTestNode = "NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt";
      expect(api?.config).toMatchObject({ User: "10001", Cmd: ["node", "app-api/dist/server.js"] });
      expect(api?.config.Env).toEqual(
        expect.arrayContaining([fromTestNode, "NODE_ENV=production", "PORT=8080"]),
      );
      expect(settler?.config).toMatchObject({
        User: "10001",
        Cmd: ["node", "app-settler/dist/main.js"],
      });
      expect(settler?.config.Env).toContain(fromTestNode);
      expect(web?.config.User).toBe("101");
      expect(web?.config.Env).toEqual(
        expect.arrayContaining([
          "API_UPSTREAM=http://api:8080",
          "NGINX_ENVSUBST_FILTER=^API_UPSTREAM$",
        ]),
      );
      expect(backup?.config.User).toBe("999:999");
      expect(backup?.config.Env).toContain(fromTestNode);
    },
    45 * 60_000,
  );

  it(
    "runs MySQL, the API (migrations first) and the web from those images, by digest",
    async () => {
      const mysqlImage = await node.push(node.env.MYSQL_IMAGE, "ssgbay-test/mysql");
      await node.restrictedNamespace(namespace);
      await node.apply([
        ...appConfigObjects(namespace, secrets, {
          clusterDomain: node.env.CLUSTER_DOMAIN,
          trustProxy: node.env.POD_CIDR,
        }),
        ...mysqlObjects(namespace, mysqlImage, secrets),
        // The API's Service exists before the web starts: nginx resolves API_UPSTREAM at start.
        ...apiObjects(namespace, refs.api),
        ...webObjects(
          namespace,
          refs.web,
          `http://api.${namespace}.svc.${node.env.CLUSTER_DOMAIN}:${API_PORT}`,
        ),
      ]);
      await timed("pods ready", async () => {
        for (const name of ["mysql", "api", "web"]) {
          await node.kubectl([
            "-n",
            namespace,
            "rollout",
            "status",
            `deployment/${name}`,
            "--timeout=300s",
          ]);
        }
      });
      for (const app of ["api", "web"] as const) {
        const pods = z
          .object({ items: z.array(podSchema) })
          .parse(await kubectlJson(["get", "pods", "-l", `app.kubernetes.io/name=${app}`]));
        const [pod] = pods.items;
        expect(pod?.spec.containers[0]?.image).toBe(refs[app]);
        expect(pod?.status.containerStatuses[0]).toMatchObject({ imageID: refs[app], ready: true });
      }

      // The init container applied every migration the image carries, then the server started.
      const { stdout: migrateLog } = await node.kubectl([
        "-n",
        namespace,
        "logs",
        "deployment/api",
        "-c",
        "migrate",
      ]);
      const migrations = (await readdir(path.join(repositoryRoot, "database/migrations")))
        .filter((name) => name.endsWith(".sql"))
        .sort();
      const migrated = z
        .object({ applied: z.array(z.string()), current: z.string() })
        .parse(JSON.parse(migrateLog.trim().split("\n").at(-1) ?? ""));
      expect(migrated).toEqual({ applied: migrations, current: migrations.at(-1) });

      // Ready pods are not yet served ClusterIPs: wait until kube-proxy's rules answer the host.
      const apiUrl = `http://${await clusterIP("api")}:${API_PORT}`;
      webUrl = `http://${await clusterIP("web")}`;
      for (const url of [`${apiUrl}/readyz`, `${webUrl}/healthz`]) {
        await waitUntil(
          () =>
            hostFetch(url, 2_000).then(
              ({ response }) => response.ok,
              () => false,
            ),
          250,
        );
      }
      const ready = await hostFetch(`${apiUrl}/readyz`, 10_000);
      expect(ready.response.status).toBe(200);
      expect(JSON.parse(ready.body.toString("utf8"))).toEqual({ status: "ready" });
    },
    10 * 60_000,
  );

  it(
    "the web serves the SPA and its assets, and a user signs up, sells an item and sees it listed",
    async () => {
      const page = await hostFetch(`${webUrl}/`, 10_000);
      expect(page.response.status).toBe(200);
      expect(page.response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(page.response.headers.get("content-security-policy")).toBeTruthy();
      expect(page.response.headers.get("x-frame-options")).toBeTruthy();
      const html = page.body.toString("utf8");
      expect(html).toContain('<div id="root"></div>');
      expect(html).toContain("<title>쓱Bay</title>");
      // Every script the page names (its entries and modulepreloads) is served; the first one
      // is a small boot entry, so the app's own code is the biggest of them.
      const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map(
        (match) => match[1],
      );
      expect(scripts.length, html).toBeGreaterThan(1);
      let biggest = 0;
      for (const script of scripts) {
        const asset = await hostFetch(`${webUrl}${script}`, 10_000);
        expect(asset.response.status, script).toBe(200);
        expect(asset.response.headers.get("content-type"), script).toMatch(/javascript/);
        biggest = Math.max(biggest, asset.body.length);
      }
      expect(biggest).toBeGreaterThan(10_000);

      const empty = await hostFetch(`${webUrl}/api/items`, 10_000);
      expect(empty.response.status).toBe(200);
      expect(empty.response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(itemListSchema.parse(JSON.parse(empty.body.toString("utf8"))).total).toBe(0);

      const signup = await hostFetch(`${webUrl}/api/auth/signup`, 30_000, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          username: seller.username,
          password: "password-123",
          nickname: seller.nickname,
          phone: "010-5555-6666",
        }),
      });
      expect(signup.response.status, signup.body.toString("utf8")).toBe(201);
      const { accessToken } = z
        .object({ accessToken: z.string() })
        .parse(JSON.parse(signup.body.toString("utf8")));
      const form = new FormData();
      form.set("title", seller.title);
      form.set("description", "");
      form.set("startPrice", "1000");
      form.set("endsAt", new Date(Date.now() + 3_600_000).toISOString());
      form.set(
        "image",
        new Blob([new Uint8Array(solidPng(40, 30, [200, 60, 30]))], { type: "image/png" }),
        "x.png",
      );
      // The upload goes through nginx to the API, whose image library (sharp) writes UPLOAD_DIR.
      const created = await hostFetch(`${webUrl}/api/items`, 30_000, {
        method: "POST",
        headers: { authorization: `Bearer ${accessToken}` },
        body: form,
      });
      expect(created.response.status, created.body.toString("utf8")).toBe(201);
      const { item } = z
        .object({ item: z.object({ id: z.number(), imageUrl: z.string() }) })
        .parse(JSON.parse(created.body.toString("utf8")));

      const listed = await hostFetch(`${webUrl}/api/items`, 10_000);
      const list = itemListSchema.parse(JSON.parse(listed.body.toString("utf8")));
      expect(list.total).toBe(1);
      expect(list.items[0]).toMatchObject({ id: item.id, title: seller.title });
      const image = await hostFetch(`${webUrl}${item.imageUrl}`, 10_000);
      expect(image.response.status).toBe(200);
      expect(image.response.headers.get("content-type")).toMatch(/^image\//);
    },
    5 * 60_000,
  );

  it(
    "the settler image runs one settlement pass against that database and exits 0",
    async () => {
      await node.apply([
        runOncePod(namespace, "settler", UID.node, { image: refs.settler, envFrom: appEnvFrom }),
      ]);
      const outcome = await node.podOutcome(namespace, "settler");
      expect(outcome, outcome.logs).toMatchObject({ phase: "Succeeded" });
      const run = z
        .object({ settled: z.number(), sold: z.number(), unsold: z.number() })
        .parse(JSON.parse(outcome.logs.trim().split("\n").at(-1) ?? ""));
      // The only item ends in an hour: nothing to settle yet.
      expect(run).toMatchObject({ settled: 0, sold: 0, unsold: 0 });
    },
    5 * 60_000,
  );

  it(
    "the backup image's tools dump that database through gzip and age, and carry rclone",
    async () => {
      // The backup job's pipeline (mysqldump | gzip | age) with the product's dump options and the
      // password in an options file, decrypted again to read what it holds.
      const script = [
        "set -euo pipefail",
        "umask 077",
        "printf '[client]\\npassword=%s\\n' \"$DB_PASSWORD\" >/tmp/client.cnf",
        "age-keygen -o /tmp/key 2>/dev/null",
        `mysqldump --defaults-extra-file=/tmp/client.cnf ${BACKUP_DUMP_OPTIONS.join(" ")} --host="$DB_HOST" --port="$DB_PORT" --user="$DB_USER" "$DB_NAME" | gzip | age --recipient "$(age-keygen -y /tmp/key)" >/tmp/dump.sql.gz.age`,
        'echo "tables $(age -d -i /tmp/key /tmp/dump.sql.gz.age | gunzip | grep -c "^CREATE TABLE")"',
        `echo "seller $(age -d -i /tmp/key /tmp/dump.sql.gz.age | gunzip | grep -c "${seller.username}")"`,
        // sed, not head: head's early exit can end rclone by SIGPIPE, which pipefail reports.
        "rclone version | sed -n 1p",
      ].join("\n");
      await node.apply([
        runOncePod(namespace, "backup", UID.mysql, {
          image: refs.backup,
          command: ["bash", "-c", script],
          envFrom: appEnvFrom,
        }),
      ]);
      const outcome = await node.podOutcome(namespace, "backup");
      expect(outcome, outcome.logs).toMatchObject({ phase: "Succeeded" });
      const lines = outcome.logs.trim().split("\n");
      expect(Number(/^tables (\d+)$/.exec(lines[0] ?? "")?.[1])).toBeGreaterThanOrEqual(5);
      expect(lines[1]).toMatch(/^seller [1-9]\d*$/);
      expect(lines[2]).toMatch(/^rclone v\d+\.\d+/);
    },
    5 * 60_000,
  );
});
