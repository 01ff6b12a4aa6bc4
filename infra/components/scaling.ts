import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { AutoscalingConfig } from "../config/scaling.js";

type TopologySpreadConstraint = k8s.types.input.core.v1.TopologySpreadConstraint;

/** Where replicas spread: always across nodes, and across zones on a managed cluster. */
export const TOPOLOGY_KEYS = {
  node: "kubernetes.io/hostname",
  zone: "topology.kubernetes.io/zone",
} as const;

/**
 * Replicas of one Deployment spread evenly over the nodes (a hard rule: a node going down takes
 * at most its share), counted per rollout revision (`pod-template-hash`) so a rolling update is
 * judged on the new pods alone. Tainted nodes (the control plane, a node going away) are not
 * counted as places to spread to. Zones are a soft rule: a cluster in one zone still schedules.
 */
export function topologySpread(
  selector: Record<string, string>,
  acrossZones: boolean,
): TopologySpreadConstraint[] {
  const constraint = (topologyKey: string, whenUnsatisfiable: string) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable,
    labelSelector: { matchLabels: selector },
    matchLabelKeys: ["pod-template-hash"],
    nodeTaintsPolicy: "Honor",
  });
  return [
    constraint(TOPOLOGY_KEYS.node, "DoNotSchedule"),
    ...(acrossZones ? [constraint(TOPOLOGY_KEYS.zone, "ScheduleAnyway")] : []),
  ];
}

/**
 * An autoscaling/v2 HPA on a Deployment's CPU use. The Deployment then leaves `spec.replicas`
 * unset: the provider applies server-side, so a field it does not send is not one it owns, and
 * `pulumi up` never resets the count the HPA chose.
 */
export function horizontalAutoscaler(
  name: string,
  metadata: { name: string; namespace: pulumi.Input<string>; labels: Record<string, string> },
  deployment: k8s.apps.v1.Deployment,
  scaling: AutoscalingConfig,
  opts: pulumi.CustomResourceOptions,
): k8s.autoscaling.v2.HorizontalPodAutoscaler {
  return new k8s.autoscaling.v2.HorizontalPodAutoscaler(
    name,
    {
      metadata,
      spec: {
        scaleTargetRef: {
          apiVersion: "apps/v1",
          kind: "Deployment",
          name: deployment.metadata.name,
        },
        minReplicas: scaling.minReplicas,
        maxReplicas: scaling.maxReplicas,
        metrics: [
          {
            type: "Resource",
            resource: {
              name: "cpu",
              target: { type: "Utilization", averageUtilization: scaling.targetCpuUtilization },
            },
          },
        ],
      },
    },
    opts,
  );
}
