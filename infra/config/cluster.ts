// Which cluster a stack deploys to: a kubeconfig context, or a whole kubeconfig given as a secret.
import { z } from "zod";
import { keyName } from "./problems.js";
import { secretString } from "./rules.js";

/** The one stack that may deploy through the ambient kubeconfig's current context. */
export const DEV_STACK = "dev";

export const kubernetesSchema = z
  .object({
    /** The kubeconfig context to deploy through (from `kubernetesKubeconfig`, or the ambient kubeconfig). */
    context: z.string().min(1, "must not be empty").optional(),
    renderYamlToDirectory: z.string().min(1).optional(),
  })
  .strict()
  .prefault({});

/** A whole kubeconfig (YAML or JSON text), kept a Pulumi secret: it carries the cluster's credentials. */
export const kubeconfigSchema = z.preprocess(
  // JSON text arrives parsed (rawStackConfig): hand the provider the text again.
  (value) => (typeof value === "object" && value !== null ? JSON.stringify(value) : value),
  secretString(
    z
      .string()
      .regex(/"?clusters"?\s*:/, "must be a kubeconfig (YAML or JSON with a clusters list)"),
  ),
);

export interface ClusterSelection {
  kubernetes: z.infer<typeof kubernetesSchema>;
  kubernetesKubeconfig?: unknown;
}

/**
 * Every stack but dev names its cluster, so `pulumi up -s prod` never lands in whatever the
 * laptop's current context happens to be.
 */
export function clusterProblems(config: ClusterSelection, stack: string): string[] {
  if (stack === DEV_STACK) return [];
  if (config.kubernetes.context || config.kubernetesKubeconfig !== undefined) return [];
  return [
    `${keyName(["kubernetes", "context"])}: is required for stack ${stack} (only ${DEV_STACK} may use the current kubeconfig context): pulumi config set --path ssgbay:kubernetes.context <context>, or give the cluster's kubeconfig: pulumi config set --secret ssgbay:kubernetesKubeconfig "$(cat kubeconfig)"`,
  ];
}

/** Where the program deploys, for the preview's log and the `cluster` output (no credentials). */
export function describeTarget(config: ClusterSelection, namespace: string): string {
  const { context, renderYamlToDirectory } = config.kubernetes;
  if (renderYamlToDirectory)
    return `rendering YAML to ${renderYamlToDirectory} (namespace ${namespace}), no cluster`;
  const source =
    config.kubernetesKubeconfig !== undefined
      ? "the kubeconfig in ssgbay:kubernetesKubeconfig"
      : "the ambient kubeconfig";
  const where = context ? `context ${context} of ${source}` : `the current context of ${source}`;
  return `cluster: ${where}; namespace ${namespace}`;
}
