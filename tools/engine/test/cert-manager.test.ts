/**
 * The dev stack with `tls.mode: certManager` and the dev CA (`tls.devCa`, DevCertificateAuthority)
 * through the real Pulumi engine, with cert-manager's real CRDs (tools/engine/cert-manager-crds.sh)
 * and cert-manager's own controllers running on the host (cert-manager-controller/, built by
 * build-cert-manager-controller.sh): the API server validates the Certificates against
 * cert-manager's schema during `pulumi up`, and cert-manager then issues the web's certificate
 * from the dev CA chain. The chart (tls.installCertManager) is not installed: charts.jetstack.io
 * cannot be reached, so the controller stands in for the chart's Deployment (no webhook).
 * Needs tools/engine/build-toolchain.sh.
 */
import { createPrivateKey, randomBytes, X509Certificate } from "node:crypto";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { appImages, EngineContext, type StackSecrets } from "./support/engine-context.js";
import { HostProcess } from "./support/host-process.js";
import { decode, eventually, objectMeta } from "./support/kube-schemas.js";
import { CommandError, engineDirectory, runCommand } from "./support/toolchain.js";

const STACK = "dev";
const NAMESPACE = "ssgbay";
const HOST = "shop.ssgbay.test";
/** DevCertificateAuthority's issuer, CA Secret and the namespace ClusterIssuers read from. */
const DEV_CA = { kind: "ClusterIssuer", name: "ssgbay-dev-ca" };
const DEV_CA_SECRET = "ssgbay-dev-ca";
const CLUSTER_RESOURCE_NAMESPACE = "cert-manager";

const secrets: StackSecrets = {
  mysqlRootPassword: randomBytes(24).toString("hex"),
  mysqlExporterPassword: randomBytes(24).toString("hex"),
  mysqlPassword: randomBytes(24).toString("hex"),
  jwtSecret: randomBytes(32).toString("hex"),
};

const condition = z.object({ type: z.string(), status: z.string(), reason: z.string().optional() });
const certificateSchema = z.object({
  metadata: objectMeta,
  spec: z.object({
    secretName: z.string(),
    dnsNames: z.array(z.string()).optional(),
    privateKey: z.object({ algorithm: z.string(), size: z.number(), rotationPolicy: z.string() }),
    issuerRef: z.object({ group: z.string(), kind: z.string(), name: z.string() }),
  }),
  status: z.object({ conditions: z.array(condition).default([]) }).default({ conditions: [] }),
});
const tlsSecretSchema = z.object({
  type: z.literal("kubernetes.io/tls"),
  data: z.object({ "tls.crt": z.string(), "tls.key": z.string(), "ca.crt": z.string() }),
});

describe.sequential("tls.mode certManager: cert-manager issues the web's certificate from the dev CA", () => {
  let engine: EngineContext;
  let controller: HostProcess | undefined;
  let scratch: string;

  async function readySecret(namespace: string, name: string) {
    return eventually(async () => {
      await controller?.assertRunning();
      return tlsSecretSchema.parse(
        await engine.api.get(`/api/v1/namespaces/${namespace}/secrets/${name}`),
      );
    });
  }

  beforeAll(async () => {
    engine = await EngineContext.start();
    scratch = await mkdtemp(path.join(os.tmpdir(), "ssgbay-cert-manager-"));
    const { stdout } = await runCommand(path.join(engineDirectory, "cert-manager-crds.sh"), []);
    const crdDirectory = stdout.trim();
    const files = (await readdir(crdDirectory)).filter((file) => file.endsWith(".yaml"));
    await engine.kubectl([
      "apply",
      ...files.flatMap((file) => ["-f", path.join(crdDirectory, file)]),
    ]);
    await engine.kubectl([
      ...["wait", "--for=condition=Established", "--timeout=60s"],
      ...["crd/certificates.cert-manager.io", "crd/clusterissuers.cert-manager.io"],
    ]);
    // Where the chart would live; the dev CA's Secret goes there (its cluster resource namespace).
    await engine.kubectl(["create", "namespace", CLUSTER_RESOURCE_NAMESPACE]);
    controller = await HostProcess.start(
      path.join(engine.toolchain.CERT_MANAGER_CONTROLLER_DIR, "cert-manager-controller"),
      [
        `--kubeconfig=${engine.kubeconfig}`,
        `--cluster-resource-namespace=${CLUSTER_RESOURCE_NAMESPACE}`,
      ],
      path.join(engine.workDirectory, "cert-manager-controller.log"),
    );
    await engine.initDevStack(STACK, appImages(1), secrets);
    const tls = { mode: "certManager", "dnsNames[0]": HOST, devCa: "true" };
    for (const [key, value] of Object.entries(tls)) {
      await engine.pulumi.setConfig(STACK, `ssgbay:tls.${key}`, value, { path: true });
    }
  });

  afterAll(async () => {
    await controller?.stop();
    await engine?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it("validates what the schema forbids: a Certificate with an unknown key algorithm is refused", async () => {
    // Proves the schemas are live, so the `up` below could fail on a malformed object.
    const bad = path.join(scratch, "bad-certificate.json");
    await writeFile(
      bad,
      JSON.stringify({
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: "bad", namespace: "default" },
        spec: {
          secretName: "bad",
          dnsNames: [HOST],
          privateKey: { algorithm: "DSA" },
          issuerRef: DEV_CA,
        },
      }),
    );
    const refused = await engine.kubectl(["apply", "--dry-run=server", "-f", bad]).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(CommandError);
    expect(String((refused as CommandError).message)).toMatch(/privateKey\.algorithm/);
  });

  it("deploys; the API server stores the web's Certificate as our program declared it", async () => {
    await engine.pulumi.up(STACK);
    const certificate = certificateSchema.parse(
      await engine.api.get(`/apis/cert-manager.io/v1/namespaces/${NAMESPACE}/certificates/web`),
    );
    expect(certificate.spec).toMatchObject({
      secretName: "web-tls",
      dnsNames: [HOST],
      privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
      issuerRef: { group: "cert-manager.io", ...DEV_CA },
    });
  });

  it("issues web-tls: for the configured name, signed by the dev CA, the Certificate Ready", async () => {
    const web = await readySecret(NAMESPACE, "web-tls");
    const caSecret = await readySecret(CLUSTER_RESOURCE_NAMESPACE, DEV_CA_SECRET);
    const ca = new X509Certificate(decode(caSecret.data["tls.crt"]) ?? "");
    const leaf = new X509Certificate(decode(web.data["tls.crt"]) ?? "");

    expect(ca.ca).toBe(true);
    expect(ca.subject).toContain(`CN=SSGBay dev CA (${STACK})`);
    // the dev CA's own certificate is self-signed (by the bootstrap issuer's key: its own)
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.verify(leaf.publicKey)).toBe(false);
    expect(leaf.subjectAltName?.split(", ")).toEqual([`DNS:${HOST}`]);
    expect(leaf.checkHost(HOST)).toBe(HOST);
    expect(decode(web.data["ca.crt"])?.trim()).toBe(ca.toString().trim());
    const key = createPrivateKey(decode(web.data["tls.key"]) ?? "");
    expect(leaf.checkPrivateKey(key)).toBe(true);
    expect(key.asymmetricKeyType).toBe("ec");
    expect(new Date(leaf.validFrom).getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(new Date(leaf.validTo).getTime()).toBeGreaterThan(Date.now());

    const certificate = await eventually(async () => {
      const read = certificateSchema.parse(
        await engine.api.get(`/apis/cert-manager.io/v1/namespaces/${NAMESPACE}/certificates/web`),
      );
      expect(read.status.conditions).toContainEqual(
        expect.objectContaining({ type: "Ready", status: "True" }),
      );
      return read;
    });
    expect(certificate.status.conditions.find((entry) => entry.type === "Ready")?.reason).toBe(
      "Ready",
    );
  });

  it("is idempotent: a second preview with --expect-no-changes passes", async () => {
    await engine.pulumi.preview(STACK, ["--expect-no-changes"]);
  });
});
