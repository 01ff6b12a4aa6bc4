/** The input rules that the API enforces and the web app checks before sending. */

export const usernamePattern = /^[a-z0-9_]{3,30}$/;
/** A Korean mobile number, `010-1234-5678` or digits only. */
export const phonePattern = /^01[016789]-?\d{3,4}-?\d{4}$/;

export const limits = {
  /** NIST SP 800-63B asks for at least 8; 10 leaves the shortest common passwords out too. */
  passwordMinLength: 10,
  passwordMaxLength: 128,
  nicknameMaxLength: 30,
  titleMaxLength: 100,
  descriptionMaxLength: 5000,
  searchMaxLength: 100,
  startPriceMin: 100,
  startPriceMax: 1_000_000_000,
  /**
   * A bid may be at most this many times the current price (the start price before the first
   * bid) and at most `bidMaxAmount` won, but never less than the least accepted bid: see
   * `maxNextBid` in pricing.ts.
   */
  bidMaxMultiple: 10,
  bidMaxAmount: 1_000_000_000_000,
  /** How far ahead of the database clock a new auction may end. */
  auctionMinDurationMs: 60_000,
  auctionMaxDurationMs: 30 * 24 * 60 * 60 * 1000,
  imageMaxBytes: 5 * 1024 * 1024,
  /** Photos of one listing; the first is its cover. */
  imagesPerItemMax: 8,
  /** Where a meet-up trade happens, e.g. "서울 마포구 합정역". */
  tradeAreaMaxLength: 40,
  /** Stored images are scaled down to fit this many pixels on their longest edge. */
  imageMaxEdge: 2_560,
  /** The highest page number a list request may ask for. */
  pageMax: 999_999,
  pageSizeMax: 60,
  pageSizeDefault: 24,
  /** How many of the newest bids an item's detail lists. */
  detailBidCount: 20,
} as const;

/** The image types an upload may be (judged by its bytes), by the extension it is stored under. */
export const imageContentTypes = {
  jpg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
} as const;

export type ImageExtension = keyof typeof imageContentTypes;

export const imageExtensions = Object.keys(imageContentTypes) as [
  ImageExtension,
  ...ImageExtension[],
];

/** A stored image's name: 32 random hex characters and the extension of its real type. */
export const imageKeyPattern = /^[0-9a-f]{32}\.(jpg|png|webp|gif)$/;

/** The relative URL an image is served at. */
export function imageUrl(key: string): string {
  return `/api/images/${key}`;
}
