import { beforeAll, describe, expect, it } from "vitest";
import { PASSWORD_LIKE } from "../../policy/invariants.js";
import { restrictedViolations } from "../../policy/pod-security.js";
import { allContainers } from "../../policy/workloads.js";
import { find, type KubeObject, kubeObjects, podTemplates } from "./kube-objects.js";
import { isWrappedSecret, plainStrings } from "./mock-cluster.js";
import { schemaProblems } from "./openapi.js";
import { invariantViolations } from "./policy-invariants.js";
import type { ProgramRun } from "./run-program.js";

const DIGEST_REF = /^[a-z0-9][a-z0-9._:/-]*@sha256:[a-f0-9]{64}$/;

/** The objects every target creates, as `Kind namespace/name`. */
const COMMON_OBJECTS = [
  "Namespace ssgbay",
  ...["default-deny", "allow-dns", "web", "api", "settler", "backup", "mysql"].map(
    (name) => `NetworkPolicy ssgbay/${name}`,
  ),
  // Auto-named (a change replaces them under a new name, so the pods roll in place): named here
  // by their Pulumi resource; every other object has a fixed name.
  "Secret ssgbay/<auto-named mysql-credentials>",
  "Secret ssgbay/<auto-named app-config-secret>",
  "ConfigMap ssgbay/<auto-named app-config-configmap>",
  "ConfigMap ssgbay/<auto-named mysql-options>",
  "Service ssgbay/mysql",
  "Service ssgbay/mysql-headless",
  "Service ssgbay/api",
  "Service ssgbay/api-metrics",
  "Service ssgbay/web",
  "StatefulSet ssgbay/mysql",
  "Deployment ssgbay/api",
  "Deployment ssgbay/web",
  "PodDisruptionBudget ssgbay/api",
  "PodDisruptionBudget ssgbay/web",
  "CronJob ssgbay/settler",
  "CronJob ssgbay/backup",
  "PersistentVolumeClaim ssgbay/shared-data",
  "PersistentVolumeClaim ssgbay/mysql-data",
];

export interface StackExpectations {
  target: "vagrant" | "managed";
  webUrl: string;
  /** Objects beyond the common set, as `Kind namespace/name` (cluster-scoped: `Kind name`). */
  extraObjects: string[];
  /** Non-Kubernetes resources by type token, with their count. */
  otherResources: Record<string, number>;
  /** The digests the pods must run (from the build, the previous stack or the given refs). */
  expectedImages?: { api: string; web: string; settler: string; backup: string };
}

const isAutoNamed = (object: KubeObject) =>
  (object.inputs.metadata as { name?: unknown } | undefined)?.name === undefined;

const describeObject = (object: KubeObject) => {
  const name = isAutoNamed(object) ? `<auto-named ${object.resourceName}>` : object.name;
  return object.namespace ? `${object.kind} ${object.namespace}/${name}` : `${object.kind} ${name}`;
};

function podsIn(objects: readonly KubeObject[], namespace: string) {
  return podTemplates(objects).filter(({ template }) => template.namespace === namespace);
}

/** Every invariant the issue lists, over every Kubernetes object one stack registers. */
export function describeStackInvariants(
  title: string,
  run: () => Promise<ProgramRun>,
  expected: StackExpectations,
): void {
  describe(title, () => {
    let program: ProgramRun;
    let objects: KubeObject[];
    beforeAll(async () => {
      program = await run();
      objects = kubeObjects(program.resources);
    });

    it("registers exactly the expected Kubernetes objects and other resources", () => {
      const names = objects.map(describeObject).sort();
      const persistentVolumes = objects.filter((object) => object.kind === "PersistentVolume");
      const expectedNames = [
        ...COMMON_OBJECTS,
        ...expected.extraObjects,
        ...persistentVolumes.map(describeObject),
      ].sort();
      expect(names).toEqual(expectedNames);
      const others: Record<string, number> = {};
      for (const resource of program.resources) {
        if (
          resource.type.startsWith("kubernetes:") &&
          !resource.type.startsWith("kubernetes:helm.sh/")
        ) {
          continue;
        }
        if (resource.type.startsWith("ssgbay:index:")) continue;
        others[resource.type] = (others[resource.type] ?? 0) + 1;
      }
      expect(others).toEqual(expected.otherResources);
    });

    it("exports the web URL, namespace, image refs and MySQL service", () => {
      expect(program.outputs.webUrl).toBe(expected.webUrl);
      expect(program.outputs.namespace).toBe("ssgbay");
      expect(program.outputs.mysqlService).toBe("mysql");
      const images = program.outputs.images as Record<string, string>;
      for (const app of ["api", "web", "settler"]) expect(images[app]).toMatch(DIGEST_REF);
      if (expected.expectedImages) expect(images).toEqual(expected.expectedImages);
    });

    it("registers only objects valid against the Kubernetes OpenAPI schema", () => {
      const problems = objects.flatMap((object) =>
        schemaProblems(object).map((problem) => `${describeObject(object)}: ${problem}`),
      );
      expect(problems).toEqual([]);
    });

    it("labels every object with the recommended app.kubernetes.io labels", () => {
      for (const object of objects) {
        expect(object.labels, describeObject(object)).toMatchObject({
          "app.kubernetes.io/part-of": "ssgbay",
          "app.kubernetes.io/managed-by": "pulumi",
          "app.kubernetes.io/instance": expect.any(String),
          "app.kubernetes.io/name": expect.any(String),
        });
      }
    });

    it("selects a pod template with every Service and Deployment/StatefulSet selector", () => {
      const templates = podTemplates(objects);
      for (const { object, template } of templates) {
        const spec = object.manifest.spec as {
          selector?: { matchLabels?: Record<string, string> };
        };
        if (object.kind === "CronJob") continue;
        expect(template.labels, describeObject(object)).toMatchObject(
          spec.selector?.matchLabels ?? {},
        );
      }
      for (const service of objects.filter((object) => object.kind === "Service")) {
        const selector = (service.manifest.spec as { selector?: Record<string, string> }).selector;
        expect(selector, describeObject(service)).toBeDefined();
        const matches = templates.filter(
          ({ template }) =>
            template.namespace === service.namespace &&
            Object.entries(selector ?? {}).every(([key, value]) => template.labels[key] === value),
        );
        expect(
          matches.length,
          `${describeObject(service)} selects no pod template`,
        ).toBeGreaterThan(0);
      }
    });

    it("points every Service targetPort at a port of the selected containers", () => {
      const templates = podTemplates(objects);
      for (const service of objects.filter((object) => object.kind === "Service")) {
        const spec = service.manifest.spec as {
          selector: Record<string, string>;
          ports: { port: number; targetPort?: string | number }[];
        };
        const selected = templates.filter(
          ({ template }) =>
            template.namespace === service.namespace &&
            Object.entries(spec.selector).every(([key, value]) => template.labels[key] === value),
        );
        for (const port of spec.ports) {
          const target = port.targetPort ?? port.port;
          for (const { template } of selected) {
            const containerPorts = template.spec.containers.flatMap(
              (container) => container.ports ?? [],
            );
            const found = containerPorts.some((candidate) =>
              typeof target === "string"
                ? candidate.name === target
                : candidate.containerPort === target,
            );
            expect(found, `${describeObject(service)} targetPort ${target}`).toBe(true);
          }
        }
      }
    });

    it("creates every ConfigMap, Secret, key, claim and volume a pod references", () => {
      const byName = (kind: string, namespace: string | undefined, name: unknown) =>
        objects.find(
          (object) =>
            object.kind === kind && object.namespace === namespace && object.name === name,
        );
      const keysOf = (object: KubeObject) =>
        Object.keys(
          (object.manifest.data as Record<string, unknown> | undefined) ??
            (object.manifest.stringData as Record<string, unknown> | undefined) ??
            {},
        );
      for (const { object, template } of podTemplates(objects)) {
        const where = describeObject(object);
        const ns = template.namespace;
        const volumeNames = new Set((template.spec.volumes ?? []).map((volume) => volume.name));
        for (const volume of template.spec.volumes ?? []) {
          const claim = (volume as { persistentVolumeClaim?: { claimName: string } })
            .persistentVolumeClaim;
          if (claim)
            expect(
              byName("PersistentVolumeClaim", ns, claim.claimName),
              `${where} claim`,
            ).toBeDefined();
          const configMap = (volume as { configMap?: { name: string } }).configMap;
          if (configMap) expect(byName("ConfigMap", ns, configMap.name), where).toBeDefined();
          const secret = (volume as { secret?: { secretName: string } }).secret;
          // made by the program, or by cert-manager from the program's Certificate
          if (secret)
            expect(
              byName("Secret", ns, secret.secretName) ??
                objects.find(
                  (other) =>
                    other.kind === "Certificate" &&
                    other.namespace === ns &&
                    (other.manifest.spec as { secretName?: unknown }).secretName ===
                      secret.secretName,
                ),
              where,
            ).toBeDefined();
        }
        const pullSecrets = (template.spec.imagePullSecrets ?? []) as { name: string }[];
        for (const pull of pullSecrets)
          expect(byName("Secret", ns, pull.name), `${where} pull`).toBeDefined();
        for (const container of allContainers(template.spec)) {
          for (const mount of container.volumeMounts ?? []) {
            expect(volumeNames.has(mount.name), `${where} mount ${mount.name}`).toBe(true);
          }
          for (const source of container.envFrom ?? []) {
            const configMap = source.configMapRef as { name: string } | undefined;
            const secret = source.secretRef as { name: string } | undefined;
            if (configMap)
              expect(byName("ConfigMap", ns, configMap.name), `${where} envFrom`).toBeDefined();
            if (secret) expect(byName("Secret", ns, secret.name), `${where} envFrom`).toBeDefined();
          }
          for (const variable of container.env ?? []) {
            const from = variable.valueFrom as
              | {
                  secretKeyRef?: { name: string; key: string };
                  configMapKeyRef?: { name: string; key: string };
                }
              | undefined;
            for (const [kind, ref] of [
              ["Secret", from?.secretKeyRef],
              ["ConfigMap", from?.configMapKeyRef],
            ] as const) {
              if (!ref) continue;
              const source = byName(kind, ns, ref.name);
              expect(source, `${where} ${variable.name}`).toBeDefined();
              if (source) expect(keysOf(source), `${where} ${variable.name}`).toContain(ref.key);
            }
          }
        }
      }
      for (const claim of objects.filter((object) => object.kind === "PersistentVolumeClaim")) {
        const volumeName = (claim.manifest.spec as { volumeName?: string }).volumeName;
        if (volumeName) expect(byName("PersistentVolume", undefined, volumeName)).toBeDefined();
      }
      for (const volume of objects.filter((object) => object.kind === "PersistentVolume")) {
        const ref = (volume.manifest.spec as { claimRef?: { namespace: string; name: string } })
          .claimRef;
        if (ref) expect(byName("PersistentVolumeClaim", ref.namespace, ref.name)).toBeDefined();
      }
    });

    it("gives every container requests and limits, and long-running ones probes", () => {
      for (const { object, template } of podTemplates(objects)) {
        for (const container of allContainers(template.spec)) {
          const where = `${describeObject(object)} ${container.name}`;
          expect(container.resources?.requests, where).toMatchObject({
            cpu: expect.any(String),
            memory: expect.any(String),
          });
          expect(container.resources?.limits, where).toMatchObject({ memory: expect.any(String) });
        }
        if (!template.longRunning) continue;
        for (const container of template.spec.containers) {
          const where = `${describeObject(object)} ${container.name}`;
          expect(container.livenessProbe, where).toBeDefined();
          expect(container.readinessProbe, where).toBeDefined();
        }
      }
    });

    it("enforces Pod Security restricted on the app namespace and every pod in it meets it", () => {
      const namespace = find(objects, "Namespace", "ssgbay");
      expect(namespace.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
      const pods = podsIn(objects, "ssgbay");
      expect(pods.map(({ object }) => object.name).sort()).toEqual(
        ["api", "backup", "mysql", "settler", "web"].sort(),
      );
      for (const { object, template } of pods) {
        expect(restrictedViolations(template.spec), describeObject(object)).toEqual([]);
        for (const container of allContainers(template.spec)) {
          expect(container.securityContext, `${object.name} ${container.name}`).toMatchObject({
            readOnlyRootFilesystem: true,
          });
        }
      }
    });

    it("makes only web (and the API when configured) a LoadBalancer, never MySQL", () => {
      const loadBalancers = objects
        .filter((object) => object.kind === "Service")
        .filter((object) => (object.manifest.spec as { type?: string }).type === "LoadBalancer")
        .map((object) => object.name);
      expect(loadBalancers).toEqual(["web"]);
      for (const name of ["mysql", "mysql-headless"]) {
        expect((find(objects, "Service", name).manifest.spec as { type?: string }).type).not.toBe(
          "LoadBalancer",
        );
      }
    });

    it("keeps password-like values out of ConfigMaps and plain env values", () => {
      const secretValues = program.cluster.generatedSecrets;
      expect(secretValues.length).toBeGreaterThan(0);
      for (const configMap of objects.filter((object) => object.kind === "ConfigMap")) {
        const data = configMap.manifest.data as Record<string, string>;
        for (const [key, value] of Object.entries(data)) {
          expect(key).not.toMatch(PASSWORD_LIKE);
          for (const secret of secretValues) expect(value).not.toContain(secret);
        }
      }
      for (const { object, template } of podTemplates(objects)) {
        for (const container of allContainers(template.spec)) {
          for (const variable of container.env ?? []) {
            if (variable.value === undefined) continue;
            expect(variable.name, `${object.name} ${container.name}`).not.toMatch(PASSWORD_LIKE);
            for (const secret of secretValues) expect(String(variable.value)).not.toContain(secret);
          }
        }
      }
      // No generated secret appears anywhere outside a Pulumi secret, in any resource.
      for (const resource of program.resources) {
        const exposed = plainStrings(resource.inputs);
        for (const secret of secretValues) {
          expect(
            exposed.some((value) => value.includes(secret)),
            `${resource.type} ${resource.name}`,
          ).toBe(false);
        }
      }
    });

    it("generates passwords as Pulumi secrets and puts them only in Kubernetes Secrets", () => {
      const randoms = program.resources.filter(
        (resource) => resource.type === "random:index/randomPassword:RandomPassword",
      );
      expect(randoms.map((resource) => resource.name).sort()).toEqual(
        [
          "app-config-jwt-secret",
          "mysql-app-password",
          "mysql-exporter-password",
          "mysql-root-password",
        ].sort(),
      );
      // The Kubernetes SDK marks a Secret's whole stringData secret; our values must be secret too.
      const secretsData = objects
        .filter((object) => object.kind === "Secret")
        .flatMap((object) => {
          const stringData = object.inputs.stringData;
          const wholeIsSecret = isWrappedSecret(stringData);
          const entries = (wholeIsSecret ? stringData.value : (stringData ?? {})) as Record<
            string,
            unknown
          >;
          return Object.values(entries).map((value) => ({
            object,
            secret: wholeIsSecret || isWrappedSecret(value),
            value: isWrappedSecret(value) ? value.value : value,
          }));
        });
      expect(secretsData.length).toBeGreaterThan(0);
      for (const { object, secret } of secretsData) {
        expect(secret, `${describeObject(object)} value is a Pulumi secret`).toBe(true);
      }
      const stored = secretsData.map(({ value }) => value);
      for (const generated of program.cluster.generatedSecrets) expect(stored).toContain(generated);
    });

    it("runs the app images by digest and third-party images by pinned version", () => {
      const images = program.outputs.images as Record<string, string>;
      const byWorkload: Record<string, string> = {
        api: images.api ?? "",
        web: images.web ?? "",
        settler: images.settler ?? "",
      };
      for (const { object, template } of podTemplates(objects)) {
        for (const container of allContainers(template.spec)) {
          const image = String(container.image);
          if (object.name in byWorkload) {
            expect(image, `${object.name} ${container.name}`).toBe(byWorkload[object.name]);
            expect(image).toMatch(DIGEST_REF);
          } else {
            expect(image, `${object.name} ${container.name}`).toMatch(/:[\w.-]+$|@sha256:/);
            expect(image).not.toMatch(/:latest$/);
          }
        }
      }
    });

    it(`creates the MetalLB and NFS resources only on vagrant (this is ${expected.target})`, () => {
      const metallb = objects.filter((object) => object.apiVersion.startsWith("metallb.io/"));
      const release = program.resources.filter(
        (resource) => resource.type === "kubernetes:helm.sh/v3:Release",
      );
      const nfsVolumes = objects.filter(
        (object) =>
          object.kind === "PersistentVolume" && (object.manifest.spec as { nfs?: unknown }).nfs,
      );
      const nfsServer = objects.filter((object) => object.name === "nfs-server");
      if (expected.target === "vagrant") {
        expect(metallb.map((object) => object.kind).sort()).toEqual([
          "IPAddressPool",
          "L2Advertisement",
        ]);
        expect(nfsVolumes).toHaveLength(2);
        expect(nfsServer.map((object) => object.kind).sort()).toEqual(["Deployment", "Service"]);
        expect(release).toHaveLength(1);
      } else {
        expect(metallb).toEqual([]);
        expect(release).toEqual([]);
        expect(nfsVolumes).toEqual([]);
        expect(nfsServer).toEqual([]);
        expect(objects.filter((object) => object.kind === "PersistentVolume")).toEqual([]);
      }
    });

    it("passes every CrossGuard invariant of the policy pack", () => {
      expect(invariantViolations(program.resources)).toEqual({});
    });
  });
}
