// How API and web scale: a HorizontalPodAutoscaler's bounds and CPU target, when configured.
import { z } from "zod";
import { keyName } from "./problems.js";
import { integerFrom, positiveInt } from "./rules.js";

/** Blocks whose Deployment may be autoscaled; the same names as their config blocks. */
export const SCALED_WORKLOADS = ["api", "web"] as const;

/**
 * `api.autoscaling` / `web.autoscaling`: present means an HPA owns the replica count (and the
 * Deployment leaves `spec.replicas` unset); absent means the fixed `replicas`.
 */
export const autoscalingSchema = z
  .object({
    minReplicas: positiveInt(50).default(2),
    maxReplicas: positiveInt(100),
    /** Average CPU use the HPA aims at, in percent of the containers' CPU request. */
    targetCpuUtilization: integerFrom(10, 100).default(70),
  })
  .strict()
  .refine((scaling) => scaling.maxReplicas >= scaling.minReplicas, {
    error: "must be at least minReplicas",
    path: ["maxReplicas"],
  });
export type AutoscalingConfig = z.infer<typeof autoscalingSchema>;

/** `replicas` beside `autoscaling` would be silently ignored: refused instead (on the raw values). */
export function scalingProblems(values: Record<string, unknown>): string[] {
  return SCALED_WORKLOADS.flatMap((block) => {
    const raw = values[block];
    if (typeof raw !== "object" || raw === null) return [];
    const given = raw as Record<string, unknown>;
    return given.autoscaling !== undefined && given.replicas !== undefined
      ? [
          `${keyName([block, "replicas"])}: must not be set with ${block}.autoscaling (the HPA owns the replica count; set ${block}.autoscaling.minReplicas instead)`,
        ]
      : [];
  });
}
