import type { Request, RequestHandler } from "express";
import helmet from "helmet";
import { HttpError } from "./errors.js";

const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Whether a browser says this request comes from another site. `Sec-Fetch-Site` (sent by every
 * current browser, and not settable by page scripts) decides when present: only `same-origin`
 * and `none` (typed into the address bar, a bookmark) are the site itself. Without it, an
 * `Origin` must name this host (the scheme is not compared: TLS may end at a proxy in front,
 * and a page of another scheme on the same host is not a stranger). A request with neither
 * header is no browser's (curl, the tests, server-side clients) and is not judged.
 */
export function isCrossSite(headers: {
  fetchSite: string | undefined;
  origin: string | undefined;
  host: string | undefined;
}): boolean {
  if (headers.fetchSite !== undefined) {
    return headers.fetchSite !== "same-origin" && headers.fetchSite !== "none";
  }
  if (headers.origin === undefined) return false;
  try {
    return headers.host === undefined || new URL(headers.origin).host !== headers.host;
  } catch {
    // `Origin: null` (sandboxed frames, some redirects) and anything unparsable.
    return true;
  }
}

/**
 * Refuses state-changing requests another site's page makes a browser send (cross-site request
 * forgery), on top of the SameSite=Lax cookies: 403 FORBIDDEN before any route runs. Every
 * unsafe method is judged, not only those carrying cookies: login and signup set cookies too.
 */
export const refuseCrossSiteWrites: RequestHandler = (req, _res, next) => {
  if (
    unsafeMethods.has(req.method) &&
    isCrossSite({
      fetchSite: req.get("sec-fetch-site"),
      origin: req.get("origin"),
      host: req.get("host"),
    })
  ) {
    throw new HttpError("FORBIDDEN", "Requests from other sites are not accepted.");
  }
  next();
};

/** Response headers as one flat list of names and values, as `writeHead` takes them. */
type HeaderList = readonly string[];

/**
 * The headers a helmet middleware sets, recorded once: none of ours depends on the request, so
 * each request copies a fixed list instead of running helmet's middleware chain.
 */
function recordHeaders(middleware: ReturnType<typeof helmet>): HeaderList {
  const headers: string[] = [];
  const recorder = {
    setHeader(name: string, value: unknown) {
      headers.push(name, String(value));
    },
    removeHeader() {},
  };
  let done = false;
  middleware(
    {} as Parameters<typeof middleware>[0],
    recorder as unknown as Parameters<typeof middleware>[1],
    (error?: unknown) => {
      if (error) throw error;
      done = true;
    },
  );
  if (!done) throw new Error("helmet did not finish synchronously");
  return headers;
}

const plainHeaders = recordHeaders(
  helmet({
    strictTransportSecurity: false,
    contentSecurityPolicy: {
      directives: { upgradeInsecureRequests: null },
    },
  }),
);
const secureHeaders = recordHeaders(helmet());

/**
 * Helmet's headers, with HSTS and `upgrade-insecure-requests` only on a request that came over
 * HTTPS (`req.secure`: the socket's own TLS, or `X-Forwarded-Proto: https` from a proxy that
 * TRUST_PROXY trusts). Sent over plain HTTP they would pin a host that serves no HTTPS, or
 * send its browsers to a TLS port nobody listens on.
 */
export function securityHeaders(req: Request): HeaderList {
  return req.secure ? secureHeaders : plainHeaders;
}
