import { randomBytes } from "node:crypto";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PulumiCli, pulumiCliEnvironment } from "../../../engine/test/support/pulumi-cli.js";
import { BuildKitDaemon } from "./buildkit.js";
import type { RealNode } from "./node.js";
import type { DeployToolchain } from "./toolchain.js";

export const repositoryRoot = fileURLToPath(new URL("../../../..", import.meta.url));
const program = fileURLToPath(new URL("../fixtures/image-program", import.meta.url));

/** One stack of the fixture program: where it pushes, and what it builds. */
export interface ImageStack {
  /** `<registry>/<path>`: the images are `<repository>/<app>`. */
  repository: string;
  cache: boolean;
  /** The build context (and Dockerfile directory); unset, fixtures/image-context. */
  context?: string;
  buildArgs?: Readonly<Record<string, string>>;
}

/**
 * A throwaway Pulumi project around fixtures/image-program (the product's AppImages), run by the
 * real CLI with a file backend, building through a host buildkitd registered as the only buildx
 * builder of an otherwise empty Docker config: the push authenticates with the component's own
 * credentials.
 */
export class ImageProject {
  private constructor(
    readonly pulumi: PulumiCli,
    readonly buildkit: BuildKitDaemon,
    private readonly node: RealNode,
  ) {}

  static async create(options: {
    node: RealNode;
    toolchain: DeployToolchain;
    workDirectory: string;
    builderName: string;
    /** SSGBAY_IMAGE_TAG, as CI sets it: the commit the images are built from. */
    imageTag: string;
  }): Promise<ImageProject> {
    const { node, toolchain, workDirectory } = options;
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
    const dockerConfig = path.join(workDirectory, "docker-config");
    await Promise.all([mkdir(pulumiHome), mkdir(backend), mkdir(dockerConfig)]);
    const buildkit = await BuildKitDaemon.start(
      path.join(toolchain.BUILDKIT_BIN_DIR, "buildkitd"),
      workDirectory,
    );
    try {
      // The only builder the provider finds (it ignores Docker's own): what setup-buildx-action
      // leaves on a CI runner, here a remote one.
      await buildkit.registerBuilder(dockerConfig, options.builderName);
    } catch (error) {
      await buildkit.stop();
      throw error;
    }
    const pulumi = new PulumiCli(
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
          SSGBAY_IMAGE_TAG: options.imageTag,
        },
      ),
    );
    return new ImageProject(pulumi, buildkit, node);
  }

  /** Creates a stack of the fixture program pushing to the node's registry with its credentials. */
  async initStack(name: string, stack: ImageStack): Promise<void> {
    const { env } = this.node;
    await this.pulumi.run(["stack", "init", name, "--secrets-provider", "passphrase"]);
    const set = (key: string, value: string, options: { secret?: boolean; path?: boolean } = {}) =>
      this.pulumi.setConfig(name, `proof:${key}`, value, options);
    await set("repository", stack.repository);
    await set("cache", String(stack.cache));
    await set("registryServer", env.REGISTRY);
    await set("registryUsername", env.REGISTRY_USERNAME);
    await set("registryPassword", env.REGISTRY_PASSWORD, { secret: true });
    if (stack.context) await set("context", stack.context);
    for (const [key, value] of Object.entries(stack.buildArgs ?? {})) {
      await set(`buildArgs.${key}`, value, { path: true });
    }
  }

  stop(): Promise<void> {
    return this.buildkit.stop();
  }
}
