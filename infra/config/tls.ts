// ssgbay:tls — whether and how the web serves HTTPS (infra/README.md, "TLS").
import { createPrivateKey, X509Certificate } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { keyName } from "./problems.js";
import { booleanFlag, dnsSubdomain, ipv4 } from "./rules.js";
import type { ManagedTarget, VagrantTarget } from "./targets.js";

/** Stacks that serve real users: plain HTTP there only by explicit choice (tls.allowPlainHttp). */
export const PUBLIC_STACKS = ["prod", "staging"] as const;

/** The cert-manager chart installed by tls.installCertManager (charts.jetstack.io). */
export const CERT_MANAGER_CHART_VERSION = "v1.20.4";

const certificatePem = z
  .string()
  .regex(
    /^\s*-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/,
    "must be a PEM certificate chain (-----BEGIN CERTIFICATE----- …), the server's first",
  );
const privateKeyPem = z
  .string()
  .regex(
    /^\s*-----BEGIN (RSA |EC )?PRIVATE KEY-----[\s\S]+-----END (RSA |EC )?PRIVATE KEY-----\s*$/,
    "must be a PEM private key (-----BEGIN PRIVATE KEY----- …)",
  );

/** Why a certificate and key cannot serve, judged by Node's own X.509 parser; none if they can. */
function certificateProblems(
  certificate: string,
  key: string,
  now: Date,
): { path: "certificate" | "key"; message: string }[] {
  let parsed: X509Certificate;
  try {
    parsed = new X509Certificate(certificate);
  } catch {
    return [{ path: "certificate", message: "is not a readable X.509 certificate" }];
  }
  const problems: { path: "certificate" | "key"; message: string }[] = [];
  if (new Date(parsed.validTo) <= now) {
    problems.push({ path: "certificate", message: `expired on ${parsed.validTo}` });
  }
  try {
    if (!parsed.checkPrivateKey(createPrivateKey(key)))
      problems.push({ path: "key", message: "does not belong to tls.certificate" });
  } catch {
    problems.push({ path: "key", message: "is not a readable private key" });
  }
  return problems;
}

const noTls = z
  .object({
    mode: z.literal("none"),
    /** prod and staging refuse mode none unless this says plain HTTP is meant. */
    allowPlainHttp: booleanFlag.default(false),
  })
  .strict();

/** A certificate and key given as config secrets; they reach the cluster only as a TLS Secret. */
const fromSecret = z
  .object({ mode: z.literal("secret"), certificate: certificatePem, key: privateKeyPem })
  .strict()
  .superRefine((tls, context) => {
    // zod runs this even when a field failed its own rule: judge only well-formed PEM
    if (!certificatePem.safeParse(tls.certificate).success) return;
    if (!privateKeyPem.safeParse(tls.key).success) return;
    for (const { path, message } of certificateProblems(tls.certificate, tls.key, new Date()))
      context.addIssue({ code: "custom", path: [path], message });
  })
  .transform((tls) => ({
    mode: tls.mode,
    certificate: pulumi.secret(tls.certificate),
    key: pulumi.secret(tls.key),
  }));

const issuerRef = z
  .object({
    kind: z.enum(["ClusterIssuer", "Issuer"], { error: "must be ClusterIssuer or Issuer" }),
    name: dnsSubdomain,
  })
  .strict();

const fromCertManager = z
  .object({
    mode: z.literal("certManager"),
    /** The names the certificate is for (DNS names and/or IPv4 addresses, at least one). */
    dnsNames: z.array(dnsSubdomain).default([]),
    ipAddresses: z.array(ipv4).default([]),
    /** Who signs it; defaults to the dev CA that installCertManager sets up. */
    issuer: issuerRef.optional(),
    /** Vagrant only: install cert-manager (Helm) and a self-signed dev CA issuer. */
    installCertManager: booleanFlag.default(false),
    chartVersion: z
      .string()
      .regex(/^v\d+\.\d+\.\d+$/, "must be a chart version such as v1.20.4")
      .default(CERT_MANAGER_CHART_VERSION),
  })
  .strict();

export const tlsSchema = z
  .discriminatedUnion("mode", [noTls, fromSecret, fromCertManager], {
    error: "must have mode none, secret or certManager",
  })
  .prefault({ mode: "none" });

export type TlsConfig = z.infer<typeof tlsSchema>;

/** Whether the web serves HTTPS (and the API's cookies are then `Secure`). */
export function servesTls(tls: TlsConfig): boolean {
  return tls.mode !== "none";
}

/** The rules of ssgbay:tls that depend on the stack's name and target. */
export function tlsProblems(
  tls: TlsConfig,
  target: VagrantTarget | ManagedTarget,
  stack: string | undefined,
): string[] {
  const problems: string[] = [];
  const publicStack = PUBLIC_STACKS.find((name) => name === stack);
  if (tls.mode === "none" && publicStack && !tls.allowPlainHttp) {
    problems.push(
      `${keyName(["tls", "mode"])}: must be secret or certManager on stack ${publicStack} (or set ${keyName(["tls", "allowPlainHttp"])}: true to serve plain HTTP on purpose)`,
    );
  }
  if (tls.mode === "certManager") {
    if (tls.dnsNames.length === 0 && tls.ipAddresses.length === 0) {
      problems.push(
        `${keyName(["tls", "dnsNames"])}: must list at least one name (or tls.ipAddresses an address) for the certificate`,
      );
    }
    if (tls.installCertManager && target.kind !== "vagrant") {
      problems.push(
        `${keyName(["tls", "installCertManager"])}: is only for target vagrant (a managed cluster brings its own cert-manager; name its issuer in tls.issuer)`,
      );
    }
    if (!tls.issuer && !tls.installCertManager) {
      problems.push(
        `${keyName(["tls", "issuer"])}: is required unless tls.installCertManager is set (the {kind, name} of a cert-manager issuer)`,
      );
    }
  }
  return problems;
}
