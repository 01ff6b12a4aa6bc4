import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { IMAGE_TAG_VARIABLE, resolveImageTag } from "../components/image-tag.js";
import {
  APPS,
  AppImages,
  buildCacheRef,
  declaredBuildArgs,
  IMAGE_BUILDS,
} from "../components/images.js";
import { REF_IMAGES } from "./support/config-problems.js";
import { find, kubeObjects, podTemplates } from "./support/kube-objects.js";
import { fakeDigestRef, MockCluster, plainStrings, unwrapSecrets } from "./support/mock-cluster.js";
import { runProgram, runUnderMocks, settle, TEST_COMMIT } from "./support/run-program.js";
import { scratchDirectory } from "./support/scratch.js";
import { REPOSITORY_ROOT, readStackConfig, toPulumiConfig } from "./support/stack-files.js";

const secrets = { "ssgbay:registryPassword": "registry-token-for-tests" };
const secretKeys = Object.keys(secrets);
const dev = (extra: Record<string, unknown> = {}) => ({
  ...readStackConfig("dev"),
  ...secrets,
  ...toPulumiConfig(extra),
});
const devImages = { source: "build", repository: "ghcr.io/ssgbay/ssgbay", platform: "linux/amd64" };

type ImageInputs = {
  tags: string[];
  target: string;
  platforms: string[];
  push: boolean;
  buildOnPreview: boolean;
  context: { location: string };
  dockerfile: { location: string };
  cacheFrom: { registry: { ref: string } }[];
  cacheTo: { registry: { ref: string; mode: string } }[];
  registries: unknown;
  buildArgs?: Record<string, string>;
};
const imageInputs = (run: Awaited<ReturnType<typeof runProgram>>) =>
  Object.fromEntries(
    run.resources
      .filter((resource) => resource.type === "docker-build:index:Image")
      .map((resource) => [resource.name, resource.inputs as unknown as ImageInputs]),
  );

describe("built images (images.source build, @pulumi/docker-build)", () => {
  it("builds and pushes api, web, settler and backup, tagged with the commit CI passes", async () => {
    const run = await runProgram("dev", dev(), { secretKeys });
    const images = imageInputs(run);
    expect(Object.keys(images).sort()).toEqual([...APPS].sort());
    for (const app of APPS) {
      const image = images[app];
      expect(image?.tags).toEqual([`ghcr.io/ssgbay/ssgbay/${app}:${TEST_COMMIT}`]);
      expect(image?.target).toBe(IMAGE_BUILDS[app].target);
      expect(image?.platforms).toEqual(["linux/amd64"]);
      expect(image?.push).toBe(true);
      expect(image?.buildOnPreview).toBe(false);
      expect(image?.context.location).toBe(REPOSITORY_ROOT);
      expect(image?.dockerfile.location).toBe(path.join(REPOSITORY_ROOT, "Dockerfile"));
      // The product builds FROM the Dockerfile's defaults: the official bases.
      expect(image?.buildArgs).toBeUndefined();
      expect(unwrapSecrets(image?.registries)).toEqual([
        { address: "ghcr.io", username: "ssgbay-ci", password: secrets["ssgbay:registryPassword"] },
      ]);
    }
    // The registry token reaches the provider only as a secret.
    for (const resource of run.resources) {
      expect(plainStrings(resource.inputs)).not.toContain(secrets["ssgbay:registryPassword"]);
    }
    // What runs (and what staging promotes) is the pushed digest, without the tag.
    expect(run.outputs.images).toEqual(
      Object.fromEntries(APPS.map((app) => [app, fakeDigestRef(`ghcr.io/ssgbay/ssgbay/${app}`)])),
    );
  });

  it("reads and writes BuildKit's registry cache under the repository, one cache ref per app", async () => {
    const images = imageInputs(await runProgram("dev", dev(), { secretKeys }));
    for (const app of APPS) {
      const ref = buildCacheRef("ghcr.io/ssgbay/ssgbay", app);
      expect(ref).toBe(`ghcr.io/ssgbay/ssgbay/${app}:buildcache`);
      expect(images[app]?.cacheFrom).toEqual([{ registry: { ref } }]);
      expect(images[app]?.cacheTo).toEqual([
        { registry: { ref, mode: "max", imageManifest: true, ociMediaTypes: true } },
      ]);
    }
    const uncached = imageInputs(
      await runProgram("dev", dev({ "ssgbay:images": { ...devImages, cache: false } }), {
        secretKeys,
      }),
    );
    for (const app of APPS) {
      expect(uncached[app]?.cacheFrom).toEqual([]);
      expect(uncached[app]?.cacheTo).toEqual([]);
    }
  });

  it("uses images.tag when it is set, latest only so", async () => {
    const run = await runProgram("dev", dev({ "ssgbay:images": { ...devImages, tag: "latest" } }), {
      secretKeys,
    });
    for (const image of Object.values(imageInputs(run)))
      expect(image.tags).toEqual([expect.stringMatching(/:latest$/)]);
  });

  it("refuses an SSGBAY_IMAGE_TAG that is no Docker tag, naming the variable", async () => {
    await expect(
      runProgram("dev", dev(), { secretKeys, environment: { [IMAGE_TAG_VARIABLE]: "feature/x" } }),
    ).rejects.toThrow(`${IMAGE_TAG_VARIABLE}: must be a Docker tag`);
  });

  it("runs the backup CronJob from the built backup image, with the registry's pull secret", async () => {
    const run = await runProgram(
      "dev",
      dev({
        "ssgbay:backup": { offsite: { endpoint: "https://s3.example.test", bucket: "ssgbay-dev" } },
        "ssgbay:backupAccessKeyId": "AKIATESTKEY0123",
        "ssgbay:backupSecretAccessKey": "s3cr3t-key-0123456789",
      }),
      { secretKeys: [...secretKeys, "ssgbay:backupAccessKeyId", "ssgbay:backupSecretAccessKey"] },
    );
    const [backup] = podTemplates([find(kubeObjects(run.resources), "CronJob", "backup")]);
    expect(backup?.template.spec.containers[0]?.image).toBe(
      fakeDigestRef("ghcr.io/ssgbay/ssgbay/backup"),
    );
    expect(backup?.template.spec.imagePullSecrets).toEqual([{ name: "registry-credentials" }]);
  });
});

describe("build args (AppImages buildArgs: bases from another registry)", () => {
  /** AppImages on its own, building the repository's Dockerfile with these build args. */
  const buildWith = (buildArgs: Record<string, string>) =>
    runUnderMocks("dev", {}, {}, new MockCluster(), async () => {
      const images = new AppImages("images", {
        images: {
          source: "build",
          repository: devImages.repository,
          platform: "linux/amd64",
          cache: false,
        },
        registry: { server: "ghcr.io", username: "ssgbay-ci" },
        registryPassword: pulumi.secret("registry-token-for-tests"),
        repositoryRoot: REPOSITORY_ROOT,
        tagFromEnvironment: TEST_COMMIT,
        promoted: undefined,
        buildArgs,
      });
      return { refs: await settle(images.refs) };
    });

  it("the root Dockerfile takes its three bases as ARGs", () => {
    const dockerfile = readFileSync(path.join(REPOSITORY_ROOT, "Dockerfile"), "utf8");
    expect([...declaredBuildArgs(dockerfile)].sort()).toEqual([
      "BACKUP_IMAGE",
      "NGINX_IMAGE",
      "NODE_IMAGE",
    ]);
    expect([...declaredBuildArgs("FROM scratch\narg A=1 B\n  ARG C\nRUN echo ARG D\n")]).toEqual([
      "A",
      "B",
      "C",
    ]);
  });

  it("passes the same build args to every build", async () => {
    const buildArgs = {
      NODE_IMAGE: `127.0.0.1:5000/base/node@sha256:${"a".repeat(64)}`,
      NGINX_IMAGE: `127.0.0.1:5000/base/nginx@sha256:${"b".repeat(64)}`,
      BACKUP_IMAGE: `127.0.0.1:5000/base/node@sha256:${"a".repeat(64)}`,
      HTTPS_PROXY: "http://proxy.example.test:3128",
    };
    const run = await buildWith(buildArgs);
    const images = imageInputs(run);
    expect(Object.keys(images).sort()).toEqual([...APPS].sort());
    for (const app of APPS) expect(images[app]?.buildArgs, app).toEqual(buildArgs);
    expect(run.outputs.refs).toEqual(
      Object.fromEntries(APPS.map((app) => [app, fakeDigestRef(`ghcr.io/ssgbay/ssgbay/${app}`)])),
    );
  });

  it("refuses a build arg the Dockerfile does not declare, or an empty one, naming each", async () => {
    await expect(buildWith({ NODE_IMAGES: "node:20", NGINX_IMAGE: "" })).rejects.toThrow(
      [
        `AppImages buildArgs.NODE_IMAGES: no ARG NODE_IMAGES in ${path.join(REPOSITORY_ROOT, "Dockerfile")} (declared: NODE_IMAGE, NGINX_IMAGE, BACKUP_IMAGE)`,
        "AppImages buildArgs.NGINX_IMAGE: must not be empty",
      ].join("\n"),
    );
  });
});

describe("promoted images (images.source stackReference, refs)", () => {
  const promoted = Object.fromEntries(
    APPS.map((app) => [app, fakeDigestRef(`ghcr.io/ssgbay/ssgbay/${app}-tested`)]),
  );

  it("refuses a previous stack that exported no backup image, naming the key", async () => {
    const { backup: _, ...withoutBackup } = promoted;
    await expect(
      runProgram("staging", readStackConfig("staging"), {
        stackOutputs: { "organization/ssgbay/dev": { images: withoutBackup } },
      }),
    ).rejects.toThrow(
      'ssgbay:images.stack: stack organization/ssgbay/dev output "images" must be {api, web, settler, backup} digest refs: backup: Invalid input: expected string, received undefined',
    );
  });

  it("a private registry: every pod that pulls from it references the dockerconfigjson pull secret", async () => {
    const registrySecret = { "ssgbay:registryPassword": "pull-only-token" };
    const run = await runProgram(
      "staging",
      {
        ...readStackConfig("staging"),
        ...toPulumiConfig({
          "ssgbay:registry": { server: "ghcr.io", username: "ssgbay-pull" },
          "ssgbay:backup": { offsite: { endpoint: "https://s3.example.test", bucket: "b-stg" } },
          "ssgbay:backupAccessKeyId": "AKIATESTKEY0123",
          "ssgbay:backupSecretAccessKey": "s3cr3t-key-0123456789",
        }),
        ...registrySecret,
      },
      {
        secretKeys: [
          ...Object.keys(registrySecret),
          "ssgbay:backupAccessKeyId",
          "ssgbay:backupSecretAccessKey",
        ],
        stackOutputs: { "organization/ssgbay/dev": { images: promoted } },
      },
    );
    const objects = kubeObjects(run.resources);
    const secret = find(objects, "Secret", "registry-credentials");
    expect(secret.manifest.type).toBe("kubernetes.io/dockerconfigjson");
    for (const resource of run.resources) {
      for (const value of plainStrings(resource.inputs))
        expect(value).not.toContain("pull-only-token");
    }
    const dockerConfig = JSON.parse(
      String((secret.manifest.stringData as Record<string, string>)[".dockerconfigjson"]),
    );
    expect(dockerConfig.auths["ghcr.io"]).toMatchObject({
      username: "ssgbay-pull",
      password: "pull-only-token",
    });
    const pulling = podTemplates(objects).filter(({ template }) =>
      template.spec.containers.some((container) => String(container.image).startsWith("ghcr.io/")),
    );
    expect(pulling.map(({ object }) => `${object.kind} ${object.name}`).sort()).toEqual([
      "CronJob backup",
      "CronJob settler",
      "Deployment api",
      "Deployment web",
    ]);
    for (const { object, template } of pulling) {
      expect(template.spec.imagePullSecrets, `${object.kind} ${object.name}`).toEqual([
        { name: "registry-credentials" },
      ]);
    }
  });

  it("refs: all four digests are required, the backup image's too", async () => {
    const { backup: _, ...withoutBackup } = REF_IMAGES;
    await expect(
      runProgram("staging", {
        ...readStackConfig("staging"),
        ...toPulumiConfig({ "ssgbay:images": withoutBackup }),
      }),
    ).rejects.toThrow("ssgbay:images.backup: is required");
  });
});

describe("the default tag: the commit the images are built from", () => {
  const repository = () => {
    const dir = scratchDirectory("image-tag");
    const git = (...args: string[]) =>
      execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" }).trim();
    git("init", "--quiet");
    git("config", "user.email", "ci@example.test");
    git("config", "user.name", "ci");
    writeFileSync(path.join(dir, "Dockerfile"), "FROM scratch\n");
    git("add", "Dockerfile");
    git("commit", "--quiet", "-m", "first");
    return { dir, revision: git("rev-parse", "--short=12", "HEAD") };
  };
  const sources = (dir: string, dryRun: boolean) => ({
    configured: undefined,
    environment: undefined,
    repositoryRoot: dir,
    dryRun,
  });

  it("is HEAD's 12-digit commit on a clean tree", () => {
    const { dir, revision } = repository();
    expect(revision).toMatch(/^[0-9a-f]{12}$/);
    expect(resolveImageTag(sources(dir, false))).toEqual({ tag: revision });
  });

  it("is refused for pulumi up on a tree with uncommitted changes; preview warns and shows -dirty", () => {
    const { dir, revision } = repository();
    writeFileSync(path.join(dir, "Dockerfile"), "FROM scratch\nLABEL changed=1\n");
    expect(() => resolveImageTag(sources(dir, false))).toThrow(
      /ssgbay:images\.tag: the working tree of .* has uncommitted changes/,
    );
    const preview = resolveImageTag(sources(dir, true));
    expect(preview.tag).toBe(`${revision}-dirty`);
    expect(preview.warning).toMatch(/^ssgbay:images\.tag: /);
    // An explicit tag or CI's variable wins over the tree's state.
    expect(resolveImageTag({ ...sources(dir, false), configured: "hotfix-1" })).toEqual({
      tag: "hotfix-1",
    });
    expect(resolveImageTag({ ...sources(dir, false), environment: "abcdef012345" })).toEqual({
      tag: "abcdef012345",
    });
  });

  it("outside a git checkout, names the key and the variable to set", () => {
    expect(() => resolveImageTag(sources(scratchDirectory("no-git"), false))).toThrow(
      /ssgbay:images\.tag: is unset and the git revision of .* cannot be read .*; set it, or SSGBAY_IMAGE_TAG/,
    );
  });
});
