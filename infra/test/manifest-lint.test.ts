// kube-score (a common Kubernetes manifest linter) over the manifests of the dev, staging and
// prod stacks, rendered under the mock runtime. Any finding not in the checked-in allow-list
// (tools/lint/kube-score-accepted.yaml, each entry justified; listed in infra/README.md) fails.
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCommittedStack } from "./support/committed-stacks.js";
import {
  type AcceptedFinding,
  acceptedFindings,
  accepts,
  describeFinding,
  type Finding,
  kubeScore,
  kubeScoreBinary,
} from "./support/kube-score.js";
import { manifestsYaml } from "./support/manifests.js";
import { scratchDirectory } from "./support/scratch.js";
import { REPOSITORY_ROOT, STACKS, type StackName } from "./support/stack-files.js";

const describeEntry = (entry: AcceptedFinding) =>
  `${entry.check} ${entry.object}${entry.container ? ` (${entry.container})` : ""}`;

describe("kube-score over every stack's manifests", () => {
  let binary: string;
  let directory: string;
  const findings = new Map<StackName, Finding[]>();
  const accepted = acceptedFindings();

  beforeAll(async () => {
    // Cold: a Go build of kube-score (~2 min on a shared machine); warm: at once.
    binary = kubeScoreBinary();
    directory = scratchDirectory("manifests");
    for (const stack of STACKS) {
      const file = path.join(directory, `${stack}.yaml`);
      writeFileSync(file, manifestsYaml(await runCommittedStack(stack)));
      findings.set(stack, kubeScore(binary, file));
    }
  }, 600_000);

  it("finds what it should in a manifest that breaks its rules (the linter really runs)", () => {
    const file = path.join(directory, "bad.yaml");
    writeFileSync(
      file,
      [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata: { name: bad, namespace: lint }",
        "spec:",
        "  replicas: 1",
        "  selector: { matchLabels: { app: bad } }",
        "  template:",
        "    metadata: { labels: { app: bad } }",
        "    spec: { containers: [{ name: bad, image: 'example/bad:latest' }] }",
        "",
      ].join("\n"),
    );
    const checks = new Set(kubeScore(binary, file).map((finding) => finding.check));
    for (const check of ["container-resources", "container-image-tag", "pod-networkpolicy"]) {
      expect(checks).toContain(check);
    }
  });

  it.each(STACKS)("leaves on %s only findings the allow-list accepts", (stack) => {
    const unexplained = (findings.get(stack) ?? [])
      .filter((finding) => !accepted.some((entry) => accepts(entry, finding)))
      .map(describeFinding);
    expect(unexplained).toEqual([]);
  });

  it("keeps no allow-list entry that accepts nothing (a fixed finding leaves the list)", () => {
    const all = [...findings.values()].flat();
    const stale = accepted
      .filter((entry) => !all.some((finding) => accepts(entry, finding)))
      .map(describeEntry);
    expect(stale).toEqual([]);
  });

  it("lists every accepted finding in infra/README.md, one line each", () => {
    const readme = readFileSync(path.join(REPOSITORY_ROOT, "infra", "README.md"), "utf8");
    const section = readme.split("## Linter findings we accept")[1]?.split("\n## ")[0] ?? "";
    const lines = section.split("\n").filter((line) => line.startsWith("- "));
    for (const entry of accepted) {
      const label = `\`${describeEntry(entry)}\``;
      expect(
        lines.filter((line) => line.includes(label)),
        label,
      ).toHaveLength(1);
    }
    expect(lines).toHaveLength(accepted.length);
  });
});
