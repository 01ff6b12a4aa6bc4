/**
 * The dev stack with `tls.mode: certManager` through the real Pulumi engine, against cert-manager's
 * real CRDs (tools/engine/cert-manager-crds.sh): the API server validates the web's Certificate
 * against cert-manager's own OpenAPI schema during `pulumi up`. No cert-manager controller runs
 * here, so nothing issues the certificate (see tools/engine/README.md for what is not proven).
 * Needs tools/engine/build-toolchain.sh.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { appImages, EngineContext, type StackSecrets } from "./support/engine-context.js";
import { objectMeta } from "./support/kube-schemas.js";
import { CommandError, engineDirectory, runCommand } from "./support/toolchain.js";

const STACK = "dev";
const NAMESPACE = "ssgbay";
const HOST = "shop.ssgbay.test";
const ISSUER = { kind: "ClusterIssuer", name: "ssgbay-test-issuer" };

const secrets: StackSecrets = {
  mysqlRootPassword: randomBytes(24).toString("hex"),
  mysqlExporterPassword: randomBytes(24).toString("hex"),
  mysqlPassword: randomBytes(24).toString("hex"),
  jwtSecret: randomBytes(32).toString("hex"),
};

const certificateSchema = z.object({
  metadata: objectMeta,
  spec: z.object({
    secretName: z.string(),
    dnsNames: z.array(z.string()).optional(),
    privateKey: z.object({ algorithm: z.string(), size: z.number(), rotationPolicy: z.string() }),
    issuerRef: z.object({ group: z.string(), kind: z.string(), name: z.string() }),
  }),
});

describe.sequential("tls.mode certManager against cert-manager's real CRDs", () => {
  let engine: EngineContext;
  let scratch: string;

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
    await engine.initDevStack(STACK, appImages(1), secrets);
    const tls = {
      mode: "certManager",
      "dnsNames[0]": HOST,
      "issuer.kind": ISSUER.kind,
      "issuer.name": ISSUER.name,
    };
    for (const [key, value] of Object.entries(tls)) {
      await engine.pulumi.setConfig(STACK, `ssgbay:tls.${key}`, value, { path: true });
    }
  });

  afterAll(async () => {
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
          issuerRef: ISSUER,
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
      issuerRef: { group: "cert-manager.io", ...ISSUER },
    });
  });

  it("is idempotent: a second preview with --expect-no-changes passes", async () => {
    await engine.pulumi.preview(STACK, ["--expect-no-changes"]);
  });
});
