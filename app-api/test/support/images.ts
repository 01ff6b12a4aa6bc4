import { encodePng } from "@ssgbay/database/testing";
import sharp from "sharp";

/**
 * A tiny PNG whose header claims huge dimensions: a decompression bomb's calling card.
 * Only the header is real; that is all the server may need to read to refuse it.
 */
export function pngBombHeader(width: number, height: number): Buffer {
  return encodePng(width, height, Buffer.alloc(1024));
}

/** A PNG's signature and IHDR chunk only: a header that parses, with no pixel data after it. */
export function pngHeaderOnly(width: number, height: number): Buffer {
  return encodePng(width, height, Buffer.alloc(0)).subarray(0, 33);
}

/** A minimal GIF89a (1x1). */
export function gifImage(): Buffer {
  return Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");
}

/** The EXIF GPS position of 서울시청 (Seoul City Hall), as a camera phone writes it. */
const cityHallGps = {
  GPSLatitudeRef: "N",
  GPSLatitude: "37/1 33/1 59/1",
  GPSLongitudeRef: "E",
  GPSLongitude: "126/1 58/1 40/1",
};

/**
 * A real JPEG as a phone camera leaves it: landscape pixels with EXIF orientation 6 (turn 90°
 * clockwise to view), a camera make and a GPS block, an XMP packet and a Display P3 ICC profile.
 */
export async function phoneJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({ IFD0: { Make: "SSGBay test camera" }, IFD3: cityHallGps })
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="37,33.983N"/></rdf:RDF></x:xmpmeta>',
    )
    .withIccProfile("p3")
    .toBuffer();
}

/** True when the bytes hold an EXIF GPS IFD pointer (tag 0x8825, either byte order). */
export function hasGpsTag(exif: Buffer): boolean {
  return exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));
}
