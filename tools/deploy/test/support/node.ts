import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand } from "@ssgbay/database/testing";
import { z } from "zod";

export const deployDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** What `node.sh up` wrote to <state>/node.env. */
export const nodeEnvSchema = z.object({
  KUBECONFIG: z.string(),
  KUBECTL: z.string(),
  DOCKER_HOST: z.string().startsWith("unix://"),
  DOCKER_CONFIG: z.string(),
  DOCKER_BINARY: z.string(),
  REGISTRY: z.string().regex(/^127\.0\.0\.1:\d+$/),
  REGISTRY_USERNAME: z.string(),
  REGISTRY_PASSWORD: z.string().min(16),
  NODE_NAME: z.string(),
  NODE_IP: z.ipv4(),
  POD_CIDR: z.string(),
  SERVICE_CIDR: z.string(),
  DNS_SERVICE_IP: z.ipv4(),
  CLUSTER_DOMAIN: z.string(),
  NODE_IMAGE: z.string(),
  NGINX_IMAGE: z.string(),
  MYSQL_IMAGE: z.string(),
  PAUSE_IMAGE: z.string(),
});
export type NodeEnv = z.infer<typeof nodeEnvSchema>;

async function readEnvFile(file: string): Promise<Record<string, string>> {
  const entries = (await readFile(file, "utf8"))
    .split("\n")
    .filter((line) => line.includes("="))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]);
  return Object.fromEntries(entries);
}

/** A real node brought up by tools/deploy/node.sh, and the clients that talk to it. */
export class RealNode {
  private constructor(
    readonly stateDirectory: string,
    readonly env: NodeEnv,
  ) {}

  static async up(stateDirectory: string): Promise<RealNode> {
    const { stdout } = await runCommand(path.join(deployDirectory, "node.sh"), [
      "up",
      stateDirectory,
    ]);
    const envFile = stdout.trim().split("\n").at(-1) ?? "";
    return new RealNode(stateDirectory, nodeEnvSchema.parse(await readEnvFile(envFile)));
  }

  static async down(stateDirectory: string): Promise<void> {
    await runCommand(path.join(deployDirectory, "node.sh"), ["down", stateDirectory]);
  }

  kubectl(args: readonly string[], input?: string): Promise<{ stdout: string; stderr: string }> {
    return runCommand(this.env.KUBECTL, ["--kubeconfig", this.env.KUBECONFIG, ...args], {
      input,
      timeoutMs: 5 * 60_000,
    });
  }

  /** `kubectl apply` of a list of objects, given as JSON. */
  /**
   * A namespace that enforces the restricted Pod Security level, with the pull secret
   * `registry-credentials` for this node's registry (its pods pull by digest from it).
   */
  async restrictedNamespace(namespace: string): Promise<void> {
    const { REGISTRY, REGISTRY_USERNAME, REGISTRY_PASSWORD } = this.env;
    const auth = Buffer.from(`${REGISTRY_USERNAME}:${REGISTRY_PASSWORD}`).toString("base64");
    await this.apply([
      {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: {
          name: namespace,
          labels: { "pod-security.kubernetes.io/enforce": "restricted" },
        },
      },
    ]);
    await this.apply([
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "registry-credentials", namespace },
        type: "kubernetes.io/dockerconfigjson",
        stringData: { ".dockerconfigjson": JSON.stringify({ auths: { [REGISTRY]: { auth } } }) },
      },
    ]);
  }

  apply(objects: readonly object[]): Promise<{ stdout: string; stderr: string }> {
    return this.kubectl(
      ["apply", "-f", "-"],
      JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }),
    );
  }

  /** Waits until a pod has run to completion; returns its phase and its logs. */
  async podOutcome(
    namespace: string,
    name: string,
    timeoutMs = 180_000,
  ): Promise<{ phase: string; logs: string }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { stdout: phase } = await this.kubectl([
        "-n",
        namespace,
        "get",
        "pod",
        name,
        "-o",
        "jsonpath={.status.phase}",
      ]);
      if (phase === "Succeeded" || phase === "Failed") {
        const { stdout: logs } = await this.kubectl(["-n", namespace, "logs", `pod/${name}`]);
        return { phase, logs };
      }
      if (Date.now() > deadline) {
        const { stdout: description } = await this.kubectl([
          "-n",
          namespace,
          "describe",
          "pod",
          name,
        ]);
        throw new Error(
          `pod ${namespace}/${name} still ${phase} after ${timeoutMs} ms:\n${description}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  docker(args: readonly string[], cwd?: string): Promise<{ stdout: string; stderr: string }> {
    return runCommand(this.env.DOCKER_BINARY, args, {
      cwd,
      timeoutMs: 15 * 60_000,
      env: {
        ...process.env,
        DOCKER_HOST: this.env.DOCKER_HOST,
        DOCKER_CONFIG: this.env.DOCKER_CONFIG,
        DOCKER_BUILDKIT: "1",
      },
    });
  }

  /** Builds an image, pushes it to the local registry, returns `<registry>/<name>@sha256:…`. */
  async buildAndPush(
    name: string,
    context: string,
    buildArgs: Record<string, string> = {},
  ): Promise<string> {
    const local = `ssgbay-test-build/${name}:test`;
    const args = Object.entries(buildArgs).flatMap(([key, value]) => [
      "--build-arg",
      `${key}=${value}`,
    ]);
    await this.docker(["build", "--tag", local, ...args, context]);
    return this.push(local, name);
  }

  /** Pushes a local image as `<registry>/<name>`; returns its digest reference. */
  async push(localImage: string, name: string): Promise<string> {
    const tag = `${this.env.REGISTRY}/${name}:test`;
    await this.docker(["tag", localImage, tag]);
    await this.docker(["push", tag]);
    const { stdout } = await this.docker([
      "image",
      "inspect",
      "--format",
      "{{json .RepoDigests}}",
      tag,
    ]);
    const digests = z.array(z.string()).parse(JSON.parse(stdout));
    const pushed = digests.find((digest) =>
      digest.startsWith(`${this.env.REGISTRY}/${name}@sha256:`),
    );
    if (!pushed) throw new Error(`no digest of ${tag} in the registry: ${stdout}`);
    return pushed;
  }
}
