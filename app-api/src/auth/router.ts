import { routes } from "@ssgbay/contract";
import type { Response } from "express";
import { rateLimit } from "express-rate-limit";
import { HttpError } from "../http/errors.js";
import { contractRoutes, type ServedRoute } from "../http/routes.js";
import { parseRequest } from "../http/validate.js";
import { clearAuthCookies, readAccessToken, readRefreshToken, setAuthCookies } from "./cookies.js";
import { currentUserId, requireAuth } from "./middleware.js";
import type { AuthService, Session } from "./service.js";
import { type JwtKey, verifyAccessToken } from "./tokens.js";

export interface AuthRoutesOptions {
  service: AuthService;
  jwtKey: JwtKey;
  cookieSecure: boolean;
  attemptsPerMinute: number;
}

export function authRoutes(options: AuthRoutesOptions): ServedRoute[] {
  const { service, cookieSecure } = options;
  const { served, on } = contractRoutes(requireAuth(options.jwtKey));

  // One budget per client address for everything that guesses or mints credentials.
  const limitAttempts = rateLimit({
    windowMs: 60_000,
    limit: options.attemptsPerMinute,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (_req, res) => {
      const error = new HttpError("RATE_LIMITED", "Too many attempts. Try again in a minute.");
      res.status(error.status).json(error.toBody());
    },
  });

  const sendSession = (res: Response, status: number, session: Session) => {
    setAuthCookies(res, session, cookieSecure);
    res.status(status).json({
      user: session.user,
      accessToken: session.accessToken,
      expiresAt: session.expiresAt.toISOString(),
    });
  };

  on(routes.signup, limitAttempts, async (req, res) => {
    const body = parseRequest(routes.signup.body, req.body, "body");
    sendSession(res, routes.signup.response.status, await service.signup(body));
  });

  on(routes.login, limitAttempts, async (req, res) => {
    const body = parseRequest(routes.login.body, req.body, "body");
    sendSession(res, routes.login.response.status, await service.login(body));
  });

  on(routes.refresh, limitAttempts, async (req, res) => {
    try {
      sendSession(
        res,
        routes.refresh.response.status,
        await service.refresh(readRefreshToken(req)),
      );
    } catch (error) {
      if (error instanceof HttpError) clearAuthCookies(res, cookieSecure);
      throw error;
    }
  });

  on(routes.logout, async (req, res) => {
    const accessToken = readAccessToken(req);
    const access =
      accessToken === undefined ? undefined : verifyAccessToken(accessToken, options.jwtKey);
    await service.logout(readRefreshToken(req), access?.userId);
    clearAuthCookies(res, cookieSecure);
    res.status(204).end();
  });

  on(routes.me, async (_req, res) => {
    res.json({ user: await service.me(currentUserId(res)) });
  });

  return served;
}
