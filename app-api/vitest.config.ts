import { defaultServerConditions } from "vite";
import { defineProject } from "vitest/config";
import { sourceCondition } from "../vitest.shared.js";

// The API runs on Node, so resolve packages as Node does. The shared client conditions include
// "module", which picks @opentelemetry/api's bundler-only build (extensionless ESM imports that
// Node cannot load) when prom-client requires it.
const nodeConditions = [
  sourceCondition,
  ...defaultServerConditions.filter((condition) => condition !== "module"),
];

export default defineProject({
  resolve: { conditions: nodeConditions },
  ssr: { resolve: { conditions: nodeConditions } },
  test: {
    name: "app-api",
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
