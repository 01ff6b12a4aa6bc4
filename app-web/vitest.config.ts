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
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
