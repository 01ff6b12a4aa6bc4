// Runs bench/infra/evaluate-stack.ts in a fresh process and parses the line it prints.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { z } from "zod";

const evaluation = z.object({
  ms: z.number(),
  resources: z.number().int(),
  byType: z.record(z.string(), z.number().int()),
});
export type Evaluation = z.infer<typeof evaluation>;

/** `mode`: ["program"], or ["reference", count] for that many no-op resources. */
export async function evaluate(
  repoRoot: string,
  stack: string,
  mode: string[],
): Promise<Evaluation> {
  const child = spawn(
    process.execPath,
    [
      "--conditions=ssgbay-source",
      "--import",
      "tsx",
      join(repoRoot, "bench/infra/evaluate-stack.ts"),
      stack,
      ...mode,
    ],
    { cwd: repoRoot, env: { PATH: process.env.PATH }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-3_000);
  });
  const killer = setTimeout(() => child.kill("SIGKILL"), 180_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(killer);
  const line = stdout.trim().split("\n").at(-1);
  if (code !== 0 || !line) {
    throw new Error(`evaluating ${stack} (${mode.join(" ")}) exited ${code}: ${stderr.trim()}`);
  }
  return evaluation.parse(JSON.parse(line));
}
