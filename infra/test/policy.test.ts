import { describe, expect, it } from "vitest";
import { invariants, serviceAccountTokenCheck } from "../policy/invariants.js";
import { restrictedViolations } from "../policy/pod-security.js";
import type { PolicySubject } from "../policy/workloads.js";
import { podSpecSchema } from "../policy/workloads.js";

const labels = {
  "app.kubernetes.io/name": "api",
  "app.kubernetes.io/instance": "dev",
  "app.kubernetes.io/part-of": "ssgbay",
  "app.kubernetes.io/managed-by": "pulumi",
};
const digest = `registry.local/api@sha256:${"a".repeat(64)}`;
const secureContainer = {
  name: "api",
  image: digest,
  resources: {
    requests: { cpu: "100m", memory: "128Mi", "ephemeral-storage": "64Mi" },
    limits: { memory: "256Mi", "ephemeral-storage": "512Mi" },
  },
  livenessProbe: { httpGet: { path: "/healthz", port: "http" } },
  readinessProbe: { httpGet: { path: "/readyz", port: "http" } },
  securityContext: {
    allowPrivilegeEscalation: false,
    runAsNonRoot: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  },
};

function deployment(
  container: Record<string, unknown>,
  pod: Record<string, unknown> = {},
): PolicySubject {
  return {
    type: "kubernetes:apps/v1:Deployment",
    name: "api",
    props: {
      metadata: { name: "api", namespace: "ssgbay", labels },
      spec: {
        template: {
          metadata: { labels },
          spec: { containers: [container], automountServiceAccountToken: false, ...pod },
        },
      },
    },
  };
}
const namespace = (name: string, level: string | undefined): PolicySubject => ({
  type: "kubernetes:core/v1:Namespace",
  name,
  props: {
    metadata: {
      name,
      labels: { ...labels, ...(level ? { "pod-security.kubernetes.io/enforce": level } : {}) },
    },
  },
});
const defaultDeny: PolicySubject = {
  type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  name: "deny",
  props: {
    metadata: { name: "default-deny", namespace: "ssgbay", labels },
    spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
  },
};

function violations(name: string, resources: PolicySubject[]): string[] {
  const invariant = invariants.find((candidate) => candidate.name === name);
  if (!invariant) throw new Error(`no invariant ${name}`);
  return invariant.check(resources).map((violation) => violation.message);
}

const compliant = [namespace("ssgbay", "restricted"), defaultDeny, deployment(secureContainer)];

describe("policy pack invariants", () => {
  it("accept a compliant stack", () => {
    for (const invariant of invariants)
      expect(invariant.check(compliant), invariant.name).toEqual([]);
  });

  it("require every namespace to enforce restricted, privileged only for MetalLB and NFS", () => {
    expect(violations("namespaces-enforce-pod-security", [namespace("ssgbay", undefined)])).toEqual(
      ["namespace ssgbay must enforce Pod Security restricted"],
    );
    expect(
      violations("namespaces-enforce-pod-security", [namespace("ssgbay", "privileged")]),
    ).toHaveLength(1);
    expect(
      violations("namespaces-enforce-pod-security", [
        namespace("metallb-system", "privileged"),
        namespace("ssgbay-nfs-dev", "privileged"),
      ]),
    ).toEqual([]);
  });

  it("catch each way a pod breaks Pod Security restricted", () => {
    const check = (container: Record<string, unknown>, pod: Record<string, unknown> = {}) =>
      restrictedViolations(podSpecSchema.parse({ containers: [container], ...pod }));
    const context = secureContainer.securityContext;
    expect(check(secureContainer)).toEqual([]);
    expect(
      check({ ...secureContainer, securityContext: { ...context, privileged: true } }),
    ).toEqual(["container api: must not be privileged"]);
    expect(
      check({
        ...secureContainer,
        securityContext: { ...context, allowPrivilegeEscalation: true },
      }),
    ).toEqual(["container api: must set allowPrivilegeEscalation: false"]);
    expect(
      check({ ...secureContainer, securityContext: { ...context, runAsNonRoot: undefined } }),
    ).toEqual(["container api: must run with runAsNonRoot: true (pod or container)"]);
    expect(
      check(
        { ...secureContainer, securityContext: { ...context, runAsNonRoot: undefined } },
        {
          securityContext: { runAsNonRoot: true },
        },
      ),
    ).toEqual([]);
    expect(check({ ...secureContainer, securityContext: { ...context, runAsUser: 0 } })).toEqual([
      "container api: must not run as UID 0",
    ]);
    expect(
      check({
        ...secureContainer,
        securityContext: { ...context, seccompProfile: { type: "Unconfined" } },
      }),
    ).toEqual([
      "container api: must set seccompProfile RuntimeDefault or Localhost (pod or container)",
    ]);
    expect(
      check({
        ...secureContainer,
        securityContext: { ...context, capabilities: { drop: ["ALL"], add: ["NET_ADMIN"] } },
      }),
    ).toEqual(["container api: may add only NET_BIND_SERVICE"]);
    expect(
      check({ ...secureContainer, securityContext: { ...context, capabilities: {} } }),
    ).toEqual(["container api: must drop ALL capabilities"]);
    expect(check({ ...secureContainer, ports: [{ containerPort: 80, hostPort: 80 }] })).toEqual([
      "container api: must not use hostPort",
    ]);
    expect(check(secureContainer, { hostNetwork: true })).toEqual(["must not set hostNetwork"]);
    expect(
      check(secureContainer, { volumes: [{ name: "host", hostPath: { path: "/" } }] }),
    ).toEqual(["volume host: type hostPath is not allowed"]);
    expect(
      check(secureContainer, {
        securityContext: { sysctls: [{ name: "kernel.msgmax", value: "1" }] },
      }),
    ).toEqual(["sysctl kernel.msgmax is not in the safe set"]);
    expect(
      check(secureContainer, { initContainers: [{ name: "init", image: "x:1" }] }),
    ).toHaveLength(4);
  });

  it("judge pods by their namespace's level", () => {
    const privileged = deployment({ ...secureContainer, securityContext: { privileged: true } });
    expect(
      violations("pods-meet-restricted", [namespace("ssgbay", "restricted"), privileged]).length,
    ).toBeGreaterThan(0);
    const inNfs = {
      ...privileged,
      props: { ...privileged.props, metadata: { name: "nfs", namespace: "ssgbay-nfs-dev" } },
    };
    expect(
      violations("pods-meet-restricted", [namespace("ssgbay-nfs-dev", "privileged"), inNfs]),
    ).toEqual([]);
  });

  it("require a default-deny NetworkPolicy in every restricted namespace", () => {
    expect(violations("default-deny-network", [namespace("ssgbay", "restricted")])).toEqual([
      "namespace ssgbay needs a default-deny NetworkPolicy",
    ]);
    const ingressOnly = {
      ...defaultDeny,
      props: { ...defaultDeny.props, spec: { podSelector: {}, policyTypes: ["Ingress"] } },
    };
    expect(
      violations("default-deny-network", [namespace("ssgbay", "restricted"), ingressOnly]),
    ).toHaveLength(1);
  });

  it("require requests, memory limits and probes", () => {
    const { resources: _resources, ...noResources } = secureContainer;
    expect(violations("containers-have-resources-and-probes", [deployment(noResources)])).toEqual([
      "Deployment api, container api: must request cpu and memory",
      "Deployment api, container api: must limit memory",
    ]);
    const { readinessProbe: _probe, ...noReadiness } = secureContainer;
    expect(violations("containers-have-resources-and-probes", [deployment(noReadiness)])).toEqual([
      "Deployment api, container api: needs a readinessProbe",
    ]);
  });

  it("require app images by digest and others by version", () => {
    expect(
      violations("images-pinned", [
        deployment({ ...secureContainer, image: "registry.local/api:1.2.3" }),
      ]),
    ).toEqual([
      "Deployment api, container api: image registry.local/api:1.2.3 must be pinned by digest",
    ]);
    expect(
      violations("images-pinned", [
        deployment({ ...secureContainer, name: "mysql", image: "mysql:latest" }),
      ]),
    ).toEqual(["Deployment api, container mysql: image mysql:latest must be pinned by version"]);
    expect(
      violations("images-pinned", [
        deployment({ ...secureContainer, name: "mysql", image: "mysql:8.4.7" }),
      ]),
    ).toEqual([]);
    // During a preview a digest still to be built is unknown: nothing to judge.
    expect(
      violations("images-pinned", [deployment({ ...secureContainer, image: undefined })]),
    ).toEqual([]);
  });

  it("allow a LoadBalancer only for web and api, and no NodePort at all", () => {
    const service = (app: string, type: string): PolicySubject => ({
      type: "kubernetes:core/v1:Service",
      name: app,
      props: {
        metadata: { name: app, labels: { ...labels, "app.kubernetes.io/name": app } },
        spec: { type },
      },
    });
    expect(
      violations("only-web-and-api-are-public", [
        service("web", "LoadBalancer"),
        service("api", "LoadBalancer"),
      ]),
    ).toEqual([]);
    expect(violations("only-web-and-api-are-public", [service("mysql", "LoadBalancer")])).toEqual([
      "Service mysql (mysql) must not be a LoadBalancer",
    ]);
    expect(violations("only-web-and-api-are-public", [service("web", "NodePort")])).toEqual([
      "Service web must not be a NodePort",
    ]);
  });

  it("keep secrets out of ConfigMaps and plain env values", () => {
    const configMap = (data: Record<string, string>): PolicySubject => ({
      type: "kubernetes:core/v1:ConfigMap",
      name: "config",
      props: { metadata: { name: "config", labels }, data },
    });
    expect(
      violations("no-secrets-in-plain-config", [
        configMap({ DB_HOST: "mysql", LOG_LEVEL: "info" }),
      ]),
    ).toEqual([]);
    expect(violations("no-secrets-in-plain-config", [configMap({ DB_PASSWORD: "x" })])).toEqual([
      "ConfigMap config: DB_PASSWORD belongs in a Secret",
    ]);
    expect(
      violations("no-secrets-in-plain-config", [configMap({ DATABASE_URL: "mysql://u:p@h/db" })]),
    ).toEqual(["ConfigMap config: DATABASE_URL belongs in a Secret"]);
    const plainSecret = deployment({
      ...secureContainer,
      env: [{ name: "JWT_SECRET", value: "x" }],
    });
    expect(violations("no-secrets-in-plain-config", [plainSecret])).toEqual([
      "Deployment api, container api: JWT_SECRET must come from a Secret",
    ]);
    const fromSecret = deployment({
      ...secureContainer,
      env: [{ name: "JWT_SECRET", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }],
    });
    expect(violations("no-secrets-in-plain-config", [fromSecret])).toEqual([]);
  });

  it("require the recommended labels", () => {
    const unlabelled: PolicySubject = {
      type: "kubernetes:core/v1:ConfigMap",
      name: "bare",
      props: { metadata: { name: "bare", labels: { "app.kubernetes.io/name": "x" } } },
    };
    expect(violations("recommended-labels", [unlabelled])).toEqual([
      "kubernetes:core/v1:ConfigMap bare lacks labels app.kubernetes.io/instance, app.kubernetes.io/part-of, app.kubernetes.io/managed-by",
    ]);
  });

  it("require ephemeral-storage requests and limits on every container and a sizeLimit on every emptyDir", () => {
    const { resources } = secureContainer;
    const noEphemeral = {
      ...secureContainer,
      name: "migrate",
      resources: {
        requests: { cpu: resources.requests.cpu, memory: resources.requests.memory },
        limits: { memory: resources.limits.memory },
      },
    };
    expect(
      violations("ephemeral-storage-limited", [
        deployment(secureContainer, {
          initContainers: [noEphemeral],
          volumes: [
            { name: "tmp", emptyDir: {} },
            { name: "capped", emptyDir: { sizeLimit: "64Mi" } },
          ],
        }),
      ]),
    ).toEqual([
      "Deployment ssgbay/api, container migrate: must set requests ephemeral-storage",
      "Deployment ssgbay/api, container migrate: must set limits ephemeral-storage",
      "Deployment ssgbay/api, emptyDir tmp: must set a sizeLimit",
    ]);
  });

  it("refuse a mounted service-account token unless the pod is allow-listed", () => {
    const mounting = deployment(secureContainer, { automountServiceAccountToken: true });
    const defaulted = deployment(secureContainer, { automountServiceAccountToken: undefined });
    const message =
      "Deployment ssgbay/api: must set automountServiceAccountToken: false (or be allow-listed in TOKEN_MOUNT_ALLOWED, saying why it calls the Kubernetes API)";
    expect(violations("no-service-account-token", [mounting])).toEqual([message]);
    // Unset means mounted (the Kubernetes default).
    expect(violations("no-service-account-token", [defaulted])).toEqual([message]);
    const allowed = new Map([["Deployment ssgbay/api", "watches Endpoints"]]);
    expect(serviceAccountTokenCheck([mounting], allowed)).toEqual([]);
  });

  it("require the NFS namespace to admit only listed addresses on listed ports", () => {
    const nfsNamespace = namespace("ssgbay-nfs-dev", "privileged");
    const policy = (spec: Record<string, unknown>): PolicySubject => ({
      type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
      name: "nodes-only",
      props: { metadata: { name: "nodes-only", namespace: "ssgbay-nfs-dev", labels }, spec },
    });
    const nodesOnly = {
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        {
          from: [{ ipBlock: { cidr: "10.0.0.11/32" } }],
          ports: [{ protocol: "TCP", port: 2049 }],
        },
      ],
    };
    const missing = [
      "namespace ssgbay-nfs-dev needs a NetworkPolicy admitting only the nodes' addresses on the NFS ports",
    ];
    expect(violations("nfs-namespace-admits-only-addresses", [nfsNamespace])).toEqual(missing);
    expect(
      violations("nfs-namespace-admits-only-addresses", [nfsNamespace, policy(nodesOnly)]),
    ).toEqual([]);
    for (const open of [
      { ...nodesOnly, ingress: [{ ports: [{ protocol: "TCP", port: 2049 }] }] },
      { ...nodesOnly, ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 2049 }] }] },
      { ...nodesOnly, ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.11/32" } }] }] },
      { ...nodesOnly, podSelector: { matchLabels: { app: "other" } } },
      { ...nodesOnly, policyTypes: ["Egress"] },
    ]) {
      expect(
        violations("nfs-namespace-admits-only-addresses", [nfsNamespace, policy(open)]),
        JSON.stringify(open),
      ).toEqual(missing);
    }
  });
});
