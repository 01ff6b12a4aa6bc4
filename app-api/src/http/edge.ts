import { randomUUID } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import type { AccessLog } from "../logging.js";
import { deferHeaders } from "./response-head.js";
import { securityHeaders } from "./security.js";

const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The route pattern a request was served by, as metric labels write it: the contract's routes
 * carry theirs (set by the dispatcher); the others are Express routes, or `unmatched`.
 */
function routeLabel(req: Request, res: Response): string {
  if (res.locals.routeLabel !== undefined) return res.locals.routeLabel;
  const routePath: unknown = req.route?.path;
  return typeof routePath === "string"
    ? `${req.baseUrl}${routePath === "/" ? "" : routePath}` || "/"
    : "unmatched";
}

export interface EdgeOptions {
  log: AccessLog;
  /** Called for a request whose response was sent in full (not for an aborted one). */
  recordRequest(method: string, route: string, status: number, seconds: number): void;
}

/**
 * What every request gets, whatever serves it: a request id (the caller's `X-Request-Id` if it
 * is sane) echoed in the response, the security headers, and when it ends one access-log line
 * and its metrics. One middleware and one `close` listener for all of it: each layer and each
 * listener is paid on every request.
 */
export function requestEdge({ log, recordRequest }: EdgeOptions): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const given = req.headers["x-request-id"];
    const id = typeof given === "string" && requestIdPattern.test(given) ? given : randomUUID();
    // Written with the head (see response-head.ts): set one by one they cost ~5% of a request.
    deferHeaders(res, [...securityHeaders(req), "X-Request-Id", id]);
    const { method, originalUrl: url } = req;
    // `on`, not `once`: a response closes once, and once's wrapper is paid on every request.
    res.on("close", () => {
      const responseMs = performance.now() - started;
      const { statusCode } = res;
      const finished = res.writableFinished;
      if (finished) recordRequest(method, routeLabel(req, res), statusCode, responseMs / 1000);
      log({ id, method, url, statusCode, finished, responseMs });
    });
    next();
  };
}
