import { defineProject } from "vitest/config";
import { sourceResolution } from "../vitest.shared.js";

export default defineProject({
  ...sourceResolution,
  test: {
    name: "app-settler",
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
