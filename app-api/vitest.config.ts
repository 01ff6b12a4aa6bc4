import { defineProject } from "vitest/config";
import { nodeSourceResolution } from "../vitest.shared.js";

export default defineProject({
  ...nodeSourceResolution,
  test: {
    name: "app-api",
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
