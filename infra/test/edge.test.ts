import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { CERT_MANAGER_CHART_REPO, DEV_CA_ISSUER } from "../components/cert-manager.js";
import { NGINX_TLS } from "../components/web.js";
import { parseStackConfig, rawStackConfig, StackConfigError } from "../config/index.js";
import { VAGRANT_POD_CIDR } from "../config/targets.js";
import { CERT_MANAGER_CHART_VERSION } from "../config/tls.js";
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
    expect(CERT_MANAGER_CHART_VERSION).toMatch(/^v\d+\.\d+\.\d+$/);
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
    // created only once the CA issuer exists, which waits for the chart's CRDs
    const webCertificate = run.resources.find((resource) => resource.name === "web-certificate");
    expect(
      webCertificate?.options.dependencies.some((urn) =>
        urn.endsWith("cert-manager-dev-ca-issuer"),
      ),
    ).toBe(true);
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
    expect(problemsOf("dev", { tls: { mode: "certManager", dnsNames: ["a.example"] } })).toEqual([
      "ssgbay:tls.issuer: is required unless tls.installCertManager is set (the {kind, name} of a cert-manager issuer)",
    ]);
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
