import type { UserConfig } from "vite";
import { defaultClientConditions, defaultServerConditions } from "vite";

/** Workspace packages are imported from their TypeScript sources in tests and local runs. */
export const sourceCondition = "ssgbay-source";

// Node-side tests run what Node runs: without the bundler-only "module" condition, which
// makes some packages (e.g. @opentelemetry/api via prom-client) resolve to builds Node cannot load.
const nodeConditions = defaultServerConditions.filter((condition) => condition !== "module");

export const sourceResolution = {
  resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [sourceCondition, ...nodeConditions] } },
} satisfies UserConfig;

/** For projects whose code runs only on Node (API, settler, database, infra). */
export const nodeSourceResolution = {
  resolve: { conditions: [sourceCondition, ...nodeConditions] },
  ssr: { resolve: { conditions: [sourceCondition, ...nodeConditions] } },
} satisfies UserConfig;
