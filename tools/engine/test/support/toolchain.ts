import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { z } from "zod";

const run = promisify(execFile);

export const repositoryRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../..",
);
export const engineDirectory = path.join(repositoryRoot, "tools", "engine");

const toolchainSchema = z.object({
  PULUMI_VERSION: z.string(),
  PULUMI_BIN_DIR: z.string(),
  LANGUAGE_HOST_DIR: z.string(),
  KUBERNETES_PROVIDER_DIR: z.string(),
  KUBERNETES_VERSION: z.string(),
  KUBERNETES_BIN_DIR: z.string(),
  CONTROL_PLANE_SCRIPT: z.string(),
  CERT_MANAGER_VERSION: z.string(),
  CERT_MANAGER_CONTROLLER_DIR: z.string(),
});
export type Toolchain = z.infer<typeof toolchainSchema>;

/** Where build-toolchain.sh put everything; fails with its message when something is missing. */
export async function locateToolchain(): Promise<Toolchain> {
  const { stdout } = await run(path.join(engineDirectory, "toolchain-env.sh"));
  const entries = stdout
    .split("\n")
    .filter((line) => line.includes("="))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]);
  return toolchainSchema.parse(Object.fromEntries(entries));
}

/** BUILD-INFO of a built component (module version, and a note when it differs from the pin). */
export async function buildInfo(directory: string): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  return readFile(path.join(directory, "BUILD-INFO"), "utf8").catch(() => "");
}

export { CommandError, type CommandResult, runCommand } from "@ssgbay/database/testing";
