// One evaluation of infra/index.ts (or of the reference program) under Pulumi's mock runtime, in
// a fresh process so no module state carries over. Prints one JSON line: {ms, resources, byType}.
// Reuses the infra engineer's mock engine and stack-file reader from infra/test/support.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { IMAGE_TAG_VARIABLE } from "../../infra/components/image-tag.js";
import { DEV_SECRETS, promotedStackOutputs } from "../../infra/test/support/committed-stacks.js";
import { MOCK_ORGANIZATION, MockCluster } from "../../infra/test/support/mock-cluster.js";
import { readStackConfig, STACKS } from "../../infra/test/support/stack-files.js";

const argsSchema = z.tuple([
  z.enum(STACKS),
  z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("program") }),
    z.object({ kind: z.literal("reference"), count: z.coerce.number().int().min(1).max(10_000) }),
  ]),
]);

const [stack, mode] = argsSchema.parse([
  process.argv[2],
  { kind: process.argv[3], count: process.argv[4] },
]);

const cluster = new MockCluster({ stackOutputs: promotedStackOutputs(stack) });

function settle(value: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    (pulumi.output(value) as pulumi.Output<unknown>).apply((resolved) => {
      resolve(resolved);
      return resolved;
    });
  });
}

class Noop extends pulumi.CustomResource {
  constructor(name: string, index: number) {
    super("bench:index:Noop", name, { index });
  }
}

await pulumi.runtime.setMocks(cluster, "ssgbay", stack, false, MOCK_ORGANIZATION);
const config = readStackConfig(stack);
// `dev` builds images and needs the registry token `pulumi config set --secret` would give.
const secrets: Record<string, string> = stack === "dev" ? DEV_SECRETS : {};
// The tag CI would pass, so a dev evaluation does not depend on this checkout's git state.
process.env[IMAGE_TAG_VARIABLE] = "0123456789ab";
pulumi.runtime.setAllConfig({ ...config, ...secrets }, Object.keys(secrets));

const started = performance.now();
if (mode.kind === "program") {
  const program: Record<string, unknown> = await import("../../infra/index.js");
  for (const value of Object.values(program)) await settle(value);
} else {
  // The floor: the same number of resources with no program logic, under the same mock engine.
  for (let n = 0; n < mode.count; n++) {
    new Noop(`noop-${n}`, n);
  }
}
await pulumi.runtime.disconnect();
const ms = performance.now() - started;

const byType: Record<string, number> = {};
for (const resource of cluster.resources) byType[resource.type] = (byType[resource.type] ?? 0) + 1;
process.stdout.write(`${JSON.stringify({ ms, resources: cluster.resources.length, byType })}\n`);
