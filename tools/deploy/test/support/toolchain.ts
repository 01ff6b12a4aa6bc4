import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { z } from "zod";
import { deployDirectory } from "./node.js";

const deployToolchainSchema = z.object({
  PULUMI_BIN_DIR: z.string(),
  LANGUAGE_HOST_DIR: z.string(),
  PULUMI_DOCKER_BUILD_DIR: z.string(),
  BUILDKIT_BIN_DIR: z.string(),
});
export type DeployToolchain = z.infer<typeof deployToolchainSchema>;

/** Where build-toolchain.sh put the Pulumi CLI and providers; fails naming what is missing. */
export async function locateDeployToolchain(): Promise<DeployToolchain> {
  const { stdout } = await promisify(execFile)(path.join(deployDirectory, "toolchain-env.sh"));
  const entries = stdout
    .split("\n")
    .filter((line) => line.includes("="))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]);
  return deployToolchainSchema.parse(Object.fromEntries(entries));
}
