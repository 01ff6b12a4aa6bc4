/**
 * The input rules of the after-sale routes (see limits.ts for the rest). A module of their own,
 * so the web app bundles them with the pages that use them, not its entry chunk.
 */
export const afterSaleLimits = {
  /** A rating's text after a sale. */
  ratingCommentMaxLength: 300,
  /** One message between the buyer and the seller. */
  messageMaxLength: 1000,
  /** Messages one user may send per minute, over all their threads (429 beyond). */
  messagesPerMinute: 20,
  /** Pages of messages and notifications. */
  threadPageDefault: 30,
  threadPageMax: 100,
  /** How many of a user's newest ratings the public profile shows. */
  profileRecentRatings: 10,
} as const;
