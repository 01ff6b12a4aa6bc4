import { encodePng, type Rgb } from "../kit/png.js";

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
  return encodePng(width, height, pixels);
}
