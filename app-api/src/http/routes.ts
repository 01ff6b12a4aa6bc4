import type { RouteDefinition } from "@ssgbay/contract";
import { type RequestHandler, Router } from "express";

/** The contract's `/api/items/{id}` as Express writes it under the `/api` mount: `/items/:id`. */
export function expressPath(route: RouteDefinition): string {
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
