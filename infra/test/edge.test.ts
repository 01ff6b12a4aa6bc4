import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { CERT_MANAGER_CHART_REPO } from "../components/cert-manager.js";
import { DEV_CA_ISSUER } from "../components/dev-certificate-authority.js";
import { NGINX_TLS } from "../components/web.js";
import { parseStackConfig, rawStackConfig, StackConfigError } from "../config/index.js";
import { VAGRANT_POD_CIDR } from "../config/targets.js";
import { CERT_MANAGER_CHART_VERSION, readCertManagerVersion } from "../config/tls.js";
import { REF_IMAGES } from "./support/config-problems.js";
import { find, type KubeObject, kubeObjects } from "./support/kube-objects.js";
import { isWrappedSecret, plainStrings } from "./support/mock-cluster.js";
import { runProgram } from "./support/run-program.js";
import { REPOSITORY_ROOT, readStackConfig, type StackName } from "./support/stack-files.js";
import { testCertificate } from "./support/test-certificate.js";

// The edge of the cluster (issue 16, points 1-2): ssgbay:tls, and client addresses kept from the
// load balancer to the API's limiter.

/** A stack file's config with given images and overrides (full keys, JSON for structures). */
function stackConfig(stack: StackName, overrides: Record<string, unknown> = {}) {
  const values: Record<string, string> = {
    ...readStackConfig(stack),
    "ssgbay:images": JSON.stringify(REF_IMAGES),
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete values[`ssgbay:${key}`];
    else values[`ssgbay:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return values;
}

function problemsOf(stack: StackName, overrides: Record<string, unknown>): string[] {
  const { values, problems } = rawStackConfig(stackConfig(stack, overrides));
  try {
    parseStackConfig(values, problems, stack);
  } catch (error) {
    if (error instanceof StackConfigError) return error.problems;
    throw error;
  }
  return problems;
}

type Container = {
  name: string;
  env?: { name: string; value?: string }[];
  ports?: { name: string; containerPort: number }[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
};
type PodSpec = {
  containers: Container[];
  volumes?: { name: string; secret?: { secretName: string; defaultMode?: number } }[];
};

function webPod(objects: KubeObject[]): { web: Container; spec: PodSpec } {
  const spec = (find(objects, "Deployment", "web").manifest.spec as { template: { spec: PodSpec } })
    .template.spec;
  const web = spec.containers.find((container) => container.name === "web");
  if (!web) throw new Error("the web pod has no web container");
  return { web, spec };
}

type ServiceSpec = {
  type: string;
  externalTrafficPolicy?: string;
  ports: { name: string; port: number; targetPort: string }[];
};
const serviceSpec = (objects: KubeObject[], name: string) =>
  find(objects, "Service", name).manifest.spec as ServiceSpec;

function appConfigMap(objects: KubeObject[]): Record<string, string> {
  const configMap = objects.find(
    (object) => object.kind === "ConfigMap" && object.resourceName === "app-config-configmap",
  );
  if (!configMap) throw new Error("no app ConfigMap");
  return configMap.manifest.data as Record<string, string>;
}

describe("ssgbay:tls", () => {
  it("serves plain HTTP on dev by default: port 80 only, no TLS volume, cookies not Secure", async () => {
    const objects = kubeObjects((await runProgram("dev", stackConfig("dev"))).resources);
    const { web, spec } = webPod(objects);
    expect(web.ports).toEqual([{ name: "http", containerPort: 8080 }]);
    expect(web.env?.map((variable) => variable.name)).toEqual(["API_UPSTREAM"]);
    expect(spec.volumes?.some((volume) => volume.secret)).toBe(false);
    expect(serviceSpec(objects, "web").ports).toEqual([
      { name: "http", port: 80, targetPort: "http" },
    ]);
    expect(appConfigMap(objects).COOKIE_SECURE).toBe("false");
    expect(objects.some((object) => object.kind === "Certificate")).toBe(false);
  });

  it("mode secret: a kubernetes.io/tls Secret from the config secrets, mounted for nginx's HTTPS on 443", async () => {
    const pair = testCertificate();
    const run = await runProgram("dev", stackConfig("dev", { tls: { mode: "secret", ...pair } }), {
      secretKeys: ["ssgbay:tls"],
    });
    const objects = kubeObjects(run.resources);
    const secret = objects.find(
      (object) => object.kind === "Secret" && object.resourceName === "web-tls",
    );
    if (!secret) throw new Error("no TLS Secret");
    expect(secret.manifest.type).toBe("kubernetes.io/tls");
    expect(secret.manifest.stringData).toEqual({
      "tls.crt": pair.certificate,
      "tls.key": pair.key,
    });
    // the key reaches state only encrypted: every value of the Secret is a Pulumi secret
    const stringData = secret.inputs.stringData as Record<string, unknown>;
    expect(isWrappedSecret(stringData["tls.key"]) || isWrappedSecret(stringData)).toBe(true);
    for (const resource of run.resources)
      expect(plainStrings(resource.inputs), resource.name).not.toContain(pair.key);

    const { web, spec } = webPod(objects);
    expect(web.ports).toEqual([
      { name: "http", containerPort: 8080 },
      { name: "https", containerPort: 8443 },
    ]);
    expect(web.env).toContainEqual({
      name: "NGINX_ENVSUBST_TEMPLATE_DIR",
      value: NGINX_TLS.templateDir,
    });
    expect(web.volumeMounts).toContainEqual({
      name: "tls",
      mountPath: NGINX_TLS.certificateDir,
      readOnly: true,
    });
    expect(spec.volumes).toContainEqual({
      name: "tls",
      secret: { secretName: secret.name, defaultMode: 0o440 },
    });
    expect(serviceSpec(objects, "web").ports).toEqual([
      { name: "http", port: 80, targetPort: "http" },
      { name: "https", port: 443, targetPort: "https" },
    ]);
    expect(appConfigMap(objects).COOKIE_SECURE).toBe("true");
    expect(run.outputs.webUrl).toBe("https://10.0.0.200");
  });

  it("mode certManager on prod: a Certificate from the configured issuer, its Secret mounted", async () => {
    const objects = kubeObjects((await runProgram("prod", stackConfig("prod"))).resources);
    const certificate = find(objects, "Certificate", "web");
    expect(certificate.manifest.spec).toMatchObject({
      secretName: "web-tls",
      dnsNames: ["shop.ssgbay.example"],
      issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: "letsencrypt-dns" },
    });
    expect(webPod(objects).spec.volumes).toContainEqual({
      name: "tls",
      secret: { secretName: "web-tls", defaultMode: 0o440 },
    });
    expect(appConfigMap(objects).COOKIE_SECURE).toBe("true");
    // a managed cluster brings its own cert-manager: nothing installed
    expect(objects.some((object) => object.kind === "ClusterIssuer")).toBe(false);
  });

  it("tls.installCertManager on Vagrant: the pinned chart and an offline dev CA issuing the web's certificate", async () => {
    const run = await runProgram(
      "dev",
      stackConfig("dev", {
        tls: { mode: "certManager", installCertManager: true, ipAddresses: ["10.0.0.200"] },
      }),
    );
    const release = run.resources.find((resource) => resource.name === "cert-manager-release");
    expect(release?.inputs).toMatchObject({
      chart: "cert-manager",
      version: CERT_MANAGER_CHART_VERSION,
      repositoryOpts: { repo: CERT_MANAGER_CHART_REPO },
      namespace: "cert-manager",
      values: { crds: { enabled: true } },
    });
    const objects = kubeObjects(run.resources);
    const issuers = objects.filter((object) => object.kind === "ClusterIssuer");
    expect(issuers.map((issuer) => [issuer.name, issuer.manifest.spec])).toEqual([
      ["ssgbay-selfsigned", { selfSigned: {} }],
      [DEV_CA_ISSUER.name, { ca: { secretName: "ssgbay-dev-ca" } }],
    ]);
    const ca = objects.find((object) => object.kind === "Certificate" && object.name !== "web");
    expect(ca?.manifest.spec).toMatchObject({
      isCA: true,
      secretName: "ssgbay-dev-ca",
      issuerRef: { kind: "ClusterIssuer", name: "ssgbay-selfsigned" },
    });
    const web = find(objects, "Certificate", "web");
    expect(web.manifest.spec).toMatchObject({
      ipAddresses: ["10.0.0.200"],
      issuerRef: { group: "cert-manager.io", ...DEV_CA_ISSUER },
    });
    // the CA chain waits for the chart's CRDs, the web's certificate for the CA issuer
    const options = (name: string) => {
      const resource = run.resources.find(
        (candidate) => candidate.name === name && candidate.type.startsWith("kubernetes:"),
      );
      if (!resource) throw new Error(`no resource ${name}`);
      return resource.options;
    };
    expect(options("dev-ca-bootstrap-issuer").dependencies).toContainEqual(
      expect.stringMatching(/::cert-manager-release$/),
    );
    expect(options("web-certificate").dependencies).toContainEqual(
      expect.stringMatching(/::dev-ca-issuer$/),
    );
    // stacks made while these were CertManager's children keep them (aliased, not re-created)
    const certManagerUrn = expect.stringMatching(/ssgbay:index:CertManager::cert-manager$/);
    for (const [name, former] of [
      ["dev-ca-bootstrap-issuer", "cert-manager-bootstrap-issuer"],
      ["dev-ca", "cert-manager-dev-ca"],
      ["dev-ca-issuer", "cert-manager-dev-ca-issuer"],
    ] as const) {
      expect(options(name).aliases).toEqual([
        { name: former, type: "", parentUrn: certManagerUrn },
      ]);
    }
  });

  it("tls.devCa alone: the dev CA for a cert-manager the cluster already runs, no chart", async () => {
    const run = await runProgram(
      "dev",
      stackConfig("dev", { tls: { mode: "certManager", devCa: true, dnsNames: ["a.example"] } }),
    );
    expect(run.resources.some((resource) => resource.name === "cert-manager-release")).toBe(false);
    expect(run.resources.some((resource) => resource.type === "ssgbay:index:CertManager")).toBe(
      false,
    );
    const objects = kubeObjects(run.resources);
    expect(
      objects.some((object) => object.kind === "Namespace" && object.name === "cert-manager"),
    ).toBe(false);
    expect(
      objects
        .filter((object) => ["ClusterIssuer", "Certificate"].includes(object.kind))
        .map((object) => [object.kind, object.namespace, object.name]),
    ).toEqual([
      ["ClusterIssuer", undefined, "ssgbay-selfsigned"],
      ["Certificate", "cert-manager", "ssgbay-dev-ca"],
      ["ClusterIssuer", undefined, DEV_CA_ISSUER.name],
      ["Certificate", "ssgbay", "web"],
    ]);
    expect(find(objects, "Certificate", "web").manifest.spec).toMatchObject({
      dnsNames: ["a.example"],
      issuerRef: { group: "cert-manager.io", ...DEV_CA_ISSUER },
    });
    const bootstrap = run.resources.find((resource) => resource.name === "dev-ca-bootstrap-issuer");
    expect(bootstrap?.options).toMatchObject({ dependencies: [], aliases: [] });
    const webCertificate = run.resources.find((resource) => resource.name === "web-certificate");
    expect(webCertificate?.options.dependencies).toContainEqual(
      expect.stringMatching(/::dev-ca-issuer$/),
    );
  });

  it("tls.installCertManager with devCa false: the chart only, the web's issuer from tls.issuer", async () => {
    const issuer = { kind: "Issuer", name: "corporate-ca" };
    const run = await runProgram(
      "dev",
      stackConfig("dev", {
        tls: {
          mode: "certManager",
          installCertManager: true,
          devCa: false,
          dnsNames: ["a.example"],
          issuer,
        },
      }),
    );
    const objects = kubeObjects(run.resources);
    expect(objects.some((object) => object.kind === "ClusterIssuer")).toBe(false);
    expect(find(objects, "Certificate", "web").manifest.spec).toMatchObject({
      issuerRef: { group: "cert-manager.io", ...issuer },
    });
    const webCertificate = run.resources.find((resource) => resource.name === "web-certificate");
    expect(webCertificate?.options.dependencies).toContainEqual(
      expect.stringMatching(/::cert-manager-release$/),
    );
  });

  it("cert-manager's version has one home, read by the program and the engine scripts alike", () => {
    expect(CERT_MANAGER_CHART_VERSION).toMatch(/^v\d+\.\d+\.\d+$/);
    const fromScripts = execFileSync(
      "bash",
      ["-c", 'source tools/engine/lib.sh && printf %s "$CERT_MANAGER_VERSION"'],
      { cwd: REPOSITORY_ROOT, encoding: "utf8" },
    );
    expect(fromScripts).toBe(CERT_MANAGER_CHART_VERSION);
    const scratch = mkdtempSync(path.join(os.tmpdir(), "ssgbay-pin-"));
    try {
      const bad = pathToFileURL(path.join(scratch, "cert-manager.json"));
      writeFileSync(bad, JSON.stringify({ version: "1.20" }));
      expect(() => readCertManagerVersion(bad)).toThrow(
        `${bad.pathname}: version: must be a chart version such as v1.20.3`,
      );
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it("refuses plain HTTP on prod and staging unless tls.allowPlainHttp says so", () => {
    for (const stack of ["prod", "staging"] as const) {
      expect(problemsOf(stack, { tls: { mode: "none" } })).toEqual([
        `ssgbay:tls.mode: must be secret or certManager on stack ${stack} (or set ssgbay:tls.allowPlainHttp: true to serve plain HTTP on purpose)`,
      ]);
      expect(problemsOf(stack, { tls: undefined })).toHaveLength(1);
      expect(problemsOf(stack, { tls: { mode: "none", allowPlainHttp: true } })).toEqual([]);
    }
    expect(problemsOf("dev", { tls: { mode: "none" } })).toEqual([]);
  });

  it("names the key and rule of every other bad TLS setting, never echoing the key", () => {
    const pair = testCertificate();
    const other = testCertificate({ name: "other.example" });
    const shortLived = testCertificate({ days: 1 });
    expect(problemsOf("dev", { tls: { mode: "secret", ...pair, key: other.key } })).toEqual([
      "ssgbay:tls.key: does not belong to tls.certificate",
    ]);
    // judged on the day after its last day
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 2 * 86_400_000 });
    const expiredProblems = problemsOf("dev", { tls: { mode: "secret", ...shortLived } });
    vi.useRealTimers();
    expect(expiredProblems).toHaveLength(1);
    expect(expiredProblems[0]).toMatch(/^ssgbay:tls\.certificate: expired on /);
    const garbage = problemsOf("dev", {
      tls: { mode: "secret", certificate: "not a certificate", key: "secret-key-text" },
    });
    expect(garbage.map((line) => line.split(":").slice(0, 2).join(":"))).toEqual([
      "ssgbay:tls.certificate",
      "ssgbay:tls.key",
    ]);
    expect(garbage.join("\n")).not.toContain("secret-key-text");
    expect(problemsOf("dev", { tls: { mode: "secret", certificate: pair.certificate } })).toEqual([
      "ssgbay:tls.key: is required",
    ]);
    expect(
      problemsOf("prod", {
        tls: { mode: "certManager", installCertManager: true, dnsNames: ["a.example"] },
      }),
    ).toEqual([
      "ssgbay:tls.installCertManager: is only for target vagrant (a managed cluster brings its own cert-manager; name its issuer in tls.issuer)",
    ]);
    expect(
      problemsOf("prod", { tls: { mode: "certManager", devCa: true, dnsNames: ["a.example"] } }),
    ).toEqual([
      "ssgbay:tls.devCa: is only for target vagrant (a managed cluster's certificates come from a real issuer; name it in tls.issuer)",
    ]);
    for (const tls of [
      { dnsNames: ["a.example"] },
      { dnsNames: ["a.example"], installCertManager: true, devCa: false },
    ]) {
      expect(problemsOf("dev", { tls: { mode: "certManager", ...tls } })).toEqual([
        "ssgbay:tls.issuer: is required unless tls.devCa (or tls.installCertManager) is set (the {kind, name} of a cert-manager issuer)",
      ]);
    }
    expect(problemsOf("dev", { tls: { mode: "certManager", installCertManager: true } })).toEqual([
      "ssgbay:tls.dnsNames: must list at least one name (or tls.ipAddresses an address) for the certificate",
    ]);
    expect(problemsOf("dev", { tls: { mode: "https" } })).toEqual([
      "ssgbay:tls.mode: must have mode none, secret or certManager",
    ]);
    expect(problemsOf("dev", { tls: { mode: "none", certificate: pair.certificate } })).toEqual([
      "ssgbay:tls.certificate: is not a known setting",
    ]);
  });
});

describe("client addresses", () => {
  it("keeps them at every LoadBalancer Service (externalTrafficPolicy Local), the API's included", async () => {
    const objects = kubeObjects(
      (await runProgram("dev", stackConfig("dev", { api: { loadBalancer: true } }))).resources,
    );
    for (const name of ["web", "api"]) {
      expect(serviceSpec(objects, name), name).toMatchObject({
        type: "LoadBalancer",
        externalTrafficPolicy: "Local",
      });
    }
    for (const service of objects.filter((object) => object.kind === "Service")) {
      const spec = service.manifest.spec as ServiceSpec;
      if (spec.type !== "LoadBalancer")
        expect(spec.externalTrafficPolicy, service.name).toBeUndefined();
    }
  });

  it("has the API trust exactly the pod CIDRs (TRUST_PROXY), Vagrant's from its cluster settings", async () => {
    const settings = z
      .object({ kubernetes: z.object({ pod_cidr: z.string() }) })
      .parse(
        parse(
          readFileSync(path.join(REPOSITORY_ROOT, "infra/cluster/vagrant/settings.yaml"), "utf8"),
        ),
      );
    expect(VAGRANT_POD_CIDR).toBe(settings.kubernetes.pod_cidr);
    const dev = kubeObjects((await runProgram("dev", stackConfig("dev"))).resources);
    expect(appConfigMap(dev).TRUST_PROXY).toBe(VAGRANT_POD_CIDR);
    const staging = kubeObjects((await runProgram("staging", stackConfig("staging"))).resources);
    expect(appConfigMap(staging).TRUST_PROXY).toBe("10.244.0.0/16");
    const two = kubeObjects(
      (
        await runProgram(
          "staging",
          stackConfig("staging", { podCidrs: ["10.8.0.0/14", "fd00:10::/56"] }),
        )
      ).resources,
    );
    expect(appConfigMap(two).TRUST_PROXY).toBe("10.8.0.0/14,fd00:10::/56");
  });

  it("refuses a hop count, `true` or a missing pod CIDR instead of trusting whoever connects", () => {
    for (const bad of ["1", "true", "10.0.0.0/40"]) {
      expect(problemsOf("staging", { podCidrs: [bad] }), bad).toEqual([
        "ssgbay:podCidrs.0: must be an IP address, a CIDR or one of loopback, linklocal, uniquelocal",
      ]);
    }
    expect(problemsOf("staging", { podCidrs: [] })).toEqual([
      "ssgbay:podCidrs: must list at least one pod CIDR",
    ]);
    expect(problemsOf("staging", { podCidrs: undefined })).toEqual([
      "ssgbay:podCidrs: is required",
    ]);
    expect(problemsOf("staging", { api: { trustProxy: "1" } })).toEqual([
      "ssgbay:api.trustProxy: is not a known setting",
    ]);
  });
});
