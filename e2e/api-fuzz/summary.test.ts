import { describe, expect, it } from "vitest";
import { plainSummary } from "./summary.js";

const report = `Schemathesis v4
... operations ...
======================================================= SUMMARY ========================================================

API Operations:
  Selected: 28/29
  Tested: 28

Test cases:
  1170 generated, 1170 passed

Seed: 14

================================================= 2 warnings in 38.51s =================================================
`;

describe("plainSummary", () => {
  it("keeps the SUMMARY section and drops the pytest-like banners CI would read as a closing line", () => {
    const summary = plainSummary(report);
    expect(summary).toContain("Tested: 28");
    expect(summary).toContain("1170 generated, 1170 passed");
    expect(summary).not.toContain("===");
    expect(summary).not.toMatch(/warnings? in [\d.]+s/);
    expect(summary).not.toContain("operations ...");
  });

  it("keeps a report without a SUMMARY heading whole, banners still dropped", () => {
    expect(plainSummary("== 1 warning in 2s ==\nTest cases:\n  3 generated\n")).toBe(
      "schemathesis summary:\nTest cases:\n  3 generated\n",
    );
  });
});
