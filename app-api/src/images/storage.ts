import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type ImageExtension, imageKeyPattern } from "@ssgbay/contract";
import { newImageKey } from "./keys.js";

export interface ImageStore {
  readonly dir: string;
  /** Writes the bytes to a temp file and renames it into place, so readers never see half a file. */
  save(bytes: Uint8Array, extension: ImageExtension): Promise<string>;
  remove(key: string): Promise<void>;
  /** The file path of a stored key, or undefined if the key is not one we could have made. */
  pathOf(key: string): string | undefined;
}

export async function createImageStore(dir: string): Promise<ImageStore> {
  const tempDir = join(dir, ".incoming");
  await mkdir(tempDir, { recursive: true });
  const pathOf = (key: string) => (imageKeyPattern.test(key) ? join(dir, key) : undefined);
  return {
    dir,
    async save(bytes, extension) {
      const key = newImageKey(extension);
      const temp = join(tempDir, `${randomBytes(16).toString("hex")}.part`);
      try {
        await writeFile(temp, bytes, { flag: "wx", mode: 0o644 });
        await rename(temp, join(dir, key));
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      return key;
    },
    async remove(key) {
      const path = pathOf(key);
      if (path) await rm(path, { force: true });
    },
    pathOf,
  };
}
