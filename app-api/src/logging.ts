import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { type Logger, pino } from "pino";
import { pinoHttp } from "pino-http";

/** Never log credentials: request/response headers that carry them and any body field named so. */
const redact = {
  paths: [
    "req.headers.authorization",
    "req.headers.cookie",
    'res.headers["set-cookie"]',
    "*.password",
    "*.passwordHash",
    "*.accessToken",
    "*.refreshToken",
    "*.token",
    // mysql2 errors carry the statement text, which for query() includes the bound values.
    "err.sql",
    "err.sqlMessage",
  ],
  censor: "[redacted]",
};

export function createLogger(level: string): Logger {
  return pino({ level, redact, base: { service: "ssgbay-api" } });
}

const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

/** One JSON line per request with a request id (the caller's X-Request-Id if it is sane). */
export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId(req: IncomingMessage, res) {
      const given = req.headers["x-request-id"];
      const id = typeof given === "string" && requestIdPattern.test(given) ? given : randomUUID();
      res.setHeader("X-Request-Id", id);
      return id;
    },
    customLogLevel(_req, res, error) {
      if (error || res.statusCode >= 500) return "error";
      if (res.statusCode >= 400) return "warn";
      return "info";
    },
    // The URL's query string may hold search text, never secrets; bodies are never logged.
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
