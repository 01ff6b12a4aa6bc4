import type { UserConfig } from "vite";
import { defaultClientConditions, defaultServerConditions } from "vite";

/** Workspace packages are imported from their TypeScript sources in tests and local runs. */
export const sourceCondition = "ssgbay-source";

export const sourceResolution = {
  resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [sourceCondition, ...defaultServerConditions] } },
} satisfies UserConfig;
