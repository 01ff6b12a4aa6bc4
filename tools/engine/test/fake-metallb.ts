/**
 * A test-only stand-in for MetalLB's controller: it assigns LoadBalancer Services an address
 * from the IPAddressPools in `metallb-system`, honouring a requested address
 * (`spec.loadBalancerIP` or MetalLB's `loadBalancerIPs` annotations) when it lies in a pool,
 * and writes it to `status.loadBalancer.ingress`. The addresses are data only: nothing here
 * (or anywhere in the test) connects to them.
 */
import { z } from "zod";
import type { KubeApi } from "./support/kube-api.js";

export const METALLB_NAMESPACE = "metallb-system";
const REQUESTED_ADDRESS_ANNOTATIONS = [
  "metallb.io/loadBalancerIPs",
  "metallb.universe.tf/loadBalancerIPs",
];

const poolListSchema = z.object({
  items: z.array(
    z.object({
      metadata: z.object({ name: z.string() }),
      spec: z.object({ addresses: z.array(z.string()) }),
    }),
  ),
});

const serviceSchema = z.object({
  metadata: z.object({
    name: z.string(),
    namespace: z.string(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: z.object({ type: z.string().optional(), loadBalancerIP: z.string().optional() }),
  status: z
    .object({
      loadBalancer: z
        .object({ ingress: z.array(z.object({ ip: z.string().optional() })).optional() })
        .optional(),
    })
    .optional(),
});
const serviceListSchema = z.object({ items: z.array(serviceSchema) });
type Service = z.infer<typeof serviceSchema>;

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4ToNumber(address: string): number {
  const match = IPV4.exec(address.trim());
  if (!match) throw new Error(`not an IPv4 address: ${address}`);
  const octets = match.slice(1).map(Number);
  if (octets.some((octet) => octet > 255)) throw new Error(`not an IPv4 address: ${address}`);
  return octets.reduce((value, octet) => value * 256 + octet, 0);
}

function numberToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** Expands one MetalLB pool entry (`a.b.c.d-e.f.g.h` or `a.b.c.d/n`) into its addresses. */
export function poolAddresses(entry: string): string[] {
  const [first, last] = (() => {
    if (entry.includes("-")) {
      const [from, to] = entry.split("-");
      return [ipv4ToNumber(from ?? ""), ipv4ToNumber(to ?? "")];
    }
    const [network, bits] = entry.split("/");
    const prefix = Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32)
      throw new Error(`bad pool entry: ${entry}`);
    const size = 2 ** (32 - prefix);
    const start = Math.floor(ipv4ToNumber(network ?? "") / size) * size;
    return [start, start + size - 1];
  })();
  if (last < first) throw new Error(`bad pool range: ${entry}`);
  return Array.from({ length: last - first + 1 }, (_, index) => numberToIpv4(first + index));
}

function requestedAddress(service: Service): string | undefined {
  for (const annotation of REQUESTED_ADDRESS_ANNOTATIONS) {
    const value = service.metadata.annotations?.[annotation];
    if (value) return value.split(",")[0]?.trim();
  }
  return service.spec.loadBalancerIP || undefined;
}

function assignedAddress(service: Service): string | undefined {
  return service.status?.loadBalancer?.ingress?.find((ingress) => ingress.ip)?.ip;
}

export class FakeMetalLb {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  /** Services it could not serve, with the reason (e.g. a pinned address outside every pool). */
  readonly refusals = new Map<string, string>();
  readonly assignments = new Map<string, string>();

  constructor(
    private readonly api: KubeApi,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    const tick = () => {
      this.running = this.reconcile()
        .catch((error: unknown) => {
          this.refusals.set("<controller>", error instanceof Error ? error.message : String(error));
        })
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    const timer = this.timer;
    this.timer = undefined;
    clearTimeout(timer);
    await this.running;
  }

  /** One pass over all LoadBalancer Services. */
  async reconcile(): Promise<void> {
    const pools = poolListSchema.parse(
      await this.api.get(`/apis/metallb.io/v1beta1/namespaces/${METALLB_NAMESPACE}/ipaddresspools`),
    );
    const available = pools.items.flatMap((pool) => pool.spec.addresses.flatMap(poolAddresses));
    const services = serviceListSchema
      .parse(await this.api.get("/api/v1/services"))
      .items.filter((service) => service.spec.type === "LoadBalancer");
    const inUse = new Set(
      services.map(assignedAddress).filter((ip): ip is string => ip !== undefined),
    );

    for (const service of services) {
      const key = `${service.metadata.namespace}/${service.metadata.name}`;
      if (assignedAddress(service)) continue;
      const requested = requestedAddress(service);
      let address: string | undefined;
      if (requested) {
        if (!available.includes(requested)) {
          this.refusals.set(key, `requested ${requested} is in no IPAddressPool`);
          continue;
        }
        if (inUse.has(requested)) {
          this.refusals.set(key, `requested ${requested} is already assigned`);
          continue;
        }
        address = requested;
      } else {
        address = available.find((candidate) => !inUse.has(candidate));
        if (!address) {
          this.refusals.set(key, "no free address in any IPAddressPool");
          continue;
        }
      }
      await this.api.mergePatch(
        `/api/v1/namespaces/${service.metadata.namespace}/services/${service.metadata.name}/status`,
        { status: { loadBalancer: { ingress: [{ ip: address, ipMode: "VIP" }] } } },
      );
      inUse.add(address);
      this.refusals.delete(key);
      this.assignments.set(key, address);
    }
  }
}
