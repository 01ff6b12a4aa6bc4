import type { Request, Response } from "express";
import { ipKeyGenerator } from "express-rate-limit";
import { HttpError } from "../http/errors.js";
import type { StreamLimiter } from "./limits.js";

/**
 * Takes a live-stream slot for the request's client address or answers why not (429 over the
 * per-address cap, 503 over the replica's). The slot is given back however the response ends
 * (the client leaves, the stream ends, an error answers). Every stream of the API (an item's
 * and the signed-in user's) goes through here, so one limiter counts them all.
 */
export function takeStreamSlot(limiter: StreamLimiter, req: Request, res: Response): void {
  // req.ip is the client's address as `trust proxy` (TRUST_PROXY) resolves it; IPv6 clients
  // are counted by /56 like the auth rate limit, since one holds a whole prefix.
  const slot = limiter.acquire(ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? ""));
  if (slot === "per_address") {
    throw new HttpError("RATE_LIMITED", "Too many live streams from this address.");
  }
  if (slot === "per_replica") {
    throw new HttpError("UNAVAILABLE", "Too many live streams on this server. Try again later.");
  }
  res.once("close", slot.release);
}
