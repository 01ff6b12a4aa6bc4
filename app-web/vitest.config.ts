import react from "@vitejs/plugin-react";
import { defineProject } from "vitest/config";
import { sourceResolution } from "../vitest.shared.js";

export default defineProject({
  ...sourceResolution,
  plugins: [react()],
  test: {
    name: "app-web",
    include: ["test/**/*.test.{ts,tsx}"],
    setupFiles: ["./test/setup.ts"],
    // the browser suites do many steps per test on a shared 2-core CI machine
    testTimeout: 180_000,
    hookTimeout: 240_000,
  },
});
