import { mkdtemp, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Builds into a fresh sibling directory and swaps it in with renames, so the directory a
 * running server reads is never half-built: it holds the old build until the new one is whole,
 * and a failed build leaves it untouched.
 */
export async function rebuildWebDist(
  dist: string,
  build: (outDir: string) => Promise<void>,
): Promise<void> {
  const parent = dirname(dist);
  const fresh = await mkdtemp(join(parent, `.${basename(dist)}-build-`));
  try {
    await build(fresh);
  } catch (error) {
    await rm(fresh, { recursive: true, force: true });
    throw error;
  }
  const retired = `${fresh}-old`;
  let hadOld = true;
  try {
    await rename(dist, retired);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    hadOld = false;
  }
  await rename(fresh, dist);
  if (hadOld) await rm(retired, { recursive: true, force: true });
}
