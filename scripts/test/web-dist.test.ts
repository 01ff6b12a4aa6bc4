import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { rebuildWebDist } from "../start/web-dist.js";

let parent: string | undefined;
afterEach(async () => {
  if (parent) await rm(parent, { recursive: true, force: true });
});

async function siteWith(text: string): Promise<string> {
  parent = await mkdtemp(join(tmpdir(), "web-dist-test-"));
  const dist = join(parent, "dist");
  await mkdir(dist);
  await writeFile(join(dist, "index.html"), text);
  return dist;
}

describe("rebuildWebDist", () => {
  it("builds elsewhere while the old build is still served, then swaps it in", async () => {
    const dist = await siteWith("old");
    await rebuildWebDist(dist, async (outDir) => {
      expect(outDir).not.toBe(dist);
      expect(await readFile(join(dist, "index.html"), "utf8")).toBe("old");
      await writeFile(join(outDir, "index.html"), "new");
    });
    expect(await readFile(join(dist, "index.html"), "utf8")).toBe("new");
    expect(await readdir(parent ?? "")).toEqual(["dist"]);
  });

  it("leaves the old build untouched and no leftovers when the build fails", async () => {
    const dist = await siteWith("old");
    await expect(
      rebuildWebDist(dist, async (outDir) => {
        await writeFile(join(outDir, "index.html"), "half");
        throw new Error("syntax error");
      }),
    ).rejects.toThrow("syntax error");
    expect(await readFile(join(dist, "index.html"), "utf8")).toBe("old");
    expect(await readdir(parent ?? "")).toEqual(["dist"]);
  });

  it("creates the directory on a first build", async () => {
    parent = await mkdtemp(join(tmpdir(), "web-dist-test-"));
    const dist = join(parent, "dist");
    await rebuildWebDist(dist, (outDir) => writeFile(join(outDir, "index.html"), "first"));
    expect(await readFile(join(dist, "index.html"), "utf8")).toBe("first");
  });
});
