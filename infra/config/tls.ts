// ssgbay:tls — whether and how the web serves HTTPS (infra/README.md, "TLS").
import { createPrivateKey, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { keyName } from "./problems.js";
import { booleanFlag, dnsSubdomain, ipv4 } from "./rules.js";
import type { ManagedTarget, VagrantTarget } from "./targets.js";

/** Stacks that serve real users: plain HTTP there only by explicit choice (tls.allowPlainHttp). */
export const PUBLIC_STACKS = ["prod", "staging"] as const;

const chartVersion = z
  .string()
  .regex(/^v\d+\.\d+\.\d+$/, "must be a chart version such as v1.20.3");

/**
 * The one home of cert-manager's version: the chart tls.installCertManager installs
 * (charts.jetstack.io) and, read by tools/engine/lib.sh, the CRDs and controller the engine tests
 * build from the Go module of the same release, so those tests prove the version users get.
 */
export const CERT_MANAGER_VERSION_FILE = new URL("./cert-manager.json", import.meta.url);

/** The version in a pin file shaped like cert-manager.json; bad content names the file and key. */
export function readCertManagerVersion(file: URL): string {
  const pin = z
    .object({ version: chartVersion })
    .strict()
    .safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!pin.success) {
    const issue = pin.error.issues[0];
    throw new Error(`${file.pathname}: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
  }
  return pin.data.version;
}

/** The cert-manager chart installed by tls.installCertManager (charts.jetstack.io). */
export const CERT_MANAGER_CHART_VERSION = readCertManagerVersion(CERT_MANAGER_VERSION_FILE);

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
    /** Who signs it; defaults to the dev CA (devCa). */
    issuer: issuerRef.optional(),
    /** Vagrant only: install cert-manager (Helm); brings the dev CA unless devCa says otherwise. */
    installCertManager: booleanFlag.default(false),
    /**
     * Vagrant only: an offline dev CA chain for the cluster's cert-manager (DevCertificateAuthority),
     * with or without installCertManager; defaults to installCertManager.
     */
    devCa: booleanFlag.optional(),
    chartVersion: chartVersion.default(CERT_MANAGER_CHART_VERSION),
  })
  .strict()
  .transform((tls) => ({ ...tls, devCa: tls.devCa ?? tls.installCertManager }));

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
    } else if (tls.devCa && target.kind !== "vagrant") {
      problems.push(
        `${keyName(["tls", "devCa"])}: is only for target vagrant (a managed cluster's certificates come from a real issuer; name it in tls.issuer)`,
      );
    }
    if (!tls.issuer && !tls.devCa) {
      problems.push(
        `${keyName(["tls", "issuer"])}: is required unless tls.devCa (or tls.installCertManager) is set (the {kind, name} of a cert-manager issuer)`,
      );
    }
  }
  return problems;
}
