// Writes Pulumi.pr-<n>.yaml (a preview stack, previewStackConfig) from Pulumi.dev.yaml, keeping
// what `pulumi stack init` / `config set --secret` already put in it (secrets, salt, provider).
// Usage: node --conditions=ssgbay-source --import tsx infra/config/write-preview-stack.ts <n>
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "@ssgbay/database";
import { parse, stringify } from "yaml";
import { z } from "zod";
import { previewStackConfig, previewStackName } from "./preview-stack.js";

const stackFileSchema = z.looseObject({
  config: z.record(z.string(), z.unknown()).default({}),
});
const isSecret = (value: unknown) =>
  typeof value === "object" && value !== null && "secure" in value;

const kubeconfigSchema = z.looseObject({
  "current-context": z.string().min(1),
});

/**
 * The context a kubeconfig file selects: the CI job's kubeconfig is the dev cluster's (from the
 * dev environment's KUBECONFIG_DATA), and the preview stack names that context explicitly.
 */
export function currentKubeContext(kubeconfigPath: string | undefined): string {
  if (!kubeconfigPath) {
    throw new Error(
      "KUBECONFIG: must name the dev cluster's kubeconfig (configure-stack.sh sets it)",
    );
  }
  const parsed = kubeconfigSchema.safeParse(parse(readFileSync(kubeconfigPath, "utf8")));
  if (!parsed.success) {
    throw new Error(`KUBECONFIG: ${kubeconfigPath} selects no current-context`);
  }
  return parsed.data["current-context"];
}

/** Writes the preview stack's file under `root`; returns its path. */
export function writePreviewStackFile(
  root: string,
  pullRequest: number,
  clusterContext: string,
): string {
  const dev = stackFileSchema.parse(
    parse(readFileSync(path.join(root, "Pulumi.dev.yaml"), "utf8")),
  );
  const file = path.join(root, `Pulumi.${previewStackName(pullRequest)}.yaml`);
  const existing = existsSync(file)
    ? stackFileSchema.parse(parse(readFileSync(file, "utf8")) ?? {})
    : { config: {} };
  const secrets = Object.entries(existing.config).filter(([, value]) => isSecret(value));
  const { config: _config, ...settings } = existing;
  const text = stringify({
    ...settings,
    config: {
      ...previewStackConfig(dev.config, pullRequest, clusterContext),
      ...Object.fromEntries(secrets),
    },
  });
  writeFileSync(
    file,
    `# Generated from Pulumi.dev.yaml by .github/scripts/pr-stack.sh (infra/config/preview-stack.ts).\n${text}`,
  );
  return file;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runCli(async () => {
    const number = z.coerce.number().int().positive().safeParse(process.argv[2]);
    if (!number.success) throw new Error("usage: write-preview-stack.ts <pull request number>");
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
    const context = currentKubeContext(process.env.KUBECONFIG);
    process.stdout.write(`${writePreviewStackFile(root, number.data, context)}\n`);
  });
}
