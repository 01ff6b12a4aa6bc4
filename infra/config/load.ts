// Reading the stack's config from Pulumi and validating all of it at once.
import * as pulumi from "@pulumi/pulumi";
import { clusterProblems } from "./cluster.js";
import { crossFieldProblems } from "./consistency.js";
import { describeIssues, keyName, PROJECT, StackConfigError } from "./problems.js";
import { scalingProblems } from "./scaling.js";
import { commonSchema, type StackConfig } from "./stack.js";
import {
  type ManagedTarget,
  managedSchema,
  TARGETS,
  type TargetName,
  targetKeys,
  type VagrantTarget,
  vagrantSchema,
} from "./targets.js";
import { tlsProblems } from "./tls.js";

const commonKeys = new Set(Object.keys(commonSchema.shape));

/**
 * Reads the `ssgbay:*` keys of the stack's config. Structured values arrive as JSON text
 * (that is how Pulumi passes YAML objects to programs).
 */
export function rawStackConfig(all: Record<string, string> = pulumi.runtime.allConfig()): {
  values: Record<string, unknown>;
  problems: string[];
} {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [fullKey, text] of Object.entries(all)) {
    if (!fullKey.startsWith(`${PROJECT}:`)) continue;
    const key = fullKey.slice(PROJECT.length + 1);
    if (/^\s*[[{]/.test(text)) {
      try {
        values[key] = JSON.parse(text);
      } catch {
        problems.push(`${fullKey}: is not valid JSON`);
      }
    } else if (text === "true" || text === "false") {
      values[key] = text === "true";
    } else {
      values[key] = text;
    }
  }
  return { values, problems };
}

/**
 * Validates everything at once; throws StackConfigError listing every problem. `stack` (the
 * Pulumi stack the config is for) adds the rules that depend on it: every stack but dev names its
 * cluster, and the public stacks (prod, staging) serve TLS. The program always gives it.
 */
export function parseStackConfig(
  values: Record<string, unknown>,
  earlier: string[] = [],
  stack?: string,
): StackConfig {
  const problems = [...earlier];
  const common = commonSchema.safeParse(values);
  if (!common.success) problems.push(...describeIssues(common.error.issues));
  problems.push(...scalingProblems(values));
  if (common.success && stack !== undefined) problems.push(...clusterProblems(common.data, stack));

  const targetName = TARGETS.find((name) => name === values.target);
  problems.push(...misplacedKeys(values, targetName));

  let target: VagrantTarget | ManagedTarget | undefined;
  if (targetName === "vagrant") {
    const parsed = vagrantSchema.safeParse(values);
    if (parsed.success) target = { kind: "vagrant", ...parsed.data };
    else problems.push(...describeIssues(parsed.error.issues));
  } else if (targetName === "managed") {
    const parsed = managedSchema.safeParse(values);
    if (parsed.success) target = { kind: "managed", ...parsed.data };
    else problems.push(...describeIssues(parsed.error.issues));
  }

  if (common.success && target) {
    problems.push(...crossFieldProblems(common.data, target));
    problems.push(...tlsProblems(common.data.tls, target, stack));
  }
  if (problems.length > 0 || !common.success || !target) throw new StackConfigError(problems);
  const { target: _targetName, ...rest } = common.data;
  return { ...rest, target };
}

/** Top-level keys that no target knows, or that belong to the other target. */
function misplacedKeys(values: Record<string, unknown>, targetName: TargetName | undefined) {
  const problems: string[] = [];
  for (const key of Object.keys(values)) {
    if (commonKeys.has(key)) continue;
    if (targetName && targetKeys[targetName].has(key)) continue;
    const otherTarget = TARGETS.find((name) => targetKeys[name].has(key));
    problems.push(
      otherTarget
        ? `${keyName([key])}: is only for target ${otherTarget}`
        : `${keyName([key])}: is not a known setting`,
    );
  }
  return problems;
}

/** Reads and validates the stack config once; nothing else reads config. */
export function loadStackConfig(): StackConfig {
  const { values, problems } = rawStackConfig();
  return parseStackConfig(values, problems, pulumi.getStack());
}
