import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { evaluate } from "../infra/evaluate.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

// The infra benchmark times these evaluations; each must run the real program to its end.
describe("infra evaluation", () => {
  it.each(["dev", "staging", "prod"])("evaluates the committed %s stack", async (stack) => {
    const result = await evaluate(repoRoot, stack, ["program"]);
    expect(result.byType["kubernetes:apps/v1:Deployment"]).toBeGreaterThanOrEqual(2);
    expect(result.byType["ssgbay:index:AppImages"]).toBe(1);
    expect(result.resources).toBe(
      Object.values(result.byType).reduce((sum, count) => sum + count, 0),
    );
  });

  it("the reference registers exactly the resources it is asked for", async () => {
    const result = await evaluate(repoRoot, "staging", ["reference", "7"]);
    expect(result).toMatchObject({ resources: 7, byType: { "bench:index:Noop": 7 } });
  });
});
