import { type ImageExtension, limits } from "@ssgbay/contract";
import sharp from "sharp";
import { HttpError } from "../http/errors.js";

// Each upload is decoded once and dropped: libvips' operation cache would only hold memory.
sharp.cache(false);

/** The smallest file any accepted type can be: a PNG signature plus its IHDR chunk. */
export const MIN_IMAGE_BYTES = 33;

export interface NormalisedImage {
  bytes: Buffer;
  extension: ImageExtension;
}

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

const libvipsFormat: Record<ImageExtension, string> = {
  jpg: "jpeg",
  png: "png",
  gif: "gif",
  webp: "webp",
};

const notAnImage = () =>
  new HttpError("UNSUPPORTED_MEDIA_TYPE", "The image must be a JPEG, PNG, WebP or GIF file.");

/**
 * Checks that the upload is a JPEG/PNG/WebP/GIF within the pixel limit, then re-encodes it in
 * its own type: every piece of metadata (EXIF and its GPS block, XMP, IPTC, ICC, comments) is
 * dropped, the EXIF orientation is applied to the pixels and the longest edge is bounded.
 */
export async function normaliseImage(
  upload: Uint8Array,
  maxPixels: number,
): Promise<NormalisedImage> {
  // A copy in an ArrayBuffer of exactly the upload's length: a small Buffer is a view into Node's
  // shared pool, and a parser that reads past the upload must meet the end, not other data.
  const bytes = Buffer.from(new Uint8Array(upload).buffer);
  const extension = bytes.length >= MIN_IMAGE_BYTES ? detectImageType(bytes) : undefined;
  if (!extension) throw notAnImage();
  const animated = extension === "gif" || extension === "webp";
  // The header is read without sharp's own pixel limit, so that a bomb is told apart from a
  // broken file; decoding then keeps that limit as a second guard.
  const input = (limitInputPixels: number | false) =>
    sharp(bytes, { animated, failOn: "error", limitInputPixels });

  let metadata: sharp.Metadata;
  try {
    metadata = await input(false).metadata();
  } catch {
    throw notAnImage();
  }
  const { width, format } = metadata;
  const frames = metadata.pages ?? 1;
  const height = metadata.pageHeight ?? metadata.height;
  if (format !== libvipsFormat[extension] || !width || !height) throw notAnImage();
  if (width * height * frames > maxPixels) {
    throw new HttpError("PAYLOAD_TOO_LARGE", `The image has more than ${maxPixels} pixels.`, {
      width,
      height,
      frames,
      maxPixels,
    });
  }

  const pipeline = input(maxPixels).rotate().resize({
    width: limits.imageMaxEdge,
    height: limits.imageMaxEdge,
    fit: "inside",
    withoutEnlargement: true,
  });
  const encoded = {
    jpg: () => pipeline.jpeg({ quality: 85, mozjpeg: true }),
    png: () => pipeline.png({ compressionLevel: 9 }),
    gif: () => pipeline.gif(),
    webp: () => pipeline.webp({ quality: 85 }),
  }[extension]();
  try {
    return { bytes: await encoded.toBuffer(), extension };
  } catch {
    throw notAnImage();
  }
}
