import { sessionHintCookie } from "@ssgbay/contract";
import { parse as parseCookie } from "cookie";
import type { CookieOptions, Request, Response } from "express";
import { ACCESS_TOKEN_SECONDS, REFRESH_TOKEN_SECONDS } from "./tokens.js";

export const ACCESS_COOKIE = "ssgbay_access";
export const REFRESH_COOKIE = "ssgbay_refresh";

// The refresh token is only ever sent to the auth routes that use it.
const REFRESH_PATH = "/api/auth";
const ACCESS_PATH = "/api";

function baseOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: "lax", secure };
}

export function setAuthCookies(
  res: Response,
  tokens: { accessToken: string; refreshToken: string },
  secure: boolean,
): void {
  res.cookie(ACCESS_COOKIE, tokens.accessToken, {
    ...baseOptions(secure),
    path: ACCESS_PATH,
    maxAge: ACCESS_TOKEN_SECONDS * 1000,
  });
  res.cookie(REFRESH_COOKIE, tokens.refreshToken, {
    ...baseOptions(secure),
    path: REFRESH_PATH,
    maxAge: REFRESH_TOKEN_SECONDS * 1000,
  });
  // not HttpOnly and no secret: it only tells the web app that a session may exist
  res.cookie(sessionHintCookie, "1", {
    ...baseOptions(secure),
    httpOnly: false,
    path: "/",
    maxAge: REFRESH_TOKEN_SECONDS * 1000,
  });
}

export function clearAuthCookies(res: Response, secure: boolean): void {
  res.clearCookie(ACCESS_COOKIE, { ...baseOptions(secure), path: ACCESS_PATH });
  res.clearCookie(REFRESH_COOKIE, { ...baseOptions(secure), path: REFRESH_PATH });
  res.clearCookie(sessionHintCookie, { ...baseOptions(secure), httpOnly: false, path: "/" });
}

/** Parsed only where a route needs a cookie, not for every request. */
function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  const value = parseCookie(header)[name];
  return value !== undefined && value.length > 0 ? value : undefined;
}

export function readAccessToken(req: Request): string | undefined {
  const header = req.get("authorization");
  if (header) {
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
    return match?.[1];
  }
  return readCookie(req, ACCESS_COOKIE);
}

export function readRefreshToken(req: Request): string | undefined {
  return readCookie(req, REFRESH_COOKIE);
}
