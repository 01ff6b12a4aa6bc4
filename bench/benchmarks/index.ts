import type { Benchmark } from "../lib/context.js";
import { bidsBenchmark } from "./bids.js";
import { infraBenchmark } from "./infra.js";
import { readBenchmark } from "./read.js";
import { settleBenchmark } from "./settle.js";
import { webBenchmark } from "./web.js";

/** Every benchmark, in the order they run and appear in the summary. */
export const benchmarks: readonly Benchmark[] = [
  readBenchmark,
  bidsBenchmark,
  settleBenchmark,
  webBenchmark,
  infraBenchmark,
];
