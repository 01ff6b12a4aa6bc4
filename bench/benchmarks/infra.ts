import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Evaluation, evaluate } from "../infra/evaluate.js";
import type { Benchmark } from "../lib/context.js";
import { type Check, NotMeasured, row, type SummaryRow } from "../lib/results.js";
import { alternating } from "../lib/rounds.js";
import { median } from "../lib/stats.js";

const STACKS = ["dev", "staging", "prod"] as const;
const sizes = { full: { rounds: 5 }, quick: { rounds: 2 } };

export const infraBenchmark: Benchmark = {
  name: "infra",
  title: "Infra (Pulumi mocks)",
  async run(context) {
    for (const needed of [
      "infra/index.ts",
      "infra/test/support/mock-cluster.ts",
      "infra/test/support/stack-files.ts",
    ]) {
      if (!existsSync(join(context.repoRoot, needed)))
        throw new NotMeasured(`${needed} does not exist yet`);
    }
    const size = context.quick ? sizes.quick : sizes.full;
    const rows: SummaryRow[] = [];
    const checks: Check[] = [];
    const details: Record<string, unknown> = {};
    for (const stack of STACKS) {
      context.log(`evaluating the ${stack} stack`);
      // The resource count sizes the reference, so one untimed evaluation comes first.
      const { resources } = await evaluate(context.repoRoot, stack, ["program"]);
      const rounds = await alternating(size.rounds, {
        program: () => evaluate(context.repoRoot, stack, ["program"]),
        reference: () => evaluate(context.repoRoot, stack, ["reference", String(resources)]),
      });
      const counts = new Set(rounds.map((round) => round.program.resources));
      checks.push({
        name: `${stack}: the same resources on every evaluation`,
        passed: counts.size === 1 && counts.has(resources),
        detail: [...counts].join(", "),
      });
      const first = rounds[0]?.program;
      rows.push(
        row({
          measure: `${stack}: evaluate the program under mocks (${resources} resources)`,
          value: median(rounds.map((round) => round.program.ms)),
          unit: "ms",
          referenceLabel: `${resources} no-op resources, same mocks`,
          reference: median(rounds.map((round) => round.reference.ms)),
          better: "lower",
          headline: true,
          note: first ? topTypes(first) : "",
        }),
      );
      details[stack] = rounds;
    }
    return { parameters: size, rows, checks, details };
  },
};

function topTypes(result: Evaluation): string {
  return Object.entries(result.byType)
    .sort(([, a], [, b]) => b - a)
    .slice(0, 4)
    .map(([type, count]) => `${type.replace(/^kubernetes:/, "")} ${count}`)
    .join(", ");
}
