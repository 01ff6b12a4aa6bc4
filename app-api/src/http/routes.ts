import { type RouteDefinition, routes } from "@ssgbay/contract";
import { type RequestHandler, Router } from "express";
import { HttpError } from "./errors.js";

/** The contract's `/api/items/{id}` as Express writes it under the `/api` mount: `/items/:id`. */
export function expressPath(route: Pick<RouteDefinition, "path">): string {
  return route.path.slice("/api".length).replace(/\{(\w+)\}/g, ":$1");
}

export interface ContractRouter {
  router: Router;
  /** Serves a route of the contract's table at its path; routes marked `auth` check the token first. */
  on(route: RouteDefinition, ...handlers: RequestHandler[]): void;
}

/** A router (mounted at `/api`) whose paths and authentication come from the route table. */
export function contractRouter(requireAuth?: RequestHandler): ContractRouter {
  const router = Router();
  return {
    router,
    on(route, ...handlers) {
      if (route.auth && !requireAuth) throw new Error(`${route.path} needs requireAuth`);
      const guards = route.auth && requireAuth ? [requireAuth] : [];
      const path = expressPath(route);
      switch (route.method) {
        case "GET":
          router.get(path, ...guards, ...handlers);
          break;
        case "POST":
          router.post(path, ...guards, ...handlers);
          break;
        case "DELETE":
          router.delete(path, ...guards, ...handlers);
          break;
      }
    },
  };
}

/** The methods each path of the route table answers, as an `Allow` header lists them. */
export function allowedMethodsByPath(table: Record<string, RouteDefinition> = routes) {
  const allowed = new Map<RouteDefinition["path"], Set<string>>();
  for (const route of Object.values(table)) {
    const methods = allowed.get(route.path) ?? new Set<string>();
    methods.add(route.method);
    // Express answers HEAD with the GET handler, without its body.
    if (route.method === "GET") methods.add("HEAD");
    allowed.set(route.path, methods);
  }
  return new Map([...allowed].map(([path, methods]) => [path, [...methods, "OPTIONS"]]));
}

/** A path of the route table under the `/api` mount, by segment: literal text, or null for `{param}`. */
type PathSegments = readonly (string | null)[];

function segmentsOf(path: RouteDefinition["path"]): PathSegments {
  return path
    .slice("/api/".length)
    .split("/")
    .map((segment) => (/^\{\w+\}$/.test(segment) ? null : segment.toLowerCase()));
}

/**
 * Finds the route table's path a request path (under `/api`) stands for, matching as Express's
 * routers do: literal segments case-insensitively, a `{param}` as one non-empty segment, one
 * trailing slash allowed.
 */
export function routeTablePathMatcher<T>(
  entries: Iterable<readonly [RouteDefinition["path"], T]>,
): (requestPath: string) => T | undefined {
  const bySegmentCount = new Map<number, { segments: PathSegments; value: T }[]>();
  for (const [path, value] of entries) {
    const segments = segmentsOf(path);
    const sameCount = bySegmentCount.get(segments.length) ?? [];
    sameCount.push({ segments, value });
    bySegmentCount.set(segments.length, sameCount);
  }
  return (requestPath) => {
    const trimmed = requestPath.endsWith("/") ? requestPath.slice(1, -1) : requestPath.slice(1);
    const parts = trimmed.split("/");
    const candidates = bySegmentCount.get(parts.length);
    if (candidates === undefined) return undefined;
    return candidates.find(({ segments }) =>
      segments.every((segment, index) => {
        const part = parts[index] ?? "";
        return segment === null ? part !== "" : segment === part.toLowerCase();
      }),
    )?.value;
  };
}

/**
 * Answers a method the route table does not declare on one of its paths (TRACE included) with
 * 405 `METHOD_NOT_ALLOWED` and an `Allow` header, and OPTIONS with 204 and the same header. Mounted
 * before the routers, so that no authentication or parsing runs first; unknown paths fall through
 * to the 404. One middleware over a precompiled table: a router layer per path cost every request
 * a walk through ~27 layers before its route.
 */
export function undeclaredMethods(table: Record<string, RouteDefinition> = routes): RequestHandler {
  const allowedAt = routeTablePathMatcher(
    [...allowedMethodsByPath(table)].map(
      ([path, methods]) => [path, { methods, allow: methods.join(", ") }] as const,
    ),
  );
  return (req, res, next) => {
    const allowed = allowedAt(req.path);
    if (
      allowed === undefined ||
      (req.method !== "OPTIONS" && allowed.methods.includes(req.method))
    ) {
      next();
      return;
    }
    res.set("Allow", allowed.allow);
    if (req.method === "OPTIONS") {
      res.status(204).end();
      return;
    }
    throw new HttpError("METHOD_NOT_ALLOWED", `${req.method} is not allowed here.`);
  };
}
