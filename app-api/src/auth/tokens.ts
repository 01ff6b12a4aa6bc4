import { createHash, createSecretKey, type KeyObject, randomBytes } from "node:crypto";
import jwt from "jsonwebtoken";
import { z } from "zod";

export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const REFRESH_TOKEN_SECONDS = 14 * 24 * 60 * 60;
const ISSUER = "ssgbay-api";
const AUDIENCE = "ssgbay";

/**
 * The access tokens' HMAC key, made once from JWT_SECRET (its UTF-8 bytes, as a string secret
 * was). Given a string, jsonwebtoken tries to read it as a public key on every call (~0.7 ms of
 * CPU per request); a KeyObject skips that.
 */
export type JwtKey = KeyObject;

export function jwtKeyOf(secret: string): JwtKey {
  return createSecretKey(Buffer.from(secret, "utf8"));
}

export interface AccessToken {
  token: string;
  expiresAt: Date;
}

/**
 * `ver` is the user's token version when the token was made: logout and refresh-token reuse
 * raise the version, and every older token stops working at once (see `requireAuth`).
 */
export function signAccessToken(userId: number, version: number, key: JwtKey): AccessToken {
  const token = jwt.sign({ ver: version }, key, {
    algorithm: "HS256",
    subject: String(userId),
    issuer: ISSUER,
    audience: AUDIENCE,
    expiresIn: ACCESS_TOKEN_SECONDS,
  });
  const { exp } = accessClaimsSchema.parse(jwt.decode(token));
  return { token, expiresAt: new Date(exp * 1000) };
}

const accessClaimsSchema = z.object({
  sub: z.string().regex(/^[1-9]\d{0,15}$/),
  exp: z.number().int(),
  // Tokens signed before versions existed carry none: they count as version 0.
  ver: z.number().int().min(0).default(0),
});

export interface AccessClaims {
  userId: number;
  version: number;
}

/** The claims of a validly signed, unexpired access token, or undefined for any other token. */
export function verifyAccessToken(token: string, key: JwtKey): AccessClaims | undefined {
  try {
    const payload = jwt.verify(token, key, {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    const claims = accessClaimsSchema.safeParse(payload);
    return claims.success
      ? { userId: Number(claims.data.sub), version: claims.data.ver }
      : undefined;
  } catch {
    return undefined;
  }
}

export function newRefreshToken(): string {
  return randomBytes(32).toString("base64url");
}

export function newTokenFamily(): string {
  return randomBytes(16).toString("hex");
}

/** Refresh tokens are stored only as their SHA-256: they are random, so no salt is needed. */
export function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
