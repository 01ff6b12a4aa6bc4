import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/** What every in-cluster component needs: where to create objects and how to label them. */
export interface ClusterContext {
  provider: k8s.Provider;
  /** The app namespace (an output of the Namespace, so objects wait for it). */
  namespace: pulumi.Output<string>;
  /** The Pulumi stack name, used as `app.kubernetes.io/instance`. */
  instance: string;
}

/** For what exists before or outside the app namespace: the namespace itself, MetalLB. */
export type ClusterScope = Omit<ClusterContext, "namespace">;

/** Options of a component's children: parented to it, created through the stack's provider. */
export function childOptions(
  parent: pulumi.Resource,
  context: ClusterScope,
): pulumi.CustomResourceOptions {
  return { parent, provider: context.provider };
}
