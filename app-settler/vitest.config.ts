import { defaultServerConditions } from "vite";
import { defineProject } from "vitest/config";
import { sourceCondition } from "../vitest.shared.js";

// The settler runs on Node, so resolve packages as Node does. The shared client conditions
// include "module", which picks @opentelemetry/api's bundler-only build (extensionless ESM
// imports Node cannot load) when the API under test loads prom-client.
const nodeConditions = [
  sourceCondition,
  ...defaultServerConditions.filter((condition) => condition !== "module"),
];

export default defineProject({
  resolve: { conditions: nodeConditions },
  ssr: { resolve: { conditions: nodeConditions } },
  test: {
    name: "app-settler",
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
