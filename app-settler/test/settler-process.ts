import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

export interface SettlerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SettlerProcess {
  child: ChildProcess;
  /** Everything written so far. */
  output(): { stdout: string; stderr: string };
  exited: Promise<SettlerExit>;
}

/**
 * Starts the real entry point from its sources, exactly as `npm start` does, with only the
 * given variables (plus PATH) so the test's own environment cannot leak in.
 */
export function startSettler(args: string[], env: Record<string, string>): SettlerProcess {
  const child = spawn(
    process.execPath,
    ["--conditions=ssgbay-source", "--import", "tsx", "src/main.ts", ...args],
    { cwd: packageDir, env: { PATH: process.env.PATH ?? "", ...env }, stdio: "pipe" },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<SettlerExit>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, output: () => ({ stdout, stderr }), exited };
}

export function runSettler(args: string[], env: Record<string, string>): Promise<SettlerExit> {
  return startSettler(args, env).exited;
}

const runLineSchema = z.strictObject({
  settled: z.number().int().nonnegative(),
  sold: z.number().int().nonnegative(),
  unsold: z.number().int().nonnegative(),
  endingSoon: z.number().int().nonnegative(),
  ms: z.number().int().nonnegative(),
});

/** Every line a run printed on stdout, each checked against the documented shape. */
export function parseRunLines(stdout: string): z.infer<typeof runLineSchema>[] {
  return stdout
    .trim()
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => runLineSchema.parse(JSON.parse(line)));
}
