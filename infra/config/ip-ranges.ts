import { z } from "zod";

/** An inclusive IPv4 range as 32-bit numbers. */
export interface Ipv4Range {
  first: number;
  last: number;
}

const ipv4 = z.ipv4();

function toNumber(address: string): number {
  return address.split(".").reduce((value, octet) => value * 256 + Number(octet), 0);
}

/** Parses a MetalLB pool entry: `a.b.c.d-e.f.g.h` or a CIDR `a.b.c.d/n`; undefined if neither. */
export function tryParseAddressRange(entry: string): Ipv4Range | undefined {
  const dash = entry.split("-");
  if (dash.length === 2) {
    const [from, to] = dash.map((part) => part.trim());
    if (!ipv4.safeParse(from).success || !ipv4.safeParse(to).success) return undefined;
    const range = { first: toNumber(from ?? ""), last: toNumber(to ?? "") };
    return range.first <= range.last ? range : undefined;
  }
  const slash = entry.split("/");
  if (slash.length === 2 && ipv4.safeParse(slash[0]).success && /^\d{1,2}$/.test(slash[1] ?? "")) {
    const bits = Number(slash[1]);
    if (bits > 32) return undefined;
    const size = 2 ** (32 - bits);
    const first = Math.floor(toNumber(slash[0] ?? "") / size) * size;
    return { first, last: first + size - 1 };
  }
  return undefined;
}

export function parseAddressRange(entry: string): Ipv4Range {
  const range = tryParseAddressRange(entry);
  if (!range) throw new Error(`not an address range: ${entry}`);
  return range;
}

export const addressRangeSchema = z
  .string()
  .refine((entry) => tryParseAddressRange(entry) !== undefined, {
    error: "must be an IPv4 range 'first-last' (first <= last) or a CIDR 'a.b.c.d/n'",
  });

export function isInside(address: string, range: Ipv4Range): boolean {
  const value = toNumber(address);
  return value >= range.first && value <= range.last;
}
