// How a bad stack config is reported: one `ssgbay:<key>: <rule>` line per problem.
import type { z } from "zod";

/** The Pulumi project name; every config key is `ssgbay:<key>`. */
export const PROJECT = "ssgbay";

/** Thrown before any resource exists; `problems` holds one `ssgbay:<key>: <rule>` line each. */
export class StackConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid stack configuration:\n  ${problems.join("\n  ")}`);
    this.name = "StackConfigError";
  }
}

export function keyName(path: readonly PropertyKey[]): string {
  return `${PROJECT}:${path.map(String).join(".")}`;
}

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => `${keyName([...issue.path, key])}: is not a known setting`);
    }
    const message =
      issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message;
    return [`${keyName(issue.path)}: ${message}`];
  });
}
