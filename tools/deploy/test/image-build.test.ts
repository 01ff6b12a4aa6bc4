import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCommand } from "@ssgbay/database/testing";
import { APPS } from "@ssgbay/infra/components/images";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { PulumiCli } from "../../engine/test/support/pulumi-cli.js";
import { ImageProject, repositoryRoot } from "./support/image-project.js";
import { RealNode } from "./support/node.js";
import { RegistryClient } from "./support/registry.js";
import { stepTimings } from "./support/timings.js";
import { locateDeployToolchain } from "./support/toolchain.js";

const stack = "proof";

describe("the product's image component through the real engine (@pulumi/docker-build)", () => {
  let stateDirectory: string;
  let workDirectory: string;
  let node: RealNode;
  let project: ImageProject;
  let pulumi: PulumiCli;
  let registry: RegistryClient;
  let revision: string;
  const { timings, timed } = stepTimings();

  beforeAll(async () => {
    const toolchain = await locateDeployToolchain();
    stateDirectory = await mkdtemp(path.join(tmpdir(), "ssgbay-deploy-"));
    workDirectory = await mkdtemp(path.join(tmpdir(), "ssgbay-image-proof-"));
    node = await timed("node up", () => RealNode.up(stateDirectory));
    registry = new RegistryClient(node.env);
    revision = (
      await runCommand("git", ["-C", repositoryRoot, "rev-parse", "--short=12", "HEAD"])
    ).stdout.trim();
    project = await timed("buildkitd up", () =>
      ImageProject.create({
        node,
        toolchain,
        workDirectory,
        builderName: "ssgbay-proof",
        imageTag: revision,
      }),
    );
    pulumi = project.pulumi;
    await project.initStack(stack, {
      repository: `${node.env.REGISTRY}/ssgbay-proof`,
      cache: false,
    });
  });

  afterAll(async () => {
    await project?.stop();
    if (stateDirectory) {
      await timed("node down", () => RealNode.down(stateDirectory));
      await rm(stateDirectory, { recursive: true, force: true });
    }
    if (workDirectory) await rm(workDirectory, { recursive: true, force: true });
    console.log(`image proof timings (s): ${JSON.stringify(timings)}`);
  });

  it("pulumi up builds every target, pushes it under the commit tag and exports it by digest", async () => {
    await timed("pulumi up", () => pulumi.up(stack));
    const outputs = z
      .object({ refs: z.record(z.string(), z.string()), tag: z.string() })
      .parse(await pulumi.stackOutputs(stack));
    expect(outputs.tag).toBe(revision);
    expect(Object.keys(outputs.refs).sort()).toEqual([...APPS].sort());

    const digests = new Set<string>();
    for (const app of APPS) {
      const repository = `ssgbay-proof/${app}`;
      const ref = outputs.refs[app] ?? "";
      expect(ref).toMatch(new RegExp(`^${node.env.REGISTRY}/${repository}@sha256:[0-9a-f]{64}$`));
      const digest = ref.slice(ref.indexOf("@") + 1);
      digests.add(digest);
      const response = await registry.get(`${repository}/manifests/${outputs.tag}`);
      expect(response.status, `${repository}:${outputs.tag}`).toBe(200);
      expect(response.headers.get("docker-content-digest")).toBe(digest);
      const body = Buffer.from(await response.arrayBuffer());
      expect(`sha256:${createHash("sha256").update(body).digest("hex")}`).toBe(digest);
      // The image is the Dockerfile target of that app (IMAGE_BUILDS), for the stack's platform.
      const config = await registry.imageConfig(repository, JSON.parse(body.toString("utf8")));
      expect(config).toMatchObject({
        os: "linux",
        architecture: "amd64",
        config: { Labels: { "org.ssgbay.proof.target": app } },
      });
    }
    expect(digests.size).toBe(APPS.length);
  });

  it("keeps the registry password out of the state in plain text", async () => {
    const { stdout } = await pulumi.run(["stack", "export", "--stack", stack]);
    expect(stdout).not.toContain(node.env.REGISTRY_PASSWORD);
  });

  it("a second preview of the same commit has nothing to change", async () => {
    await timed("preview", () =>
      pulumi.run(["preview", "--stack", stack, "--expect-no-changes", "--diff"]),
    );
  });

  it("with images.cache true, exports each build's registry cache to <repository>/<app>:buildcache", async () => {
    const cacheStack = "proof-cache";
    await project.initStack(cacheStack, {
      repository: `${node.env.REGISTRY}/ssgbay-proof-cache`,
      cache: true,
    });
    await timed("pulumi up (cache)", () => pulumi.up(cacheStack));
    for (const app of APPS) {
      const response = await registry.get(`ssgbay-proof-cache/${app}/manifests/buildcache`);
      expect(response.status, `ssgbay-proof-cache/${app}:buildcache`).toBe(200);
      // mode max, image manifest, OCI media types: an OCI image manifest whose layers are the cache.
      const manifest = z
        .object({ mediaType: z.string(), layers: z.array(z.object({ digest: z.string() })) })
        .parse(await response.json());
      expect(manifest.mediaType).toBe("application/vnd.oci.image.manifest.v1+json");
      expect(manifest.layers.length).toBeGreaterThan(0);
    }
  });
});
