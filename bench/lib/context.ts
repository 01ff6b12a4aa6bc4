import type { BenchDatabaseServer } from "./database.js";
import type { BenchOutcome } from "./results.js";
import { NotMeasured } from "./results.js";

export interface BenchContext {
  readonly repoRoot: string;
  /** Small sizes and short rounds, for development. */
  readonly quick: boolean;
  readonly db: BenchDatabaseServer;
  log(message: string): void;
  /** The one password every seeded user has, and its hash made once by the API's hashPassword. */
  seedPassword(): Promise<{ password: string; hash: string }>;
}

export interface Benchmark {
  readonly name: string;
  readonly title: string;
  run(context: BenchContext): Promise<BenchOutcome>;
}

export const SEED_PASSWORD = "bench-password-1234";

/** Hashes the seed password once with the API's own hasher (if the API has landed). */
export function seedPasswordOnce(): () => Promise<{ password: string; hash: string }> {
  let hashed: Promise<string> | undefined;
  return async () => {
    hashed ??= import("@ssgbay/app-api").then(
      (api) => api.hashPassword(SEED_PASSWORD),
      (error: unknown) => {
        throw new NotMeasured(`@ssgbay/app-api cannot be imported: ${String(error)}`);
      },
    );
    return { password: SEED_PASSWORD, hash: await hashed };
  };
}
