import sharp from "sharp";
import { type DrawingKind, productSvg } from "./drawings.js";

/** A demo product photo as JPEG (what a phone would upload), drawn from its SVG. */
export async function demoPhoto(kind: DrawingKind, hue: number, shot = 0): Promise<Buffer> {
  return sharp(Buffer.from(productSvg(kind, hue, shot)))
    .jpeg({ quality: 82 })
    .toBuffer();
}
