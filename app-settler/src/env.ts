// The settler's own environment variable (besides the database's): name, default and range.
// Side-effect free, so the Pulumi program builds the ConfigMap from it (`@ssgbay/app-settler/env`).
import { integerVariable } from "@ssgbay/database/env";
import { z } from "zod";

// Measured at 100k items (bench/README.md, "Settlement: batch size and claimers"): each batch
// has a fixed cost, so 2,000 took 5.5 s where 500 took 6.7-10.5 s; its slowest statement
// (~180 ms) stays an order of magnitude inside DB_QUERY_TIMEOUT_MS.
export const DEFAULT_BATCH_SIZE = 2000;
export const MAX_BATCH_SIZE = 10_000;
/** Claimers side by side in one run; measured in bench/benchmarks/settle.ts (README there). */
export const DEFAULT_CLAIMERS = 2;
export const MAX_CLAIMERS = 16;

/** Items settled per transaction: large enough to be cheap, small enough to keep locks short. */
export const batchSizeSchema = integerVariable(1, MAX_BATCH_SIZE);

/** Claimers in one run: each holds one pool connection while it works. */
export const claimersSchema = integerVariable(1, MAX_CLAIMERS);

export const settlerEnvSchema = z.object({
  SETTLER_BATCH_SIZE: batchSizeSchema.default(DEFAULT_BATCH_SIZE),
  SETTLER_CLAIMERS: claimersSchema.default(DEFAULT_CLAIMERS),
});
