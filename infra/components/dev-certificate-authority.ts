import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CERT_MANAGER_NAMESPACE, type IssuerRef } from "./cert-manager.js";
import { type ClusterScope, childOptions } from "./context.js";
import { recommendedLabels } from "./labels.js";

/** The dev CA's issuer: the web certificate's issuer unless tls.issuer says otherwise. */
export const DEV_CA_ISSUER: IssuerRef = { kind: "ClusterIssuer", name: "ssgbay-dev-ca" };
export const DEV_CA_BOOTSTRAP_ISSUER = "ssgbay-selfsigned";
/** The dev CA's certificate and key (in the cert-manager namespace, where ClusterIssuers read). */
export const DEV_CA_SECRET = "ssgbay-dev-ca";

export interface DevCertificateAuthorityArgs extends ClusterScope {
  /**
   * The cert-manager installation it needs first (its CRDs and namespace); absent when the
   * cluster already runs cert-manager with its cluster resource namespace CERT_MANAGER_NAMESPACE.
   */
  certManager?: pulumi.Resource;
  /** The CertManager component (and its name) that held these objects before this one existed. */
  formerParent?: { resource: pulumi.Resource; name: string };
}

/**
 * A CA that needs no network, for the cluster's cert-manager (tls.devCa, Vagrant): a self-signed
 * bootstrap issuer signs the dev CA's certificate, and the CA issuer (DEV_CA_ISSUER) signs the
 * web's. Browsers trust it once the CA certificate is imported:
 * `kubectl -n cert-manager get secret ssgbay-dev-ca -o jsonpath='{.data.ca\.crt}' | base64 -d`.
 */
export class DevCertificateAuthority extends pulumi.ComponentResource {
  /** What a Certificate from DEV_CA_ISSUER must wait for. */
  readonly issuer: pulumi.Resource;

  constructor(
    name: string,
    args: DevCertificateAuthorityArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("ssgbay:index:DevCertificateAuthority", name, {}, opts);
    const childOpts = childOptions(this, args);
    const labels = recommendedLabels({
      name: "cert-manager",
      component: "certificates",
      instance: args.instance,
    });
    // Before this component existed these objects were children of CertManager, named after it:
    // the aliases keep them in stacks made then (no delete and re-create of the CA).
    const former = args.formerParent;
    const childOf = (
      formerSuffix: string,
      dependsOn: pulumi.Resource[],
    ): pulumi.CustomResourceOptions => ({
      ...childOpts,
      dependsOn,
      aliases: former ? [{ name: `${former.name}-${formerSuffix}`, parent: former.resource }] : [],
    });
    const bootstrap = new k8s.apiextensions.CustomResource(
      `${name}-bootstrap-issuer`,
      {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name: DEV_CA_BOOTSTRAP_ISSUER, labels },
        spec: { selfSigned: {} },
      },
      childOf("bootstrap-issuer", args.certManager ? [args.certManager] : []),
    );
    const caCertificate = new k8s.apiextensions.CustomResource(
      name,
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
          issuerRef: {
            group: "cert-manager.io",
            kind: "ClusterIssuer",
            name: DEV_CA_BOOTSTRAP_ISSUER,
          },
        },
      },
      childOf("dev-ca", [bootstrap]),
    );
    this.issuer = new k8s.apiextensions.CustomResource(
      `${name}-issuer`,
      {
        apiVersion: "cert-manager.io/v1",
        kind: DEV_CA_ISSUER.kind,
        metadata: { name: DEV_CA_ISSUER.name, labels },
        spec: { ca: { secretName: DEV_CA_SECRET } },
      },
      childOf("dev-ca-issuer", [caCertificate]),
    );
    this.registerOutputs({});
  }
}
