import type { Response } from "express";

/**
 * Starts a Server-Sent Events answer: the headers (nginx must pass events through as they come),
 * then the client's reconnect delay. Both live streams (an item's, a user's) open this way.
 */
export function openEventStream(res: Response): void {
  res.status(200);
  res.set({
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-cache, no-transform",
    Connection: "keep-alive",
    "X-Accel-Buffering": "no",
  });
  res.flushHeaders();
  res.write("retry: 3000\n\n");
}
