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

/** The dev CA's issuer that CertManager sets up: the web certificate's issuer unless tls.issuer says otherwise. */
export const DEV_CA_ISSUER: IssuerRef = { kind: "ClusterIssuer", name: "ssgbay-dev-ca" };
const BOOTSTRAP_ISSUER = "ssgbay-selfsigned";
/** The dev CA's certificate and key (in the cert-manager namespace, where ClusterIssuers read). */
const DEV_CA_SECRET = "ssgbay-dev-ca";

export interface CertManagerArgs extends ClusterScope {
  chartVersion: string;
}

/**
 * cert-manager for a cluster that has none (tls.installCertManager, Vagrant): the pinned Helm
 * chart with its CRDs, and a CA of its own that needs no network: a self-signed bootstrap
 * issuer signs the dev CA's certificate, and the CA issuer (DEV_CA_ISSUER) signs the web's.
 * Browsers trust it once the CA certificate is imported:
 * `kubectl -n cert-manager get secret ssgbay-dev-ca -o jsonpath='{.data.ca\.crt}' | base64 -d`.
 */
export class CertManager extends pulumi.ComponentResource {
  /** What a Certificate from DEV_CA_ISSUER must wait for. */
  readonly issuer: pulumi.Resource;

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
    const release = new k8s.helm.v3.Release(
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
    const afterRelease = { ...childOpts, dependsOn: [release] };
    const bootstrap = new k8s.apiextensions.CustomResource(
      `${name}-bootstrap-issuer`,
      {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name: BOOTSTRAP_ISSUER, labels },
        spec: { selfSigned: {} },
      },
      afterRelease,
    );
    const caCertificate = new k8s.apiextensions.CustomResource(
      `${name}-dev-ca`,
      {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: DEV_CA_SECRET, namespace: CERT_MANAGER_NAMESPACE, labels },
        spec: {
          isCA: true,
          commonName: `SSGBay dev CA (${args.instance})`,
          secretName: DEV_CA_SECRET,
          duration: "87600h",
          privateKey: { algorithm: "ECDSA", size: 256 },
          issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: BOOTSTRAP_ISSUER },
        },
      },
      { ...childOpts, dependsOn: [bootstrap] },
    );
    this.issuer = new k8s.apiextensions.CustomResource(
      `${name}-dev-ca-issuer`,
      {
        apiVersion: "cert-manager.io/v1",
        kind: DEV_CA_ISSUER.kind,
        metadata: { name: DEV_CA_ISSUER.name, labels },
        spec: { ca: { secretName: DEV_CA_SECRET } },
      },
      { ...childOpts, dependsOn: [caCertificate] },
    );
    this.registerOutputs({});
  }
}
