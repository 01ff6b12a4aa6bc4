import { readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { z } from "zod";

export const REPOSITORY_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../..",
);
export const STACKS = ["dev", "staging", "prod"] as const;
export type StackName = (typeof STACKS)[number];

const stackFileSchema = z.object({ config: z.record(z.string(), z.unknown()) });

/**
 * A stack file's config as the Pulumi CLI hands it to the program: full keys, and structured
 * values serialised as JSON text.
 */
export function readStackConfig(stack: StackName): Record<string, string> {
  const text = readFileSync(path.join(REPOSITORY_ROOT, `Pulumi.${stack}.yaml`), "utf8");
  const file = stackFileSchema.parse(parse(text));
  return toPulumiConfig(file.config);
}

export function toPulumiConfig(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key,
      typeof value === "string" ? value : JSON.stringify(value),
    ]),
  );
}
