// Part of the test kit: tests that drive real programs (the engine, the real node) run them here.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { z } from "zod";

const run = promisify(execFile);

export interface CommandResult {
  stdout: string;
  stderr: string;
}

/** A command that exited non-zero, with the end of its output in the message. */
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

/** Runs a command to completion; rejects with a CommandError when it exits non-zero. */
export async function runCommand(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<CommandResult> {
  try {
    const child = run(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      timeout: options.timeoutMs ?? 0,
      maxBuffer: 256 * 1024 * 1024,
    });
    if (options.input !== undefined) child.child.stdin?.end(options.input);
    const { stdout, stderr } = await child;
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
