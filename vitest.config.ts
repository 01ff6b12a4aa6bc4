import { defineConfig } from "vitest/config";
import { sourceResolution } from "./vitest.shared.js";

export default defineConfig({
  ...sourceResolution,
  test: {
    // One database server for the whole run; each test file creates its own database on it.
    globalSetup: ["./database/test/global-setup.ts"],
    projects: ["*/vitest.config.ts"],
  },
});
