import type { Benchmark } from "../lib/context.js";
import { bidsBenchmark } from "./bids.js";
import { infraBenchmark } from "./infra.js";
import { readBenchmark } from "./read.js";
import { scaleBenchmark } from "./scale.js";
import { settleBenchmark } from "./settle.js";
import { webBenchmark } from "./web.js";

/** Every benchmark, in the order they run and appear in the summary. */
export const benchmarks: readonly Benchmark[] = [
  readBenchmark,
  scaleBenchmark,
  bidsBenchmark,
  settleBenchmark,
  webBenchmark,
  infraBenchmark,
];
