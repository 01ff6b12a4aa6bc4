import { type Response, Router } from "express";
import { rateLimit } from "express-rate-limit";
import { ApiError } from "../http/errors.js";
import { parseRequest } from "../http/validate.js";
import { clearAuthCookies, readRefreshToken, setAuthCookies } from "./cookies.js";
import { currentUserId, requireAuth } from "./middleware.js";
import { loginBodySchema, signupBodySchema } from "./schemas.js";
import type { AuthService, Session } from "./service.js";

export interface AuthRouterOptions {
  service: AuthService;
  jwtSecret: string;
  cookieSecure: boolean;
  attemptsPerMinute: number;
}

export function authRouter(options: AuthRouterOptions): Router {
  const { service, cookieSecure } = options;
  const router = Router();

  // One budget per client address for everything that guesses or mints credentials.
  const limitAttempts = rateLimit({
    windowMs: 60_000,
    limit: options.attemptsPerMinute,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (_req, res) => {
      const error = new ApiError("RATE_LIMITED", "Too many attempts. Try again in a minute.");
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

  router.post("/signup", limitAttempts, async (req, res) => {
    const body = parseRequest(signupBodySchema, req.body, "body");
    sendSession(res, 201, await service.signup(body));
  });

  router.post("/login", limitAttempts, async (req, res) => {
    const body = parseRequest(loginBodySchema, req.body, "body");
    sendSession(res, 200, await service.login(body));
  });

  router.post("/refresh", limitAttempts, async (req, res) => {
    try {
      sendSession(res, 200, await service.refresh(readRefreshToken(req)));
    } catch (error) {
      if (error instanceof ApiError) clearAuthCookies(res, cookieSecure);
      throw error;
    }
  });

  router.post("/logout", async (req, res) => {
    await service.logout(readRefreshToken(req));
    clearAuthCookies(res, cookieSecure);
    res.status(204).end();
  });

  router.get("/me", requireAuth(options.jwtSecret), async (_req, res) => {
    res.json({ user: await service.me(currentUserId(res)) });
  });

  return router;
}
