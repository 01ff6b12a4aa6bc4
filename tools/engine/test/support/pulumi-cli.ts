import path from "node:path";
import { z } from "zod";
import { CommandError, runCommand } from "./toolchain.js";

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

/** The engine events a streaming JSON preview prints, the parts the test reads. */
const engineEventSchema = z
  .object({
    resourcePreEvent: z
      .object({ metadata: z.object({ op: z.string(), urn: z.string(), type: z.string() }) })
      .optional(),
    diagnosticEvent: z.object({ message: z.string(), severity: z.string() }).optional(),
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
      .optional(),
    policyAnalyzeStackSummaryEvent: z
      .object({
        policyPackName: z.string(),
        passed: z.array(z.string()).default([]),
        failed: z.array(z.string()).default([]),
      })
      .optional(),
  })
  .passthrough();
export type EngineEvent = z.infer<typeof engineEventSchema>;

export function parseEngineEvents(stdout: string): EngineEvent[] {
  return stdout
    .split("\n")
    .filter((line) => line.trim().startsWith("{"))
    .map((line) => engineEventSchema.parse(JSON.parse(line)));
}

/** Drives the real Pulumi CLI for one project directory, with an isolated environment. */
/** Where a test's Pulumi CLI runs: its binaries, its own home, state and passphrase. */
export interface PulumiCliSetup {
  /** The CLI's directory, the language host's, then the provider plugins' (found on PATH). */
  binDirectories: string[];
  home: string;
  pulumiHome: string;
  stateDirectory: string;
  passphrase: string;
}

/**
 * The environment of a test's Pulumi CLI: only the given binaries on PATH (no plugin download:
 * GitHub is unreachable here), a file backend, no prompts or update checks; `extra` adds the
 * test's own variables (KUBECONFIG, DOCKER_HOST, …).
 */
export function pulumiCliEnvironment(
  setup: PulumiCliSetup,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    PATH: [
      ...setup.binDirectories,
      path.dirname(process.execPath),
      "/usr/local/bin",
      "/usr/bin",
      "/bin",
    ].join(":"),
    HOME: setup.home,
    PULUMI_HOME: setup.pulumiHome,
    PULUMI_BACKEND_URL: `file://${setup.stateDirectory}`,
    PULUMI_CONFIG_PASSPHRASE: setup.passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    NO_PROXY: "127.0.0.1,localhost",
    ...extra,
  };
}

export class PulumiCli {
  constructor(
    readonly pulumiBinary: string,
    readonly projectDirectory: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  run(args: readonly string[], envOverrides: NodeJS.ProcessEnv = {}) {
    const env = Object.fromEntries(
      Object.entries({ ...this.env, ...envOverrides }).filter(([, value]) => value !== undefined),
    );
    // Before the subcommand: after a `--` (setConfig) it would be read as an argument.
    return runCommand(this.pulumiBinary, ["--non-interactive", ...args], {
      cwd: this.projectDirectory,
      env,
    });
  }

  async preview(stack: string, extraArgs: readonly string[] = []): Promise<PreviewDigest> {
    const { stdout } = await this.run(["preview", "--stack", stack, "--json", ...extraArgs]);
    return previewDigestSchema.parse(JSON.parse(stdout));
  }

  /** A preview whose output is the engine's event stream (it carries the policy pack events). */
  async previewEvents(stack: string, extraArgs: readonly string[] = []): Promise<EngineEvent[]> {
    try {
      const { stdout } = await this.run(["preview", "--stack", stack, "--json", ...extraArgs], {
        PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true",
      });
      return parseEngineEvents(stdout);
    } catch (error) {
      // The event stream carries the SDK's debug logs, which include resource inputs (secrets
      // among them): report only the warnings, errors and policy events.
      if (!(error instanceof CommandError)) throw error;
      const events = parseEngineEvents(error.stdout);
      const report = events.flatMap((event) => {
        const diagnostic = event.diagnosticEvent;
        if (diagnostic && (diagnostic.severity === "error" || diagnostic.severity === "warning")) {
          return [`${diagnostic.severity}: ${diagnostic.message.trim()}`];
        }
        const policy = event.policyEvent;
        return policy
          ? [
              `policy ${policy.policyPackName}/${policy.policyName} (${policy.enforcementLevel}): ${policy.message}`,
            ]
          : [];
      });
      throw new Error(
        `${error.command} exited with ${error.exitCode}:\n${report.join("\n")}\n${error.stderr}`,
      );
    }
  }

  up(stack: string, options: { extraArgs?: readonly string[]; env?: NodeJS.ProcessEnv } = {}) {
    return this.run(
      ["up", "--stack", stack, "--yes", "--skip-preview", ...(options.extraArgs ?? [])],
      options.env,
    );
  }

  destroy(stack: string, env: NodeJS.ProcessEnv = {}) {
    return this.run(["destroy", "--stack", stack, "--yes", "--skip-preview"], env);
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
      // A value may start with "-" (a PEM certificate).
      "--",
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
}
