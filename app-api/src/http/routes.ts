import { type RouteDefinition, routes } from "@ssgbay/contract";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { HttpError } from "./errors.js";

declare global {
  namespace Express {
    interface Locals {
      /** The served route's path as a metric label writes it: `/api/items/:id`. */
      routeLabel?: string;
    }
  }
}

/** The contract's `/api/items/{id}` as Express writes it under the `/api` mount: `/items/:id`. */
export function expressPath(route: Pick<RouteDefinition, "path">): string {
  return route.path.slice("/api".length).replace(/\{(\w+)\}/g, ":$1");
}

/** A route of the contract's table and what serves it: guards (authentication), then handlers. */
export interface ServedRoute {
  route: RouteDefinition;
  guards: readonly RequestHandler[];
  handlers: readonly RequestHandler[];
}

export interface ContractRoutes {
  /** Everything `on` registered, for `contractDispatcher`. */
  served: ServedRoute[];
  /** Serves a route of the contract's table at its path; routes marked `auth` check the token first. */
  on(route: RouteDefinition, ...handlers: RequestHandler[]): void;
}

/** Collects the handlers of some of the route table's routes; `contractDispatcher` serves them. */
export function contractRoutes(requireAuth?: RequestHandler): ContractRoutes {
  const served: ServedRoute[] = [];
  return {
    served,
    on(route, ...handlers) {
      if (route.auth && !requireAuth) throw new Error(`${route.path} needs requireAuth`);
      served.push({ route, guards: route.auth && requireAuth ? [requireAuth] : [], handlers });
    },
  };
}

/** The methods each path of the route table answers, as an `Allow` header lists them. */
export function allowedMethodsByPath(table: Iterable<RouteDefinition> = Object.values(routes)) {
  const allowed = new Map<RouteDefinition["path"], Set<string>>();
  for (const route of table) {
    const methods = allowed.get(route.path) ?? new Set<string>();
    methods.add(route.method);
    // Express answers HEAD with the GET handler, without its body.
    if (route.method === "GET") methods.add("HEAD");
    allowed.set(route.path, methods);
  }
  return new Map([...allowed].map(([path, methods]) => [path, [...methods, "OPTIONS"]]));
}

/** A path of the route table under the `/api` mount, by segment: lower-case text, or a parameter. */
type PathSegment = { literal: string } | { param: string };

function segmentsOf(path: RouteDefinition["path"]): PathSegment[] {
  return path
    .slice("/api/".length)
    .split("/")
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment)?.[1];
      return param === undefined ? { literal: segment.toLowerCase() } : { param };
    });
}

export interface PathMatch<T> {
  value: T;
  /** The path parameters, percent-decoded as Express decodes them. */
  params: Record<string, string>;
}

function decodeParam(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new HttpError("VALIDATION_FAILED", "The request is not valid.");
  }
}

/**
 * Finds the route table's path a request path (under `/api`) stands for, matching as Express's
 * routers do: literal segments case-insensitively, a `{param}` as one non-empty segment, one
 * trailing slash allowed; the first path in `entries` that matches wins.
 */
export function routeTablePathMatcher<T>(
  entries: Iterable<readonly [RouteDefinition["path"], T]>,
): (requestPath: string) => PathMatch<T> | undefined {
  const bySegmentCount = new Map<number, { segments: PathSegment[]; value: T }[]>();
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
    const found = candidates.find(({ segments }) =>
      segments.every((segment, index) => {
        const part = parts[index] ?? "";
        return "param" in segment ? part !== "" : segment.literal === part.toLowerCase();
      }),
    );
    if (found === undefined) return undefined;
    const params: Record<string, string> = {};
    found.segments.forEach((segment, index) => {
      if ("param" in segment) params[segment.param] = decodeParam(parts[index] ?? "");
    });
    return { value: found.value, params };
  };
}

/** Runs handlers in turn as Express does: each `next()` calls the following one; errors skip to `done`. */
function runChain(
  chain: readonly RequestHandler[],
  req: Request,
  res: Response,
  done: NextFunction,
): void {
  let index = 0;
  const next: NextFunction = (error?: unknown) => {
    if (error !== undefined && error !== null) {
      done(error);
      return;
    }
    const handler = chain[index++];
    if (handler === undefined) {
      done();
      return;
    }
    try {
      const result: unknown = handler(req, res, next);
      if (result instanceof Promise) {
        result.then(undefined, (rejection: unknown) => {
          done(rejection ?? new Error("Rejected promise"));
        });
      }
    } catch (thrown) {
      done(thrown);
    }
  };
  next();
}

interface PathEntry {
  /** By method (HEAD runs GET's): the handler chain and the route's metric label. */
  methods: Map<string, { chain: readonly RequestHandler[]; label: string }>;
  allow: string;
}

export interface DispatcherOptions {
  /** Runs first on every route. */
  before: readonly RequestHandler[];
  /** Runs after the guards on routes that take a JSON body, so anonymous bytes are never read. */
  jsonBody: RequestHandler;
}

const API_PREFIX = "/api/";

/**
 * Serves every route the routers registered (mounted at the app's root, for paths under `/api/`)
 * from one precompiled table: one path lookup per request, instead of a walk through a nested
 * router and a layer per route of every module's router.
 * A method the table does not declare on one of its paths (TRACE included) gets 405
 * `METHOD_NOT_ALLOWED` with an `Allow` header, OPTIONS 204 with the same header, before any
 * authentication or parsing; unknown paths fall through to what is mounted after it.
 */
export function contractDispatcher(
  served: Iterable<ServedRoute>,
  options: DispatcherOptions,
): RequestHandler {
  const all = [...served];
  const allowed = allowedMethodsByPath(all.map(({ route }) => route));
  const entries = new Map<RouteDefinition["path"], PathEntry>();
  for (const { route, guards, handlers } of all) {
    const entry = entries.get(route.path) ?? {
      methods: new Map(),
      allow: (allowed.get(route.path) ?? []).join(", "),
    };
    if (entry.methods.has(route.method)) throw new Error(`${route.method} ${route.path} twice`);
    const body = route.body === undefined ? [] : [options.jsonBody];
    entry.methods.set(route.method, {
      chain: [...options.before, ...guards, ...body, ...handlers],
      label: `/api${expressPath(route)}`,
    });
    entries.set(route.path, entry);
  }
  const find = routeTablePathMatcher(entries);
  return (req, res, next) => {
    const { path } = req;
    // Case-insensitive, as Express matches a mount path.
    const match =
      path.slice(0, API_PREFIX.length).toLowerCase() === API_PREFIX
        ? find(path.slice(API_PREFIX.length - 1))
        : undefined;
    if (match === undefined) {
      next();
      return;
    }
    const { methods, allow } = match.value;
    const served = methods.get(req.method === "HEAD" ? "GET" : req.method);
    if (served === undefined) {
      res.set("Allow", allow);
      if (req.method === "OPTIONS") {
        res.status(204).end();
        return;
      }
      throw new HttpError("METHOD_NOT_ALLOWED", `${req.method} is not allowed here.`);
    }
    req.params = match.params;
    res.locals.routeLabel = served.label;
    runChain(served.chain, req, res, next);
  };
}
