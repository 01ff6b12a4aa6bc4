import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { AutoscalingConfig } from "../config/scaling.js";
import { type ClusterContext, childOptions } from "./context.js";
import { type AppIdentity, recommendedLabels, selectorLabels } from "./labels.js";
import { horizontalAutoscaler, topologySpread } from "./scaling.js";
import { restrictedPodSecurity } from "./security.js";

type PodSpec = k8s.types.input.core.v1.PodSpec;

/** The name of a workload's HTTP container port: its Service and probes target it by name. */
export const HTTP_PORT_NAME = "http";

export interface HttpWorkloadSpec {
  /** Who the pods are; `name` also names the Deployment, the Service and the PDB. */
  app: Omit<AppIdentity, "instance">;
  /** The fixed replica count, used only without `autoscaling`. */
  replicas: number;
  /** When set, an HPA owns the replica count between its bounds. */
  autoscaling: AutoscalingConfig | undefined;
  /** Also spread the replicas across zones (managed clusters; Vagrant has one). */
  spreadAcrossZones: boolean;
  /** The numeric user the pods run as (Pod Security `restricted`). */
  uid: number;
  imagePullSecrets: pulumi.Input<{ name: string }[]>;
  /** Annotations of the pod template, e.g. a checksum whose change rolls the pods. */
  podAnnotations?: Record<string, pulumi.Input<string>>;
  /** The app's own part of the pod: containers, init containers, volumes, grace period. */
  pod: Omit<
    PodSpec,
    | "securityContext"
    | "automountServiceAccountToken"
    | "imagePullSecrets"
    | "topologySpreadConstraints"
  >;
  service: {
    type: "ClusterIP" | "LoadBalancer";
    port: number;
    /** More named ports, each to the container port of the same name (e.g. web's `https`). */
    extraPorts?: { name: string; port: number }[];
    annotations?: Record<string, pulumi.Input<string>>;
    dependsOn?: pulumi.Resource[];
  };
}

/**
 * A stateless HTTP app: a Deployment that adds one new pod at a time and never drops below its
 * replicas, spread across nodes (and zones), a Service in front of the pods' `http` port, a
 * PodDisruptionBudget letting one pod go at a time (whatever the replica count, so it never
 * blocks a node drain), and with `autoscaling` an HPA. Created as children of the calling
 * component (`<name>-deployment`, `-service`, `-pdb`, `-hpa`) rather than of a component of
 * their own, so that their URNs stay those of the objects the API and web components always
 * created.
 */
export function httpWorkload(
  parent: pulumi.ComponentResource,
  name: string,
  context: ClusterContext,
  args: HttpWorkloadSpec,
): { service: k8s.core.v1.Service } {
  const childOpts = childOptions(parent, context);
  const identity: AppIdentity = { ...args.app, instance: context.instance };
  const labels = recommendedLabels(identity);
  const selector = selectorLabels(identity);
  const metadata = { name: identity.name, namespace: context.namespace, labels };

  const deployment = new k8s.apps.v1.Deployment(
    `${name}-deployment`,
    {
      metadata,
      spec: {
        // Absent (not undefined-valued) with an HPA: the key must not reach the provider.
        ...(args.autoscaling ? {} : { replicas: args.replicas }),
        selector: { matchLabels: selector },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: args.podAnnotations ? { labels, annotations: args.podAnnotations } : { labels },
          spec: {
            securityContext: restrictedPodSecurity(args.uid),
            automountServiceAccountToken: false,
            imagePullSecrets: args.imagePullSecrets,
            topologySpreadConstraints: topologySpread(selector, args.spreadAcrossZones),
            ...args.pod,
          },
        },
      },
    },
    { ...childOpts, deleteBeforeReplace: true },
  );

  const { service: exposure } = args;
  const service = new k8s.core.v1.Service(
    `${name}-service`,
    {
      metadata: exposure.annotations
        ? { ...metadata, annotations: exposure.annotations }
        : metadata,
      spec: {
        type: exposure.type,
        selector,
        ports: [
          { name: HTTP_PORT_NAME, port: exposure.port, targetPort: HTTP_PORT_NAME },
          ...(exposure.extraPorts ?? []).map(({ name, port }) => ({
            name,
            port,
            targetPort: name,
          })),
        ],
        // Local: nodes pass outside traffic only to their own pods, without SNAT, so the pods
        // see the client's address (the API's per-address limits depend on it). Kubernetes then
        // allocates spec.healthCheckNodePort, which load balancers probe to skip nodes that
        // run no such pod.
        ...(exposure.type === "LoadBalancer" ? { externalTrafficPolicy: "Local" } : {}),
      },
    },
    exposure.dependsOn ? { ...childOpts, dependsOn: exposure.dependsOn } : childOpts,
  );

  new k8s.policy.v1.PodDisruptionBudget(
    `${name}-pdb`,
    { metadata, spec: { maxUnavailable: 1, selector: { matchLabels: selector } } },
    childOpts,
  );
  if (args.autoscaling) {
    horizontalAutoscaler(`${name}-hpa`, metadata, deployment, args.autoscaling, childOpts);
  }
  return { service };
}
