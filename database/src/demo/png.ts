import { crc32, deflateSync } from "node:zlib";

type Rgb = readonly [number, number, number];

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * A small truecolour PNG: a diagonal gradient between two colours with a lighter disc, so each
 * demo item gets a distinct picture without any network or image library.
 */
export function demoPng(width: number, height: number, from: Rgb, to: Rgb, variant = 0): Buffer {
  const rowLength = width * 3 + 1;
  const pixels = Buffer.alloc(rowLength * height);
  // The disc moves with the variant so that items sharing a palette still look different.
  const cx = width * (0.25 + ((variant * 0.37) % 0.5));
  const cy = height * (0.3 + ((variant * 0.23) % 0.4));
  const radius = Math.min(width, height) * (0.18 + ((variant * 0.07) % 0.15));
  for (let y = 0; y < height; y++) {
    pixels[y * rowLength] = 0; // filter type: none
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2;
      const inDisc = (x - cx) ** 2 + (y - cy) ** 2 < radius ** 2;
      const offset = y * rowLength + 1 + x * 3;
      for (let c = 0; c < 3; c++) {
        const base = (from[c] ?? 0) * (1 - t) + (to[c] ?? 0) * t;
        pixels[offset + c] = Math.round(inDisc ? base + (255 - base) * 0.35 : base);
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(pixels)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
