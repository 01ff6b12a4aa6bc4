import { defineProject } from "vitest/config";
import { nodeSourceResolution } from "../vitest.shared.js";

export default defineProject({
  ...nodeSourceResolution,
  test: {
    name: "scripts",
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
