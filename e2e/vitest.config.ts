import { defineProject } from "vitest/config";
import { nodeSourceResolution } from "../vitest.shared.js";

// Tests that span apps. Files that had longer timeouts in their former project keep them with
// vi.setConfig at their top (api-settler: 120 s; web: 180 s a test, 240 s a hook).
export default defineProject({
  ...nodeSourceResolution,
  test: {
    name: "e2e",
    include: ["**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
