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

export interface CommandResult {
  stdout: string;
  stderr: string;
}

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | string | undefined,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(
      `${command} exited with ${exitCode}\n--- stdout ---\n${stdout.slice(-8000)}\n--- stderr ---\n${stderr.slice(-8000)}`,
    );
  }
}

const execErrorSchema = z.object({
  code: z.union([z.number(), z.string()]).optional(),
  stdout: z.string().default(""),
  stderr: z.string().default(""),
});

/** Runs a command to completion; rejects with its whole output when it exits non-zero. */
export async function runCommand(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await run(file, args, {
      cwd: options.cwd,
      env: options.env,
      timeout: options.timeoutMs ?? 0,
      maxBuffer: 256 * 1024 * 1024,
    });
    return { stdout, stderr };
  } catch (error) {
    const details = execErrorSchema.safeParse(error);
    if (!details.success) throw error;
    throw new CommandError(
      [path.basename(file), ...args].join(" "),
      details.data.code,
      details.data.stdout,
      details.data.stderr,
    );
  }
}
