import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig } from "vite";

/** Where `npm run dev` sends /api; the API's own dev server by default. */
const devApiTarget = process.env.VITE_DEV_API ?? "http://127.0.0.1:8080";

/**
 * react-router's package exports only its development build (extra warnings and checks); the
 * production build it ships next to it is smaller, so the bundle uses that one.
 */
const reactRouterProduction = join(
  dirname(createRequire(import.meta.url).resolve("react-router/package.json")),
  "dist/production/index.mjs",
);

export default defineConfig(({ command }) => ({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: {
    // Workspace packages (@ssgbay/contract) are bundled from their TypeScript sources.
    conditions: ["ssgbay-source", ...defaultClientConditions],
    alias:
      command === "build" ? [{ find: /^react-router$/, replacement: reactRouterProduction }] : [],
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    target: "es2022",
    sourcemap: false,
    // read by scripts/size.ts to find the JavaScript a first visit must download
    manifest: true,
  },
  server: { proxy: { "/api": { target: devApiTarget, changeOrigin: false } } },
}));
