import type { ImageExtension } from "@ssgbay/contract";
import { imageSize } from "image-size";
import { HttpError } from "../http/errors.js";

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/** The image type by its magic bytes; the client's name and Content-Type are never trusted. */
export function detectImageType(bytes: Uint8Array): ImageExtension | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return "gif";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "webp";
  return undefined;
}

/**
 * Checks that the bytes are a JPEG/PNG/WebP/GIF whose header parses, and that its pixel count
 * is within the limit, so a small file cannot decompress into gigabytes in a browser or tool.
 */
export function inspectImage(bytes: Uint8Array, maxPixels: number): ImageExtension {
  const type = detectImageType(bytes);
  const notAnImage = new HttpError(
    "UNSUPPORTED_MEDIA_TYPE",
    "The image must be a JPEG, PNG, WebP or GIF file.",
  );
  if (!type) throw notAnImage;
  let size: { width: number; height: number; type?: string };
  try {
    size = imageSize(bytes);
  } catch {
    throw notAnImage;
  }
  const sameType = size.type === type || (type === "jpg" && size.type === "jpeg");
  if (!sameType || size.width < 1 || size.height < 1) throw notAnImage;
  if (size.width * size.height > maxPixels) {
    throw new HttpError("PAYLOAD_TOO_LARGE", `The image has more than ${maxPixels} pixels.`, {
      width: size.width,
      height: size.height,
      maxPixels,
    });
  }
  return type;
}
