import * as pulumi from "@pulumi/pulumi";
import { vi } from "vitest";
import { IMAGE_TAG_VARIABLE } from "../../components/image-tag.js";
import {
  MOCK_ORGANIZATION,
  MockCluster,
  type MockClusterOptions,
  type RegisteredResource,
} from "./mock-cluster.js";

export interface ProgramRun {
  cluster: MockCluster;
  resources: RegisteredResource[];
  outputs: Record<string, unknown>;
}

export interface RunOptions extends MockClusterOptions {
  /** Full keys (`ssgbay:x`) set as secrets, like `pulumi config set --secret`. */
  secretKeys?: string[];
  /**
   * Environment variables the program sees (undefined: unset). By default SSGBAY_IMAGE_TAG is
   * TEST_COMMIT, as CI sets it, so a build stack's tags do not follow this checkout's git state.
   */
  environment?: Record<string, string | undefined>;
}

/** The commit CI would pass as SSGBAY_IMAGE_TAG in these runs. */
export const TEST_COMMIT = "0123456789ab";

type RegisterRequest = {
  getType(): string;
  getName(): string;
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getDeletebeforereplace(): boolean;
  getDependenciesList(): string[];
  getAliasesList(): {
    getSpec(): { getName(): string; getType(): string; getParenturn(): string } | undefined;
  }[];
};
type Monitor = { registerResource: (request: RegisterRequest, callback: unknown) => unknown };

/**
 * The mock API hands `newResource` no resource options; the mock monitor receives them on the
 * wire. Wrapping its `registerResource` records them for the tests (protect, retainOnDelete,
 * dependencies, aliases) exactly as the engine would get them.
 */
function recordRegistrationOptions(cluster: MockCluster): void {
  const monitor = pulumi.runtime.getMonitor() as unknown as Monitor | undefined;
  if (!monitor) throw new Error("the mock runtime has no monitor");
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    cluster.recordOptions(request.getType(), request.getName(), {
      protect: request.getProtect() ?? false,
      retainOnDelete: request.getRetainondelete() ?? false,
      deleteBeforeReplace: request.getDeletebeforereplace(),
      dependencies: request.getDependenciesList(),
      aliases: request.getAliasesList().flatMap((alias) => {
        const spec = alias.getSpec();
        return spec
          ? [{ name: spec.getName(), type: spec.getType(), parentUrn: spec.getParenturn() }]
          : [];
      }),
    });
    return register(request, callback);
  };
}

/** Resolves a value that may be an Output, as the engine would export it. */
export function settle(value: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    (pulumi.output(value) as pulumi.Output<unknown>).apply((resolved) => {
      resolve(resolved);
      return resolved;
    });
  });
}

/**
 * Runs infra/index.ts under Pulumi's mock runtime with the given stack config, waits until every
 * registration has reached the mock engine, and returns what was registered and exported.
 */
export function runProgram(
  stack: string,
  config: Record<string, string>,
  options: RunOptions = {},
  cluster: MockCluster = new MockCluster(options),
): Promise<ProgramRun> {
  return runUnderMocks(stack, config, options, cluster, async () => {
    const program: Record<string, unknown> = await import("../../index.js");
    const outputs: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(program)) outputs[name] = await settle(value);
    return outputs;
  });
}

/**
 * Declares resources with `declare` (a component on its own, say) under the same mock runtime
 * as runProgram; `declare` returns the outputs to report, already settled.
 */
export async function runUnderMocks(
  stack: string,
  config: Record<string, string>,
  options: RunOptions,
  cluster: MockCluster,
  declare: () => Promise<Record<string, unknown>>,
): Promise<ProgramRun> {
  await pulumi.runtime.setMocks(cluster, "ssgbay", stack, cluster.preview, MOCK_ORGANIZATION);
  recordRegistrationOptions(cluster);
  pulumi.runtime.setAllConfig(config, options.secretKeys ?? []);
  const environment = options.environment ?? { [IMAGE_TAG_VARIABLE]: TEST_COMMIT };
  for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
  vi.resetModules();
  try {
    const outputs = await declare();
    return { cluster, resources: cluster.resources, outputs };
  } finally {
    // Waits for every outstanding registration, so `resources` is complete.
    await pulumi.runtime.disconnect();
    vi.unstubAllEnvs();
  }
}
