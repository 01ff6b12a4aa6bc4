import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { nodeSourceResolution } from "../../../vitest.shared.js";

// Run by `npm run test:deploy` only: the root's `*/vitest.config.ts` glob does not reach here.
export default defineConfig({
  ...nodeSourceResolution,
  test: {
    name: "deploy",
    root: fileURLToPath(new URL(".", import.meta.url)),
    include: ["**/*.test.ts"],
    // One real node per machine (its iptables rules are machine-wide): files run one by one.
    fileParallelism: false,
    testTimeout: 10 * 60_000,
    // A cold `node.sh up` builds the test images (debootstrap, apt) before the node starts.
    hookTimeout: 30 * 60_000,
  },
});
