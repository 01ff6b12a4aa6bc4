// Part of the kit shared by `./dev` (demo pictures) and `./testing` (uploads in tests); the
// production entry never imports it.
import { crc32, deflateSync } from "node:zlib";

export type Rgb = readonly [number, number, number];

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const GREY: Rgb = [0x7f, 0x7f, 0x7f];

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * An 8-bit truecolour PNG around `scanlines` (each row: a filter-type byte, then width × 3
 * colour bytes). The header states `width` and `height` as given and nothing checks them
 * against the data, so a test can also build a PNG whose header lies.
 */
export function encodePng(width: number, height: number, scanlines: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  // 8-bit depth, truecolour, default compression and filter, no interlace
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    SIGNATURE,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(scanlines)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A valid PNG of the given size filled with one colour (mid grey unless told). */
export function solidPng(width: number, height: number, rgb: Rgb = GREY): Buffer {
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3).fill(Buffer.from(rgb))]);
  return encodePng(width, height, Buffer.concat(Array.from({ length: height }, () => row)));
}
