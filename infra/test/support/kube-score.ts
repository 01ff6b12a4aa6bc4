import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { KUBERNETES_SCHEMA_VERSION } from "./openapi.js";
import { REPOSITORY_ROOT } from "./stack-files.js";

/** Checks kube-score leaves off by default that our manifests must pass too. */
const OPTIONAL_CHECKS = ["container-seccomp-profile", "container-ports-check"];
/** kube-score's grades: 10 is OK; lower is a warning (5) or critical (1). */
const GRADE_OK = 10;

/** One thing kube-score found wrong: a check on an object (and container, when it says which). */
export interface Finding {
  check: string;
  /** `Kind namespace/name` (cluster-scoped: `Kind name`). */
  object: string;
  container: string | undefined;
  summary: string;
}

const reportSchema = z.array(
  z.object({
    type_meta: z.object({ kind: z.string() }),
    object_meta: z.object({ name: z.string(), namespace: z.string().optional() }),
    checks: z.array(
      z.object({
        check: z.object({ id: z.string() }),
        grade: z.number(),
        skipped: z.boolean(),
        comments: z.array(z.object({ path: z.string(), summary: z.string() })).nullable(),
      }),
    ),
  }),
);

/** The kube-score binary (built once into ~/.cache/ssgbay-lint; instant when warm). */
export function kubeScoreBinary(): string {
  const script = path.join(REPOSITORY_ROOT, "tools", "lint", "build-kube-score.sh");
  return execFileSync("bash", [script], { encoding: "utf8" }).trim().split("\n").at(-1) ?? "";
}

/** Runs kube-score over one manifest file and returns every finding below OK. */
export function kubeScore(binary: string, manifestFile: string): Finding[] {
  const args = [
    "score",
    "--kubernetes-version",
    `v${KUBERNETES_SCHEMA_VERSION}`,
    ...OPTIONAL_CHECKS.flatMap((check) => ["--enable-optional-test", check]),
    "--output-format",
    "json",
    manifestFile,
  ];
  // Exit status 1 means "found something"; the report says what.
  const run = spawnSync(binary, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`kube-score exited ${run.status}: ${run.stderr}`);
  }
  const report = reportSchema.parse(JSON.parse(run.stdout));
  return report.flatMap((scored) => {
    const { namespace, name } = scored.object_meta;
    const object = `${scored.type_meta.kind} ${namespace ? `${namespace}/` : ""}${name}`;
    return scored.checks
      .filter((result) => !result.skipped && result.grade < GRADE_OK)
      .flatMap((result) =>
        (result.comments ?? [{ path: "", summary: "(no comment)" }]).map((comment) => ({
          check: result.check.id,
          object,
          container: comment.path || undefined,
          summary: comment.summary,
        })),
      );
  });
}

const acceptedSchema = z.array(
  z
    .object({
      check: z.string().min(1),
      /** `Kind namespace/name`, or `*` for a decision about the check as a whole. */
      object: z.string().min(1),
      container: z.string().min(1).optional(),
      reason: z.string().min(20, "must say why, in a sentence"),
    })
    .strict(),
);
export type AcceptedFinding = z.infer<typeof acceptedSchema>[number];

export const ACCEPTED_FINDINGS_FILE = path.join(
  REPOSITORY_ROOT,
  "tools",
  "lint",
  "kube-score-accepted.yaml",
);

/** The checked-in allow-list: findings we accept, each with its one-line justification. */
export function acceptedFindings(): AcceptedFinding[] {
  return acceptedSchema.parse(parse(readFileSync(ACCEPTED_FINDINGS_FILE, "utf8")));
}

export function accepts(entry: AcceptedFinding, finding: Finding): boolean {
  return (
    entry.check === finding.check &&
    (entry.object === "*" || entry.object === finding.object) &&
    (entry.container === undefined || entry.container === finding.container)
  );
}

export const describeFinding = (finding: Finding) =>
  `${finding.check} ${finding.object}${finding.container ? ` (${finding.container})` : ""}: ${finding.summary}`;
