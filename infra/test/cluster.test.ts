import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { parseStackConfig, rawStackConfig } from "../config/index.js";
import { type Ipv4Range, isInside, parseAddressRange } from "../config/ip-ranges.js";
import {
  inspectVagrantfile,
  type VagrantConfiguration,
  vagrantfilePath,
} from "./support/inspect-vagrantfile.js";
import { readStackConfig } from "./support/stack-files.js";
import {
  loadVagrantSettings,
  parseVagrantSettings,
  type VagrantSettings,
  vagrantSettingsPath,
} from "./support/vagrant-settings.js";

const devStackPath = fileURLToPath(new URL("../../Pulumi.dev.yaml", import.meta.url));
const vagrantDir = fileURLToPath(new URL("../cluster/vagrant/", import.meta.url));

/** The keys of Pulumi.dev.yaml that must agree with the cluster's settings. */
const devStackSchema = z.object({
  config: z.looseObject({
    "ssgbay:target": z.literal("vagrant"),
    "ssgbay:nodeAddresses": z.array(z.ipv4()),
    "ssgbay:metallb": z.looseObject({ addresses: z.array(z.string()) }),
    "ssgbay:web": z.looseObject({ loadBalancerIP: z.ipv4() }),
    "ssgbay:nfs": z
      .looseObject({
        mode: z.string(),
        node: z.string().optional(),
        serviceClusterIP: z.ipv4().optional(),
      })
      .optional(),
  }),
});

const overlaps = (a: Ipv4Range, b: Ipv4Range) => a.first <= b.last && b.first <= a.last;
const contains = (outer: Ipv4Range, inner: Ipv4Range) =>
  outer.first <= inner.first && inner.last <= outer.last;

let settingsText: string;
let settings: VagrantSettings;
let vagrant: VagrantConfiguration;

beforeAll(async () => {
  settingsText = await readFile(vagrantSettingsPath, "utf8");
  settings = await loadVagrantSettings();
  vagrant = await inspectVagrantfile();
});

describe("settings.yaml (the cluster's one source)", () => {
  it("is LF-only and valid", () => {
    expect(settingsText).not.toContain("\r");
    expect(() => parseVagrantSettings(settingsText)).not.toThrow();
  });

  it("describes the original project's three-node cluster by default", () => {
    expect(settings.nodes.map(({ name, role, ip }) => ({ name, role, ip }))).toEqual([
      { name: "master", role: "control-plane", ip: "10.0.0.10" },
      { name: "node01", role: "worker", ip: "10.0.0.11" },
      { name: "node02", role: "worker", ip: "10.0.0.12" },
    ]);
    expect(settings.box).toMatch(/^bento\/ubuntu-\d{2}\.04$/);
  });

  it("keeps the nodes and the load-balancer pool inside the host-only network, apart from each other", () => {
    const network = parseAddressRange(settings.network.host_only_cidr);
    const pool = settings.network.load_balancer_pool.map(parseAddressRange);
    for (const node of settings.nodes) {
      expect(isInside(node.ip, network), `${node.name} ${node.ip} in host-only network`).toBe(true);
      expect(
        pool.some((range) => isInside(node.ip, range)),
        `${node.name} ${node.ip} outside pool`,
      ).toBe(false);
    }
    for (const range of pool) {
      expect(contains(network, range)).toBe(true);
      // Not the network or broadcast address, nor the host's own adapter (the first address).
      expect(range.first).toBeGreaterThan(network.first + 1);
      expect(range.last).toBeLessThan(network.last);
    }
  });

  it("runs the Kubernetes version the real-engine lifecycle test deploys to", async () => {
    const engineLib = await readFile(
      fileURLToPath(new URL("../../tools/engine/lib.sh", import.meta.url)),
      "utf8",
    );
    const tested = /^KUBERNETES_VERSION="([\d.]+)"$/m.exec(engineLib)?.[1];
    expect(tested, "KUBERNETES_VERSION in tools/engine/lib.sh").toMatch(/^\d+\.\d+\.\d+$/);
    expect(settings.kubernetes.version).toBe(tested);
  });

  it("keeps pod, service and host-only networks disjoint", () => {
    const networks = [
      settings.network.host_only_cidr,
      settings.kubernetes.pod_cidr,
      settings.kubernetes.service_cidr,
    ].map(parseAddressRange);
    networks.forEach((a, i) => {
      networks.slice(i + 1).forEach((b) => {
        expect(overlaps(a, b)).toBe(false);
      });
    });
  });

  it("rejects CRLF files and settings that break the cluster's shape, naming the rule", () => {
    const { nodes } = settings;
    const variants: [string, VagrantSettings, RegExp][] = [
      [
        "worker first",
        { ...settings, nodes: [...nodes].reverse() },
        /first node must be the control plane/,
      ],
      [
        "duplicate address",
        { ...settings, nodes: nodes.map((node) => ({ ...node, ip: "10.0.0.10" })) },
        /addresses must be unique/,
      ],
      [
        "bad CIDR",
        { ...settings, kubernetes: { ...settings.kubernetes, pod_cidr: "172.16.0.0" } },
        /CIDR/,
      ],
      ["not Ubuntu LTS", { ...settings, box: "bento/debian-12" }, /Ubuntu LTS/],
    ];
    for (const [label, variant, message] of variants) {
      expect(() => parseVagrantSettings(JSON.stringify(variant)), label).toThrow(message);
    }
    expect(() => parseVagrantSettings(settingsText.replaceAll("\n", "\r\n"))).toThrow(/CRLF/);
  });
});

describe("Pulumi.dev.yaml agrees with settings.yaml", () => {
  let dev: z.infer<typeof devStackSchema>["config"];
  beforeAll(async () => {
    dev = devStackSchema.parse(parse(await readFile(devStackPath, "utf8"))).config;
  });

  it("lists the same node addresses, control plane first", () => {
    expect(dev["ssgbay:nodeAddresses"]).toEqual(settings.nodes.map((node) => node.ip));
  });

  it("gives MetalLB exactly the pool reserved in settings.yaml, outside every node address", () => {
    expect(dev["ssgbay:metallb"].addresses).toEqual(settings.network.load_balancer_pool);
    const pool = dev["ssgbay:metallb"].addresses.map(parseAddressRange);
    for (const address of dev["ssgbay:nodeAddresses"]) {
      expect(
        pool.some((range) => isInside(address, range)),
        address,
      ).toBe(false);
    }
  });

  it("pins the web address inside the pool", () => {
    const pool = settings.network.load_balancer_pool.map(parseAddressRange);
    expect(pool.some((range) => isInside(dev["ssgbay:web"].loadBalancerIP, range))).toBe(true);
  });

  it("runs the in-cluster NFS server on a worker that exists", () => {
    const nfs = dev["ssgbay:nfs"];
    if (nfs?.mode === "external") return;
    // The program's default NFS node is node01 (infra/config/targets.ts).
    const node = nfs?.node ?? "node01";
    expect(settings.nodes.filter((n) => n.role === "worker").map((n) => n.name)).toContain(node);
  });

  it("pins the in-cluster NFS Service's ClusterIP inside the cluster's service CIDR", () => {
    const nfs = dev["ssgbay:nfs"];
    if (nfs?.mode === "external") return;
    // The effective value, defaults included; dev builds, so it needs its registry secret.
    const secrets = { "ssgbay:registryPassword": "token" };
    const { values } = rawStackConfig({ ...readStackConfig("dev"), ...secrets });
    const { target } = parseStackConfig(values);
    if (target.kind !== "vagrant" || target.nfs.mode !== "inCluster") {
      throw new Error("dev must be a vagrant stack with an in-cluster NFS server");
    }
    const serviceRange = parseAddressRange(settings.kubernetes.service_cidr);
    expect(isInside(target.nfs.serviceClusterIP, serviceRange)).toBe(true);
  });
});

describe("the Vagrantfile", () => {
  it("defines one VM per node, with its address, CPUs and memory from settings.yaml", () => {
    expect(vagrant.box).toBe(settings.box);
    expect(
      vagrant.machines.map(({ name, hostname, ip, primary, virtualBox }) => ({
        name,
        hostname,
        ip,
        primary,
        cpus: virtualBox.cpus,
        memory: virtualBox.memory,
      })),
    ).toEqual(
      settings.nodes.map((node) => ({
        name: node.name,
        hostname: node.name,
        ip: node.ip,
        primary: node.role === "control-plane",
        cpus: node.cpus,
        memory: node.memory_mb,
      })),
    );
  });

  it("sizes the host-only network from host_only_cidr", () => {
    const network = parseAddressRange(settings.network.host_only_cidr);
    const size = network.last - network.first + 1;
    const mask = (2 ** 32 - size).toString(2).padStart(32, "0");
    const dotted = [0, 8, 16, 24]
      .map((bit) => Number.parseInt(mask.slice(bit, bit + 8), 2))
      .join(".");
    expect(dotted).toBe("255.255.255.0");
    for (const machine of vagrant.machines) expect(machine.netmask, machine.name).toBe(dotted);
  });

  it("provisions every node with common.sh, then the control plane or worker script", () => {
    for (const machine of vagrant.machines) {
      const role = settings.nodes.find((node) => node.name === machine.name)?.role;
      expect(machine.provisioners.map((p) => p.path)).toEqual([
        "scripts/common.sh",
        role === "control-plane" ? "scripts/control-plane.sh" : "scripts/worker.sh",
      ]);
    }
  });

  it("passes every variable each script requires, with the values from settings.yaml", async () => {
    const expected: Record<string, string> = {
      KUBERNETES_VERSION: settings.kubernetes.version,
      CONTAINERD_VERSION: settings.containerd.version,
      POD_CIDR: settings.kubernetes.pod_cidr,
      SERVICE_CIDR: settings.kubernetes.service_cidr,
      HOST_ONLY_CIDR: settings.network.host_only_cidr,
      CALICO_VERSION: settings.addons.calico,
      METRICS_SERVER_VERSION: settings.addons.metrics_server,
      DNS_SERVERS: settings.network.dns_servers.join(" "),
      CLUSTER_HOSTS: settings.nodes.map((node) => `${node.ip} ${node.name}`).join("\n"),
      SCHEDULE_ON_CONTROL_PLANE: String(settings.nodes.length === 1),
    };
    for (const machine of vagrant.machines) {
      for (const provisioner of machine.provisioners) {
        const script = await readFile(join(vagrantDir, provisioner.path), "utf8");
        const required = [...script.matchAll(/"\$\{([A-Z_]+):\?/g)].map((match) => match[1]);
        expect(required.length, provisioner.path).toBeGreaterThan(0);
        for (const variable of required) {
          expect(provisioner.env, `${machine.name} ${provisioner.path}`).toHaveProperty(
            variable as string,
          );
        }
        for (const [variable, value] of Object.entries(provisioner.env)) {
          if (variable in expected)
            expect(value, `${machine.name} ${variable}`).toBe(expected[variable]);
        }
        if ("NODE_IP" in provisioner.env) expect(provisioner.env.NODE_IP).toBe(machine.ip);
        if ("NODE_NAME" in provisioner.env) expect(provisioner.env.NODE_NAME).toBe(machine.name);
      }
    }
  });

  it("shares its own directory as /vagrant, where the scripts and the exported kubeconfig live", () => {
    expect(vagrant.syncedFolders).toEqual([[".", "/vagrant"]]);
    for (const machine of vagrant.machines) {
      for (const provisioner of machine.provisioners) {
        expect(provisioner.env.SCRIPTS_DIR).toBe("/vagrant/scripts");
      }
    }
  });

  describe("with other settings", () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "ssgbay-vagrantfile-"));
      await copyFile(vagrantfilePath, join(dir, "Vagrantfile"));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    async function inspectWith(text: string) {
      await writeFile(join(dir, "settings.yaml"), text);
      return inspectVagrantfile(join(dir, "Vagrantfile"));
    }

    it("follows the node list: one worker fewer means one VM fewer", async () => {
      const withoutNode02 = settingsText.replace(/\n {2}- name: node02\n(?: {4}.*\n)+/, "\n");
      const configuration = await inspectWith(withoutNode02);
      expect(configuration.machines.map((machine) => machine.name)).toEqual(["master", "node01"]);
    });

    it("follows host_only_cidr for the netmask", async () => {
      const wider = await inspectWith(
        settingsText.replace("host_only_cidr: 10.0.0.0/24", "host_only_cidr: 10.0.0.0/16"),
      );
      expect(wider.machines.map((machine) => machine.netmask)).toEqual([
        "255.255.0.0",
        "255.255.0.0",
        "255.255.0.0",
      ]);
    });

    it("reads a CRLF copy (Windows) without carrying \\r into any value", async () => {
      const configuration = await inspectWith(settingsText.replaceAll("\n", "\r\n"));
      expect(configuration).toEqual(vagrant);
    });

    it("refuses a node address inside the load-balancer pool, naming the node", async () => {
      await expect(
        inspectWith(settingsText.replace("ip: 10.0.0.12", "ip: 10.0.0.205")),
      ).rejects.toThrow(/node node02 address 10\.0\.0\.205 is inside load_balancer_pool/);
    });

    it("refuses a worker listed first", async () => {
      await expect(
        inspectWith(settingsText.replace("role: control-plane", "role: worker")),
      ).rejects.toThrow(/first node must have role control-plane/);
    });
  });
});

describe("the runbook in infra/README.md", () => {
  it("walks from an empty laptop to the pinned address and covers the known traps", async () => {
    const readme = await readFile(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");
    const runbook = /<!-- runbook:start -->([\s\S]*)<!-- runbook:end -->/.exec(readme)?.[1] ?? "";
    const webAddress = devStackSchema.parse(parse(await readFile(devStackPath, "utf8"))).config[
      "ssgbay:web"
    ].loadBalancerIP;
    for (const needed of [
      "/etc/vbox/networks.conf",
      "vagrant up",
      "generated/kubeconfig",
      "pulumi stack select dev",
      "pulumi config set --secret",
      "pulumi up --stack dev --policy-pack infra/policy",
      `http://${webAddress}`,
      "metallb-webhook-service",
      "mount.nfs",
      "imagePullSecrets",
      "insecure_registries",
      "CRLF",
    ]) {
      expect(runbook, needed).toContain(needed);
    }
  });
});
