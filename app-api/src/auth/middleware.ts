import type { RequestHandler, Response } from "express";
import type { Pool } from "mysql2/promise";
import { HttpError } from "../http/errors.js";
import { readAccessToken } from "./cookies.js";
import { findTokenVersion } from "./repository.js";
import { type JwtKey, verifyAccessToken } from "./tokens.js";

/** The current token version of a user, or undefined when the user no longer exists. */
export type TokenVersionLookup = (userId: number) => Promise<number | undefined>;

declare global {
  namespace Express {
    interface Locals {
      userId?: number;
      tokenVersionOf?: TokenVersionLookup;
    }
  }
}

/**
 * Gives every request behind it the database's token versions, which `requireAuth` checks:
 * one primary-key read per authenticated request, in the database every replica shares, so a
 * logout on one replica is seen by all at once. (Mounted once in app.ts, so the routers keep
 * calling `requireAuth(secret)` without each needing the pool.)
 */
export function provideTokenVersions(pool: Pool): RequestHandler {
  const lookup: TokenVersionLookup = (userId) => findTokenVersion(pool, userId);
  return (_req, res, next) => {
    res.locals.tokenVersionOf = lookup;
    next();
  };
}

/**
 * Rejects the request with 401 unless it carries a valid access token whose version is the
 * user's current one (logout and refresh-token reuse raise it).
 */
export function requireAuth(key: JwtKey): RequestHandler {
  return async (req, res, next) => {
    const token = readAccessToken(req);
    const claims = token === undefined ? undefined : verifyAccessToken(token, key);
    if (claims === undefined) {
      throw new HttpError("UNAUTHENTICATED", "Sign in to continue.");
    }
    const versionOf = res.locals.tokenVersionOf;
    if (versionOf === undefined) throw new Error("requireAuth needs provideTokenVersions");
    if ((await versionOf(claims.userId)) !== claims.version) {
      throw new HttpError("UNAUTHENTICATED", "Sign in to continue.");
    }
    res.locals.userId = claims.userId;
    next();
  };
}

/** The signed-in user's id; only valid behind requireAuth. */
export function currentUserId(res: Response): number {
  const userId = res.locals.userId;
  if (userId === undefined) throw new HttpError("UNAUTHENTICATED", "Sign in to continue.");
  return userId;
}
