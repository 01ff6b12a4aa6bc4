import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig, type Plugin, type Rolldown } from "vite";

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

/**
 * Kept out of the first chunk: the entry (so it stays the manifest's entry, importing the rest),
 * and the contract with zod, which rolldown's automatic chunking puts in a chunk of their own:
 * grouped by the graph, the contract's barrel would pull every schema into the first download.
 */
const notInApp =
  /index\.html|[\\/]src[\\/]main\.tsx$|[\\/]contract[\\/]|[\\/]node_modules[\\/]zod[\\/]/;

const source = (path: string) => join(import.meta.dirname, "src", path);

/** The static imports of `from`, transitively, itself included. */
function reach(context: Rolldown.ChunkingContext, from: string, reached = new Set<string>()) {
  if (reached.has(from)) return reached;
  reached.add(from);
  for (const imported of context.getModuleInfo(from)?.importedIds ?? [])
    reach(context, imported, reached);
  return reached;
}

/** A chunk-name function over sets of modules computed once from the module graph. */
function chunksOf(
  plan: (context: Rolldown.ChunkingContext) => Record<string, Set<string>>,
): Rolldown.CodeSplittingNameFunction {
  let chunks: [string, Set<string>][] | undefined;
  return (id, context) => {
    chunks ??= Object.entries(plan(context));
    return chunks.find(([, modules]) => modules.has(id))?.[0] ?? null;
  };
}

/**
 * The boot script with what it imports (the language check, the early fetch, Vite's preload
 * helper, which the app's chunks import too), so that it waits for no other chunk.
 */
const bootChunk = chunksOf((context) => ({ boot: reach(context, source("boot.ts")) }));

/**
 * The home page in one chunk. A first visit of / would otherwise fetch the home page's ~8
 * small chunks and their CSS, while HTTP/1.1 keeps 6 requests in flight. It holds every module
 * the home page imports statically that the entry does not (those stay in the entry's chunks,
 * so the initial JS does not grow); the other pages keep rolldown's automatic chunks, reading
 * what they share with the home page from it.
 */
const homeChunk = chunksOf((context) => {
  const initial = reach(context, source("main.tsx"));
  const home = [...reach(context, source("pages/HomePage.tsx"))].filter((id) => !initial.has(id));
  return { home: new Set(home) };
});

/**
 * index.html names the boot script first (a separate entry: Vite bundles index.html's scripts
 * into one), with the chunks it imports. It usually runs before the app's scripts (a few KB
 * against ~100); if not, earlyFetch.ts drops its listing request and the imports are shared.
 */
function bootScript(): Plugin {
  return {
    name: "ssgbay-boot-script",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(_html, { bundle }) {
        const boot = Object.values(bundle ?? {}).find(
          (output) => output.type === "chunk" && output.isEntry && output.name === "boot",
        );
        if (boot?.type !== "chunk") throw new Error("the build has no boot chunk");
        const crossorigin = true;
        return [
          {
            tag: "script",
            // async: it runs as soon as it is there, not after the document's other scripts
            attrs: { type: "module", async: true, crossorigin, src: `/${boot.fileName}` },
            injectTo: "head-prepend",
          },
          ...boot.imports.map((file) => ({
            tag: "link",
            attrs: { rel: "modulepreload", crossorigin, href: `/${file}` },
            injectTo: "head-prepend" as const,
          })),
        ];
      },
    },
  };
}

export default defineConfig(({ command }) => ({
  root: import.meta.dirname,
  plugins: [react(), bootScript()],
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
    rolldownOptions: {
      input: { index: source("../index.html"), boot: source("boot.ts") },
      output: {
        codeSplitting: {
          groups: [
            {
              name: bootChunk,
              debugName: "boot",
              includeDependenciesRecursively: false,
              priority: 2,
            },
            // what the entry loads statically, in one chunk rather than seven
            {
              name: "app",
              tags: ["$initial"],
              test: (id) => !notInApp.test(id),
              includeDependenciesRecursively: false,
              priority: 1,
            },
            { name: homeChunk, debugName: "home", includeDependenciesRecursively: false },
          ],
        },
      },
    },
  },
  server: { proxy: { "/api": { target: devApiTarget, changeOrigin: false } } },
}));
