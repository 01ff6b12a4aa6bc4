import { join } from "node:path";
import { build } from "vite";

/** Production build of the SPA into `outDir`, as `npm run build -w app-web` makes it. */
export async function buildWebApp(outDir: string): Promise<void> {
  // vitest sets NODE_ENV=test, which would make Vite bundle React's development build
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      configFile: join(import.meta.dirname, "../vite.config.ts"),
      mode: "production",
      logLevel: "warn",
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
