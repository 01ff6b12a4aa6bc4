import { randomBytes } from "node:crypto";
import type { ImageExtension } from "@ssgbay/contract";

/** A new stored image's name (see the contract's imageKeyPattern). */
export function newImageKey(extension: ImageExtension): string {
  return `${randomBytes(16).toString("hex")}.${extension}`;
}
