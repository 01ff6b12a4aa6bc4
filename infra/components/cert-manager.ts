import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { type ClusterScope, childOptions } from "./context.js";
import { recommendedLabels } from "./labels.js";

export const CERT_MANAGER_NAMESPACE = "cert-manager";
export const CERT_MANAGER_CHART_REPO = "https://charts.jetstack.io";

/** How cert-manager objects name their issuer. */
export interface IssuerRef {
  kind: "ClusterIssuer" | "Issuer";
  name: string;
}

export interface CertManagerArgs extends ClusterScope {
  chartVersion: string;
}

/**
 * cert-manager for a cluster that has none (tls.installCertManager, Vagrant): the pinned Helm
 * chart with its CRDs in namespace CERT_MANAGER_NAMESPACE (also its cluster resource namespace,
 * where ClusterIssuers read Secrets). Issuers come from elsewhere (DevCertificateAuthority).
 */
export class CertManager extends pulumi.ComponentResource {
  constructor(name: string, args: CertManagerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ssgbay:index:CertManager", name, {}, opts);
    const childOpts = childOptions(this, args);
    const labels = recommendedLabels({
      name: "cert-manager",
      component: "certificates",
      instance: args.instance,
    });
    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      { metadata: { name: CERT_MANAGER_NAMESPACE, labels } },
      childOpts,
    );
    new k8s.helm.v3.Release(
      `${name}-release`,
      {
        name: "cert-manager",
        chart: "cert-manager",
        version: args.chartVersion,
        repositoryOpts: { repo: CERT_MANAGER_CHART_REPO },
        namespace: namespace.metadata.name,
        values: { crds: { enabled: true } },
        atomic: true,
        timeout: 600,
      },
      childOpts,
    );
    this.registerOutputs({});
  }
}
