import type { Benchmark } from "../lib/context.js";
import { bidsBenchmark } from "./bids.js";
import { readBenchmark } from "./read.js";
import { settleBenchmark } from "./settle.js";

/** Every benchmark, in the order they run and appear in the summary. */
export const benchmarks: readonly Benchmark[] = [readBenchmark, bidsBenchmark, settleBenchmark];
