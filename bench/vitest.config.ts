import { defineProject } from "vitest/config";
import { sourceResolution } from "../vitest.shared.js";

// Unit tests of the bench's own machinery and of its references. The benchmarks themselves run
// only through `npm run bench`, never in `npm test`.
export default defineProject({
  ...sourceResolution,
  test: {
    name: "bench",
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
