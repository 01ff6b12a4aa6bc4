import { describe, expect, it } from "vitest";
import { poolAddresses } from "./fake-metallb.js";

describe("the fake MetalLB controller's pool parsing", () => {
  it("expands an address range inclusively", () => {
    expect(poolAddresses("10.0.0.200-10.0.0.203")).toEqual([
      "10.0.0.200",
      "10.0.0.201",
      "10.0.0.202",
      "10.0.0.203",
    ]);
    expect(poolAddresses("10.0.0.200-10.0.0.220")).toHaveLength(21);
  });

  it("expands a CIDR block from its network address", () => {
    expect(poolAddresses("192.168.1.5/30")).toEqual([
      "192.168.1.4",
      "192.168.1.5",
      "192.168.1.6",
      "192.168.1.7",
    ]);
  });

  it("rejects entries that are not IPv4 ranges", () => {
    expect(() => poolAddresses("10.0.0.20-10.0.0.10")).toThrow(/bad pool range/);
    expect(() => poolAddresses("10.0.0.300-10.0.0.301")).toThrow(/not an IPv4 address/);
    expect(() => poolAddresses("10.0.0.0/33")).toThrow(/bad pool entry/);
  });
});
