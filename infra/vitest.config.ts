import { defineProject } from "vitest/config";
import { sourceCondition, sourceResolution } from "../vitest.shared.js";

export default defineProject({
  ...sourceResolution,
  // Node's own conditions only: with Vite's "module" condition, OpenTelemetry (a Pulumi
  // dependency) resolves to an ESM build whose extensionless imports Node cannot load.
  ssr: { resolve: { conditions: [sourceCondition, "node", "import", "default"] } },
  test: {
    name: "infra",
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
