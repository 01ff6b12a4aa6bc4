import { describe, expect, it } from "vitest";
import { parseImageRefs } from "../components/images.js";
import { find, kubeObjects } from "./support/kube-objects.js";
import { fakeDigestRef, plainStrings } from "./support/mock-cluster.js";
import { runProgram } from "./support/run-program.js";
import { readStackConfig } from "./support/stack-files.js";

const refs = {
  api: fakeDigestRef("registry.local/ssgbay/api"),
  web: fakeDigestRef("registry.local/ssgbay/web"),
  settler: fakeDigestRef("registry.local/ssgbay/settler"),
  backup: fakeDigestRef("registry.local/ssgbay/backup"),
};
const devWithRefs = {
  ...readStackConfig("dev"),
  "ssgbay:images": JSON.stringify({ source: "refs", ...refs }),
};

type Containers = { name: string; image: string; env?: { name: string; value?: string }[] }[];
function podSpec(manifest: Record<string, unknown>) {
  const spec = manifest.spec as {
    template: {
      metadata: { annotations?: Record<string, string> };
      spec: { containers: Containers; initContainers?: Containers };
    };
  };
  return spec.template;
}

describe("config variants of the program", () => {
  it("runs dev from given refs with no Docker build and no secret to set (as the real-engine test does)", async () => {
    const run = await runProgram("dev", devWithRefs);
    expect(run.resources.filter((resource) => resource.type.startsWith("docker:"))).toEqual([]);
    expect(run.outputs.images).toEqual(refs);
    expect(run.outputs.webUrl).toBe("http://10.0.0.200");
    const objects = kubeObjects(run.resources);
    const api = podSpec(find(objects, "Deployment", "api").manifest);
    expect(api.spec.containers[0]?.image).toBe(refs.api);
    expect(api.spec.initContainers?.[0]?.image).toBe(refs.api);
    expect(objects.some((object) => object.name === "registry-credentials")).toBe(false);
  });

  it("exposes the API through its own load balancer only when configured", async () => {
    const run = await runProgram("dev", {
      ...devWithRefs,
      "ssgbay:api": JSON.stringify({ loadBalancer: true }),
    });
    const objects = kubeObjects(run.resources);
    const types = objects
      .filter((object) => object.kind === "Service")
      .map((object) => [object.name, (object.manifest.spec as { type: string }).type]);
    expect(Object.fromEntries(types)).toMatchObject({
      api: "LoadBalancer",
      web: "LoadBalancer",
      mysql: "ClusterIP",
    });
    const policy = find(objects, "NetworkPolicy", "api").manifest.spec as {
      ingress: { from?: unknown }[];
    };
    expect(policy.ingress[0]?.from).toBeUndefined();
  });

  it("uses passwords given as config secrets instead of generating them, keeping them secret", async () => {
    const secrets = {
      "ssgbay:mysqlRootPassword": "given-root-password-0123456789",
      "ssgbay:mysqlPassword": "given-app-password-0123456789",
      "ssgbay:mysqlExporterPassword": "given-exporter-password-0123456789",
      "ssgbay:jwtSecret": "given-jwt-secret-0123456789-0123456789",
    };
    const run = await runProgram(
      "dev",
      { ...devWithRefs, ...secrets },
      { secretKeys: Object.keys(secrets) },
    );
    expect(run.resources.filter((resource) => resource.type.startsWith("random:"))).toEqual([]);
    for (const resource of run.resources) {
      const exposed = plainStrings(resource.inputs);
      for (const secret of Object.values(secrets)) {
        expect(
          exposed.some((value) => value.includes(secret)),
          `${resource.type} ${resource.name}`,
        ).toBe(false);
      }
    }
  });

  it("rolls the API pods when configuration changes (checksum annotation)", async () => {
    const checksum = async (extra: Record<string, string>) => {
      const run = await runProgram("dev", { ...devWithRefs, ...extra });
      const template = podSpec(find(kubeObjects(run.resources), "Deployment", "api").manifest);
      return template.metadata.annotations?.["ssgbay.io/config-checksum"];
    };
    const before = await checksum({});
    expect(before).toMatch(/^[a-f0-9]{64}$/);
    expect(await checksum({})).toBe(before);
    expect(await checksum({ "ssgbay:api": JSON.stringify({ logLevel: "debug" }) })).not.toBe(
      before,
    );
  });

  it("leaves MetalLB's installation to the cluster when metallb.install is false", async () => {
    const run = await runProgram("dev", {
      ...devWithRefs,
      "ssgbay:metallb": JSON.stringify({ install: false, addresses: ["10.0.0.200-10.0.0.220"] }),
    });
    expect(run.resources.filter((resource) => resource.type.includes("helm.sh"))).toEqual([]);
    const objects = kubeObjects(run.resources);
    expect(
      objects.some((object) => object.kind === "Namespace" && object.name === "metallb-system"),
    ).toBe(false);
    expect(objects.filter((object) => object.apiVersion === "metallb.io/v1beta1")).toHaveLength(2);
  });

  it("mounts an external NFS server by address instead of running one", async () => {
    const run = await runProgram("dev", {
      ...devWithRefs,
      "ssgbay:nfs": JSON.stringify({
        mode: "external",
        server: "10.0.0.5",
        path: "/srv/nfs/ssgbay",
      }),
    });
    const objects = kubeObjects(run.resources);
    expect(objects.some((object) => object.name === "nfs-server")).toBe(false);
    const servers = objects
      .filter((object) => object.kind === "PersistentVolume")
      .map((object) => (object.manifest.spec as { nfs: { server: string; path: string } }).nfs);
    expect(servers).toEqual(
      expect.arrayContaining([
        { server: "10.0.0.5", path: "/srv/nfs/ssgbay" },
        { server: "10.0.0.5", path: "/srv/nfs/ssgbay/mysql" },
      ]),
    );
  });

  it("pins the in-cluster NFS Service's ClusterIP, so the volumes know their server at preview", async () => {
    const serviceClusterIP = "172.17.0.42";
    const run = await runProgram(
      "dev",
      {
        ...devWithRefs,
        "ssgbay:nfs": JSON.stringify({ mode: "inCluster", node: "node01", serviceClusterIP }),
      },
      { preview: true },
    );
    const objects = kubeObjects(run.resources);
    const service = find(objects, "Service", "nfs-server");
    expect((service.manifest.spec as { clusterIP?: string }).clusterIP).toBe(serviceClusterIP);
    const volumes = objects.filter((object) => object.kind === "PersistentVolume");
    expect(volumes).toHaveLength(2);
    for (const volume of volumes) {
      expect((volume.manifest.spec as { nfs: { server?: string } }).nfs.server).toBe(
        serviceClusterIP,
      );
    }
  });

  it("mounts the in-cluster NFS server by its ClusterIP, never by DNS name", async () => {
    const run = await runProgram("dev", devWithRefs);
    const objects = kubeObjects(run.resources);
    const service = run.resources.find((resource) => resource.name === "nfs-service");
    const clusterIP = (service?.state.spec as { clusterIP?: string } | undefined)?.clusterIP;
    expect(clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    for (const volume of objects.filter((object) => object.kind === "PersistentVolume")) {
      expect((volume.manifest.spec as { nfs: { server: string } }).nfs.server).toBe(clusterIP);
    }
  });

  it("refuses a previous stack whose images output is not digest refs, naming that stack", () => {
    expect(() =>
      parseImageRefs("organization/ssgbay/dev", { api: "api:latest", web: refs.web }),
    ).toThrow(
      'ssgbay:images.stack: stack organization/ssgbay/dev output "images" must be {api, web, settler, backup} digest refs: api: must be an image reference pinned by digest: <repository>@sha256:<64 hex>; settler: Invalid input: expected string, received undefined; backup: Invalid input: expected string, received undefined',
    );
    expect(parseImageRefs("organization/ssgbay/dev", refs)).toEqual(refs);
  });
});
