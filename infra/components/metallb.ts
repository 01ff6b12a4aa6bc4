import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { VagrantTarget } from "../config/index.js";
import { type ClusterScope, childOptions } from "./context.js";
import { recommendedLabels } from "./labels.js";
import { PRIVILEGED_NAMESPACE_LABELS } from "./security.js";

export const METALLB_NAMESPACE = "metallb-system";
export const METALLB_CHART_REPO = "https://metallb.github.io/metallb";

export interface MetalLbPoolArgs extends ClusterScope {
  metallb: VagrantTarget["metallb"];
}

/**
 * The load balancer of a bare-metal cluster: MetalLB's address pool and L2 advertisement,
 * optionally with MetalLB itself (Helm chart, native mode) which the pool then waits for; or,
 * with `sharedPool`, only the name of another stack's pool (nothing is created).
 */
export class MetalLbPool extends pulumi.ComponentResource {
  readonly poolName: pulumi.Output<string>;

  constructor(name: string, args: MetalLbPoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ssgbay:index:MetalLbPool", name, {}, opts);
    const childOpts = childOptions(this, args);
    const labels = recommendedLabels({
      name: "metallb",
      component: "load-balancer",
      instance: args.instance,
    });

    if (args.metallb.sharedPool !== undefined) {
      this.poolName = pulumi.output(args.metallb.sharedPool);
      this.registerOutputs({ poolName: this.poolName });
      return;
    }
    const addresses = args.metallb.addresses;
    if (!addresses) throw new Error("metallb.addresses is validated when there is no sharedPool");
    let installed: pulumi.Resource[] = [];
    if (args.metallb.install) {
      const namespace = new k8s.core.v1.Namespace(
        `${name}-namespace`,
        {
          metadata: {
            name: METALLB_NAMESPACE,
            // The speaker needs host networking and NET_RAW: MetalLB documents `privileged`.
            labels: {
              ...labels,
              ...PRIVILEGED_NAMESPACE_LABELS,
            },
          },
        },
        childOpts,
      );
      const release = new k8s.helm.v3.Release(
        `${name}-release`,
        {
          name: "metallb",
          chart: "metallb",
          version: args.metallb.chartVersion,
          repositoryOpts: { repo: METALLB_CHART_REPO },
          namespace: namespace.metadata.name,
          // Native (non-FRR) mode: L2 announcements need nothing else.
          values: { speaker: { frr: { enabled: false } } },
          atomic: true,
          timeout: 600,
        },
        childOpts,
      );
      installed = [release];
    }

    const pool = new k8s.apiextensions.CustomResource(
      `${name}-pool`,
      {
        apiVersion: "metallb.io/v1beta1",
        kind: "IPAddressPool",
        metadata: { name: `ssgbay-${args.instance}`, namespace: METALLB_NAMESPACE, labels },
        spec: { addresses },
      },
      { ...childOpts, dependsOn: installed },
    );
    this.poolName = pool.metadata.name;
    new k8s.apiextensions.CustomResource(
      `${name}-l2`,
      {
        apiVersion: "metallb.io/v1beta1",
        kind: "L2Advertisement",
        metadata: { name: `ssgbay-${args.instance}`, namespace: METALLB_NAMESPACE, labels },
        spec: { ipAddressPools: [this.poolName] },
      },
      { ...childOpts, dependsOn: installed },
    );
    this.registerOutputs({ poolName: this.poolName });
  }
}
