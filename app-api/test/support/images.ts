import { encodePng } from "@ssgbay/database/testing";

/**
 * A tiny PNG whose header claims huge dimensions: a decompression bomb's calling card.
 * Only the header is real; that is all the server may need to read to refuse it.
 */
export function pngBombHeader(width: number, height: number): Buffer {
  return encodePng(width, height, Buffer.alloc(1024));
}

/** A minimal GIF89a (1x1). */
export function gifImage(): Buffer {
  return Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");
}
