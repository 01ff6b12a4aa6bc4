import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { sourceResolution } from "../../vitest.shared.js";

// Run by `npm run test:engine` only: the root's `*/vitest.config.ts` glob does not reach here.
export default defineConfig({
  ...sourceResolution,
  test: {
    name: "engine",
    root: fileURLToPath(new URL(".", import.meta.url)),
    include: ["test/**/*.test.ts"],
    // One control plane and one Pulumi stack, driven step by step.
    fileParallelism: false,
    testTimeout: 20 * 60_000,
    hookTimeout: 10 * 60_000,
  },
});
