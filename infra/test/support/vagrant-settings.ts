import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { z } from "zod";
import { addressRangeSchema } from "../../config/ip-ranges.js";

/** The settings file the Vagrantfile reads: the single source of the cluster's shape. */
export const vagrantSettingsPath = fileURLToPath(
  new URL("../../cluster/vagrant/settings.yaml", import.meta.url),
);

const ipv4 = z.ipv4({ error: "must be an IPv4 address" });
const ipv4Cidr = z.cidrv4({ error: "must be an IPv4 CIDR such as 10.0.0.0/24" });
const hostName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a lowercase host name");
const version = z.string().regex(/^\d+\.\d+\.\d+$/, "must be a version such as 1.35.4");

const nodeSchema = z
  .object({
    name: hostName,
    role: z.enum(["control-plane", "worker"]),
    ip: ipv4,
    cpus: z.number().int().min(1),
    memory_mb: z.number().int().min(1024, "must be at least 1024 (kubeadm needs ~1.7 GB)"),
  })
  .strict();

export const vagrantSettingsSchema = z
  .object({
    cluster_name: hostName,
    box: z
      .string()
      .regex(/^[\w.-]+\/ubuntu-\d{2}\.04$/, "must be an Ubuntu LTS box (<org>/ubuntu-YY.04)"),
    kubernetes: z.object({ version, pod_cidr: ipv4Cidr, service_cidr: ipv4Cidr }).strict(),
    containerd: z
      .object({
        version: z.string().regex(/^\d+\.\d+\.(\*|\d+\S*)$/, "must be an apt version or pattern"),
      })
      .strict(),
    addons: z.object({ calico: version, metrics_server: version }).strict(),
    network: z
      .object({
        host_only_cidr: ipv4Cidr,
        dns_servers: z.array(ipv4).min(1),
        load_balancer_pool: z.array(addressRangeSchema).min(1),
        insecure_registries: z.array(
          z.string().regex(/^[a-z0-9.-]+(:\d+)?$/, "must be host[:port]"),
        ),
      })
      .strict(),
    nodes: z
      .array(nodeSchema)
      .min(1)
      .refine((nodes) => nodes[0]?.role === "control-plane", {
        error: "the first node must be the control plane",
      })
      .refine((nodes) => nodes.slice(1).every((node) => node.role === "worker"), {
        error: "every node after the first must be a worker",
      })
      .refine((nodes) => new Set(nodes.map((node) => node.name)).size === nodes.length, {
        error: "node names must be unique",
      })
      .refine((nodes) => new Set(nodes.map((node) => node.ip)).size === nodes.length, {
        error: "node addresses must be unique",
      }),
  })
  .strict();

export type VagrantSettings = z.infer<typeof vagrantSettingsSchema>;

/** Reads and validates settings YAML; a carriage return anywhere is rejected (see the CRLF trap). */
export function parseVagrantSettings(text: string): VagrantSettings {
  if (text.includes("\r")) {
    throw new Error(
      "settings.yaml has CRLF line endings; convert it to LF (git config core.autocrlf false)",
    );
  }
  return vagrantSettingsSchema.parse(parse(text));
}

export async function loadVagrantSettings(path = vagrantSettingsPath): Promise<VagrantSettings> {
  return parseVagrantSettings(await readFile(path, "utf8"));
}
