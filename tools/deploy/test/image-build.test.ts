import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand } from "@ssgbay/database/testing";
import { APPS } from "@ssgbay/infra/components/images";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { PulumiCli, pulumiCliEnvironment } from "../../engine/test/support/pulumi-cli.js";
import { BuildKitDaemon } from "./support/buildkit.js";
import { RealNode } from "./support/node.js";
import { locateDeployToolchain } from "./support/toolchain.js";

const repositoryRoot = fileURLToPath(new URL("../../..", import.meta.url));
const program = fileURLToPath(new URL("./fixtures/image-program", import.meta.url));
const stack = "proof";
/** An image manifest, or an index of them (BuildKit may add attestation manifests). */
const manifestSchema = z.object({
  manifests: z
    .array(
      z.object({
        digest: z.string(),
        platform: z.object({ os: z.string(), architecture: z.string() }).optional(),
      }),
    )
    .optional(),
  config: z.object({ digest: z.string() }).optional(),
});
const imageConfigSchema = z.object({
  os: z.string(),
  architecture: z.string(),
  config: z.object({ Labels: z.record(z.string(), z.string()).optional() }),
});
/** What a registry may store for one pushed image: a single manifest or an index of them. */
const manifestTypes = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
];

describe("the product's image component through the real engine (@pulumi/docker-build)", () => {
  let stateDirectory: string;
  let workDirectory: string;
  let node: RealNode;
  let buildkit: BuildKitDaemon | undefined;
  let pulumi: PulumiCli;
  let revision: string;
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, step: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await step();
    } finally {
      timings[name] = (Date.now() - started) / 1000;
    }
  };

  beforeAll(async () => {
    const toolchain = await locateDeployToolchain();
    stateDirectory = await mkdtemp(path.join(tmpdir(), "ssgbay-deploy-"));
    workDirectory = await mkdtemp(path.join(tmpdir(), "ssgbay-image-proof-"));
    node = await timed("node up", () => RealNode.up(stateDirectory));

    // A throwaway project around the fixture program, resolving packages from the repository.
    const projectDirectory = path.join(workDirectory, "project");
    await mkdir(projectDirectory);
    await writeFile(
      path.join(projectDirectory, "Pulumi.yaml"),
      [
        "name: ssgbay-image-proof",
        "runtime:",
        "  name: nodejs",
        "  options:",
        "    typescript: false",
        '    nodeargs: "--import=tsx --conditions=ssgbay-source"',
        "main: program/index.ts",
        "",
      ].join("\n"),
    );
    await symlink(program, path.join(projectDirectory, "program"));
    for (const entry of ["node_modules", "package.json"]) {
      await symlink(path.join(repositoryRoot, entry), path.join(projectDirectory, entry));
    }
    const pulumiHome = path.join(workDirectory, "pulumi-home");
    const backend = path.join(workDirectory, "state");
    // An empty Docker config: the push must authenticate with the component's own credentials.
    const dockerConfig = path.join(workDirectory, "docker-config");
    await Promise.all([mkdir(pulumiHome), mkdir(backend), mkdir(dockerConfig)]);
    buildkit = await timed("buildkitd up", () =>
      BuildKitDaemon.start(path.join(toolchain.BUILDKIT_BIN_DIR, "buildkitd"), workDirectory),
    );
    // The only builder the provider finds (it ignores Docker's own): what setup-buildx-action
    // leaves on a CI runner, here a remote one.
    await buildkit.registerBuilder(dockerConfig, "ssgbay-proof");
    revision = (
      await runCommand("git", ["-C", repositoryRoot, "rev-parse", "--short=12", "HEAD"])
    ).stdout.trim();
    pulumi = new PulumiCli(
      path.join(toolchain.PULUMI_BIN_DIR, "pulumi"),
      projectDirectory,
      pulumiCliEnvironment(
        {
          // The provider is found on PATH (no plugin download: GitHub is unreachable here).
          binDirectories: [
            toolchain.PULUMI_BIN_DIR,
            toolchain.LANGUAGE_HOST_DIR,
            toolchain.PULUMI_DOCKER_BUILD_DIR,
          ],
          home: workDirectory,
          pulumiHome,
          stateDirectory: backend,
          passphrase: randomBytes(18).toString("base64url"),
        },
        {
          DOCKER_HOST: node.env.DOCKER_HOST,
          DOCKER_CONFIG: dockerConfig,
          // What CI sets: the commit the images are built from.
          SSGBAY_IMAGE_TAG: revision,
        },
      ),
    );
    await pulumi.run(["stack", "init", stack, "--secrets-provider", "passphrase"]);
    await configureStack(stack, "ssgbay-proof", false);
  });

  /** The fixture program's config: where to push, with which credentials, with or without cache. */
  const configureStack = async (name: string, path: string, cache: boolean) => {
    await pulumi.setConfig(name, "proof:repository", `${node.env.REGISTRY}/${path}`);
    await pulumi.setConfig(name, "proof:cache", String(cache));
    await pulumi.setConfig(name, "proof:registryServer", node.env.REGISTRY);
    await pulumi.setConfig(name, "proof:registryUsername", node.env.REGISTRY_USERNAME);
    await pulumi.setConfig(name, "proof:registryPassword", node.env.REGISTRY_PASSWORD, {
      secret: true,
    });
  };

  afterAll(async () => {
    await buildkit?.stop();
    if (stateDirectory) {
      await timed("node down", () => RealNode.down(stateDirectory));
      await rm(stateDirectory, { recursive: true, force: true });
    }
    if (workDirectory) await rm(workDirectory, { recursive: true, force: true });
    console.log(`image proof timings (s): ${JSON.stringify(timings)}`);
  });

  /** The registry's HTTP API on loopback, with the node's htpasswd credentials. */
  const registryGet = (path: string) =>
    fetch(`http://${node.env.REGISTRY}/v2/${path}`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${node.env.REGISTRY_USERNAME}:${node.env.REGISTRY_PASSWORD}`).toString("base64")}`,
        accept: manifestTypes.join(", "),
      },
    });
  /** The image config a manifest (or an index's linux/amd64 entry) points to. */
  const imageConfig = async (repository: string, manifest: unknown) => {
    const parsed = manifestSchema.parse(manifest);
    if (parsed.manifests) {
      const entry = parsed.manifests.find(
        (candidate) =>
          candidate.platform?.os === "linux" && candidate.platform.architecture === "amd64",
      );
      if (!entry) throw new Error(`no linux/amd64 manifest in ${JSON.stringify(manifest)}`);
      const response = await registryGet(`${repository}/manifests/${entry.digest}`);
      return imageConfig(repository, await response.json());
    }
    if (!parsed.config)
      throw new Error(`neither index nor image manifest: ${JSON.stringify(manifest)}`);
    const response = await registryGet(`${repository}/blobs/${parsed.config.digest}`);
    return imageConfigSchema.parse(await response.json());
  };

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
      const response = await registryGet(`${repository}/manifests/${outputs.tag}`);
      expect(response.status, `${repository}:${outputs.tag}`).toBe(200);
      expect(response.headers.get("docker-content-digest")).toBe(digest);
      const body = Buffer.from(await response.arrayBuffer());
      expect(`sha256:${createHash("sha256").update(body).digest("hex")}`).toBe(digest);
      // The image is the Dockerfile target of that app (IMAGE_BUILDS), for the stack's platform.
      const config = await imageConfig(repository, JSON.parse(body.toString("utf8")));
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
    await pulumi.run(["stack", "init", cacheStack, "--secrets-provider", "passphrase"]);
    await configureStack(cacheStack, "ssgbay-proof-cache", true);
    await timed("pulumi up (cache)", () => pulumi.up(cacheStack));
    for (const app of APPS) {
      const response = await registryGet(`ssgbay-proof-cache/${app}/manifests/buildcache`);
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
