import { createHash, randomBytes } from "node:crypto";
import { copyFile, mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { FakeMetalLb } from "../fake-metallb.js";
import { KubeApi } from "./kube-api.js";
import { PulumiCli, pulumiCliEnvironment } from "./pulumi-cli.js";
import {
  buildInfo,
  engineDirectory,
  locateToolchain,
  repositoryRoot,
  runCommand,
  type Toolchain,
} from "./toolchain.js";

const fixturesDirectory = path.join(engineDirectory, "test", "fixtures");

/** A digest-pinned reference; nothing pulls it (kwok runs no containers). */
export function imageRef(app: string, revision: number): string {
  const digest = createHash("sha256").update(`${app}:${revision}`).digest("hex");
  return `ghcr.io/ssgbay/ssgbay-${app}@sha256:${digest}`;
}

/** The images the program runs (the three apps and the off-cluster backup's) at one revision. */
export function appImages(revision: number) {
  return {
    api: imageRef("api", revision),
    web: imageRef("web", revision),
    settler: imageRef("settler", revision),
    backup: imageRef("backup", revision),
  };
}

export interface StackSecrets {
  /** In-cluster MySQL only (config refuses it with mysql.mode external). */
  mysqlRootPassword?: string;
  /** In-cluster MySQL only: the metrics sidecar's account. */
  mysqlExporterPassword?: string;
  mysqlPassword: string;
  jwtSecret: string;
}

/**
 * Everything the lifecycle test runs against: the control plane (kwokctl, loopback), MetalLB's
 * CRDs and the fake MetalLB controller, and a throwaway copy of the Pulumi project whose
 * program directory links to the repository's infra/ (so the repository's stack files are
 * never written: `stack init` and `config set` change only the copy).
 */
export class EngineContext {
  private constructor(
    readonly toolchain: Toolchain,
    readonly workDirectory: string,
    readonly kubeconfig: string,
    readonly api: KubeApi,
    readonly metallb: FakeMetalLb,
    readonly pulumi: PulumiCli,
    readonly providerBuildInfo: string,
  ) {}

  static async start(): Promise<EngineContext> {
    const toolchain = await locateToolchain();
    const workDirectory = await mkdtemp(path.join(os.tmpdir(), "ssgbay-engine-"));
    const { stdout } = await runCommand(toolchain.CONTROL_PLANE_SCRIPT, [
      "up",
      path.join(workDirectory, "control-plane"),
    ]);
    const kubeconfig = stdout.trim().split("\n").at(-1) ?? "";
    const api = await KubeApi.fromKubeconfig(kubeconfig);

    const kubectl = path.join(toolchain.KUBERNETES_BIN_DIR, "kubectl");
    await runCommand(kubectl, [
      "--kubeconfig",
      kubeconfig,
      "apply",
      "-f",
      path.join(fixturesDirectory, "metallb-crds.yaml"),
    ]);
    await runCommand(kubectl, [
      "--kubeconfig",
      kubeconfig,
      "wait",
      "--for=condition=Established",
      "crd/ipaddresspools.metallb.io",
      "crd/l2advertisements.metallb.io",
      "--timeout=60s",
    ]);
    const metallb = new FakeMetalLb(api);
    metallb.start();

    const pulumi = await createProject(
      toolchain,
      workDirectory,
      "project",
      kubeconfig,
      path.join(repositoryRoot, "Pulumi.dev.yaml"),
    );
    return new EngineContext(
      toolchain,
      workDirectory,
      kubeconfig,
      api,
      metallb,
      pulumi,
      await buildInfo(toolchain.KUBERNETES_PROVIDER_DIR),
    );
  }

  /**
   * A second project copy with its own state backend and a copy of the dev stack's current
   * config: the same stack name and config as the deployed `dev`, so what it renders is what
   * `dev` deployed.
   */
  async copyOfDevProject(name: string): Promise<PulumiCli> {
    return createProject(
      this.toolchain,
      this.workDirectory,
      name,
      this.kubeconfig,
      path.join(this.pulumi.projectDirectory, "Pulumi.dev.yaml"),
      this.pulumi.env.PULUMI_CONFIG_PASSPHRASE,
    );
  }

  kubectl(args: readonly string[]) {
    return runCommand(path.join(this.toolchain.KUBERNETES_BIN_DIR, "kubectl"), [
      "--kubeconfig",
      this.kubeconfig,
      ...args,
    ]);
  }

  /**
   * Creates a stack from the copied Pulumi.dev.yaml with the overrides a cluster without
   * Docker or internet needs: images from digest-pinned refs (no build), MetalLB already
   * installed (CRDs from the fixture), and every password given as a config secret.
   */
  async initDevStack(stack: string, images: ReturnType<typeof appImages>, secrets: StackSecrets) {
    if (stack !== "dev") {
      await copyFile(
        path.join(this.pulumi.projectDirectory, "Pulumi.dev.yaml"),
        path.join(this.pulumi.projectDirectory, `Pulumi.${stack}.yaml`),
      );
    }
    await this.pulumi.run(["stack", "init", stack, "--secrets-provider", "passphrase"]);
    await this.pulumi.run(["config", "rm", "--stack", stack, "ssgbay:images"]);
    await this.pulumi.setConfig(stack, "ssgbay:images.source", "refs", { path: true });
    for (const [app, ref] of Object.entries(images)) {
      await this.pulumi.setConfig(stack, `ssgbay:images.${app}`, ref, { path: true });
    }
    await this.pulumi.setConfig(stack, "ssgbay:metallb.install", "false", { path: true });
    for (const [key, value] of Object.entries(secrets)) {
      await this.pulumi.setConfig(stack, `ssgbay:${key}`, value, { secret: true });
    }
  }

  async stop(): Promise<void> {
    await this.metallb.stop();
    this.api.close();
    await runCommand(this.toolchain.CONTROL_PLANE_SCRIPT, [
      "down",
      path.join(this.workDirectory, "control-plane"),
    ]);
    if (!process.env.SSGBAY_ENGINE_KEEP_WORKDIR)
      await rm(this.workDirectory, { recursive: true, force: true });
  }
}

/** A throwaway project directory: copied stack files, the program linked from the repository. */
async function createProject(
  toolchain: Toolchain,
  workDirectory: string,
  name: string,
  kubeconfig: string,
  devStackFile: string,
  passphrase: string = randomBytes(18).toString("base64url"),
): Promise<PulumiCli> {
  const projectDirectory = path.join(workDirectory, name);
  await mkdir(projectDirectory);
  await copyFile(
    path.join(repositoryRoot, "Pulumi.yaml"),
    path.join(projectDirectory, "Pulumi.yaml"),
  );
  await copyFile(devStackFile, path.join(projectDirectory, "Pulumi.dev.yaml"));
  for (const entry of ["infra", "node_modules", "package.json"]) {
    await symlink(path.join(repositoryRoot, entry), path.join(projectDirectory, entry));
  }
  const pulumiHome = path.join(workDirectory, `${name}-pulumi-home`);
  const stateDirectory = path.join(workDirectory, `${name}-state`);
  await mkdir(pulumiHome);
  await mkdir(stateDirectory);
  const env = pulumiCliEnvironment(
    {
      binDirectories: [
        toolchain.PULUMI_BIN_DIR,
        toolchain.LANGUAGE_HOST_DIR,
        toolchain.KUBERNETES_PROVIDER_DIR,
      ],
      home: workDirectory,
      pulumiHome,
      stateDirectory,
      passphrase,
    },
    { KUBECONFIG: kubeconfig },
  );
  return new PulumiCli(path.join(toolchain.PULUMI_BIN_DIR, "pulumi"), projectDirectory, env);
}
