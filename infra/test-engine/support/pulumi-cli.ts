import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { runCommand } from "./toolchain.js";

/** `pulumi preview --json` (the CLI's PreviewDigest), the parts the test reads. */
export const previewDigestSchema = z.object({
  steps: z
    .array(
      z.object({
        op: z.string(),
        urn: z.string(),
        newState: z
          .object({ type: z.string(), inputs: z.record(z.string(), z.unknown()).optional() })
          .optional(),
        oldState: z.object({ type: z.string() }).optional(),
        diffReasons: z.array(z.string()).optional(),
        replaceReasons: z.array(z.string()).optional(),
      }),
    )
    .default([]),
  diagnostics: z
    .array(z.object({ message: z.string().optional(), severity: z.string().optional() }))
    .default([]),
  changeSummary: z.record(z.string(), z.number()).default({}),
});
export type PreviewDigest = z.infer<typeof previewDigestSchema>;

/** Engine events (`--event-log`) about policy packs. */
const engineEventSchema = z
  .object({
    policyEvent: z
      .object({
        policyName: z.string(),
        policyPackName: z.string(),
        enforcementLevel: z.string(),
        message: z.string(),
      })
      .optional(),
    policyLoadEvent: z.object({}).passthrough().optional(),
    policyAnalyzeSummaryEvent: z
      .object({
        policyPackName: z.string(),
        passed: z.array(z.string()).default([]),
        failed: z.array(z.string()).default([]),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();
export type EngineEvent = z.infer<typeof engineEventSchema>;

export async function readEventLog(file: string): Promise<EngineEvent[]> {
  const text = await readFile(file, "utf8");
  return text
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line) => engineEventSchema.parse(JSON.parse(line)));
}

/** Drives the real Pulumi CLI for one project directory, with an isolated environment. */
export class PulumiCli {
  constructor(
    readonly pulumiBinary: string,
    readonly projectDirectory: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  run(args: readonly string[]) {
    return runCommand(this.pulumiBinary, [...args, "--non-interactive"], {
      cwd: this.projectDirectory,
      env: this.env,
    });
  }

  async preview(stack: string, extraArgs: readonly string[] = []): Promise<PreviewDigest> {
    const { stdout } = await this.run(["preview", "--stack", stack, "--json", ...extraArgs]);
    return previewDigestSchema.parse(JSON.parse(stdout));
  }

  up(stack: string, extraArgs: readonly string[] = []) {
    return this.run(["up", "--stack", stack, "--yes", "--skip-preview", ...extraArgs]);
  }

  destroy(stack: string) {
    return this.run(["destroy", "--stack", stack, "--yes", "--skip-preview"]);
  }

  setConfig(
    stack: string,
    key: string,
    value: string,
    options: { secret?: boolean; path?: boolean } = {},
  ) {
    return this.run([
      "config",
      "set",
      "--stack",
      stack,
      ...(options.path ? ["--path"] : []),
      ...(options.secret ? ["--secret"] : ["--plaintext"]),
      key,
      value,
    ]);
  }

  async stackOutputs(stack: string): Promise<Record<string, unknown>> {
    const { stdout } = await this.run(["stack", "output", "--stack", stack, "--json"]);
    return z.record(z.string(), z.unknown()).parse(JSON.parse(stdout));
  }

  async resourceUrns(stack: string): Promise<string[]> {
    const { stdout } = await this.run(["stack", "export", "--stack", stack]);
    const exported = z
      .object({
        deployment: z.object({ resources: z.array(z.object({ urn: z.string() })).default([]) }),
      })
      .parse(JSON.parse(stdout));
    return exported.deployment.resources.map((resource) => resource.urn);
  }

  eventLogPath(name: string): string {
    return path.join(this.env.PULUMI_HOME ?? this.projectDirectory, `${name}.events.jsonl`);
  }
}
