import { defineProject } from "vitest/config";
import { nodeSourceResolution } from "../vitest.shared.js";

export default defineProject({
  ...nodeSourceResolution,
  test: {
    name: "contract",
    include: ["test/**/*.test.ts"],
  },
});
