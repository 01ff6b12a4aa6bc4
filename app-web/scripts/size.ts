/**
 * Prints how much JavaScript a first visit downloads (the entry chunk and every chunk it
 * imports statically, gzip-compressed) and exits 1 above the budget. Route chunks and the
 * English strings are loaded on demand, so they are listed but not counted.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { z } from "zod";

export const initialJsBudgetBytes = 100 * 1024;

const manifestSchema = z.record(
  z.string(),
  z.object({
    file: z.string(),
    isEntry: z.boolean().optional(),
    imports: z.array(z.string()).optional(),
    dynamicImports: z.array(z.string()).optional(),
  }),
);

export interface SizeReport {
  initial: { file: string; gzipBytes: number }[];
  initialGzipBytes: number;
  lazy: { file: string; gzipBytes: number }[];
}

export function measureInitialJs(distDir: string): SizeReport {
  const manifestPath = join(distDir, ".vite", "manifest.json");
  if (!existsSync(manifestPath))
    throw new Error(`${manifestPath} not found: run "npm run build -w app-web" first`);
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(manifestPath, "utf8")));
  const gzipBytes = (file: string) => gzipSync(readFileSync(join(distDir, file))).length;

  const initialKeys = new Set<string>();
  const visit = (key: string) => {
    if (initialKeys.has(key)) return;
    initialKeys.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  if (initialKeys.size === 0) throw new Error("the manifest names no entry chunk");

  const jsFiles = (keys: Iterable<string>) =>
    [...new Set([...keys].map((key) => manifest[key]?.file ?? ""))]
      .filter((file) => file.endsWith(".js"))
      .map((file) => ({ file, gzipBytes: gzipBytes(file) }));
  const initial = jsFiles(initialKeys);
  const lazy = jsFiles(Object.keys(manifest).filter((key) => !initialKeys.has(key)));
  return {
    initial,
    initialGzipBytes: initial.reduce((sum, chunk) => sum + chunk.gzipBytes, 0),
    lazy,
  };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function main() {
  const distDir = join(import.meta.dirname, "..", "dist");
  const report = measureInitialJs(distDir);
  for (const chunk of report.initial)
    console.log(`initial  ${kib(chunk.gzipBytes).padStart(9)}  ${chunk.file}`);
  for (const chunk of report.lazy)
    console.log(`on demand${kib(chunk.gzipBytes).padStart(9)}  ${chunk.file}`);
  const verdict = report.initialGzipBytes <= initialJsBudgetBytes ? "within" : "OVER";
  console.log(
    `initial JavaScript: ${kib(report.initialGzipBytes)} gzip (${verdict} the ${kib(initialJsBudgetBytes)} budget)`,
  );
  if (verdict === "OVER") process.exit(1);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) main();
