import { randomBytes } from "node:crypto";

export const imageExtensions = ["jpg", "png", "webp", "gif"] as const;
export type ImageExtension = (typeof imageExtensions)[number];

/** A stored image's name: 32 random hex characters and the extension of its real type. */
export const imageKeyPattern = /^[0-9a-f]{32}\.(jpg|png|webp|gif)$/;

export const contentTypeByExtension: Record<ImageExtension, string> = {
  jpg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
};

export function newImageKey(extension: ImageExtension): string {
  return `${randomBytes(16).toString("hex")}.${extension}`;
}

export function imageUrl(key: string): string {
  return `/api/images/${key}`;
}
