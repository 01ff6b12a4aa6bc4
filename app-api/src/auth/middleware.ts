import type { RequestHandler, Response } from "express";
import { HttpError } from "../http/errors.js";
import { readAccessToken } from "./cookies.js";
import { verifyAccessToken } from "./tokens.js";

declare global {
  namespace Express {
    interface Locals {
      userId?: number;
    }
  }
}

/** Rejects the request with 401 unless it carries a valid access token. */
export function requireAuth(secret: string): RequestHandler {
  return (req, res, next) => {
    const token = readAccessToken(req);
    const userId = token === undefined ? undefined : verifyAccessToken(token, secret);
    if (userId === undefined) {
      throw new HttpError("UNAUTHENTICATED", "Sign in to continue.");
    }
    res.locals.userId = userId;
    next();
  };
}

/** The signed-in user's id; only valid behind requireAuth. */
export function currentUserId(res: Response): number {
  const userId = res.locals.userId;
  if (userId === undefined) throw new HttpError("UNAUTHENTICATED", "Sign in to continue.");
  return userId;
}
