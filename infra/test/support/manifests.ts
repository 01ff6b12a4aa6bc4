import { stringify } from "yaml";
import { type KubeObject, kubeObjects } from "./kube-objects.js";
import type { ProgramRun } from "./run-program.js";

/**
 * Every Kubernetes object a program run registered, as the multi-document YAML a
 * `kubectl apply -f` (or a manifest linter) reads: inputs with secrets unwrapped and generated
 * names filled in. Secret values are replaced: linters need the shape, not the data.
 */
export function manifestsYaml(run: ProgramRun): string {
  return kubeObjects(run.resources)
    .map((object) => stringify(manifestOf(object), { lineWidth: 0 }))
    .join("---\n");
}

function manifestOf(object: KubeObject): Record<string, unknown> {
  const manifest: Record<string, unknown> = { ...object.manifest };
  if (object.kind === "Secret") {
    for (const field of ["data", "stringData"] as const) {
      const values = manifest[field] as Record<string, unknown> | undefined;
      if (values) {
        manifest[field] = Object.fromEntries(Object.keys(values).map((key) => [key, "redacted"]));
      }
    }
  }
  return manifest;
}
