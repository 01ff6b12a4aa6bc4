import { once } from "node:events";
import { createServer } from "node:http";
import { routes } from "@ssgbay/contract";
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { HttpError } from "../src/http/errors.js";
import { expressServerOptions, frontDoor } from "../src/http/front-door.js";
import { contractDispatcher, contractRoutes } from "../src/http/routes.js";

function doorWith(register: (on: ReturnType<typeof contractRoutes>["on"]) => void) {
  // a guard that lets everyone through: routes that need a user are served too
  const { served, on } = contractRoutes((_req, _res, next) => next());
  register(on);
  const edgeRuns: string[] = [];
  const edge: RequestHandler = (req, res, next) => {
    edgeRuns.push(req.originalUrl);
    res.set("x-edge", "ran");
    next();
  };
  const errors: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    const httpError = error instanceof HttpError ? error : undefined;
    res.status(httpError?.status ?? 500).json({ code: httpError?.code ?? String(error) });
  };
  const rest = express().set("trust proxy", "loopback").set("query parser", "simple");
  rest.get("/healthz", (req, res) => {
    res.json({ rest: true, secure: req.secure });
  });
  rest.use((_req, res) => {
    res.status(404).json({ code: "NOT_FOUND" });
  });
  rest.use(errors);
  const contract = contractDispatcher(served, {
    before: [],
    jsonBody: express.json({ strict: true }),
  });
  return { handler: frontDoor({ edge, contract, errors, rest }), edgeRuns, rest };
}

describe("the front door (contract routes without Express's router, the rest through it)", () => {
  it("gives a contract route Express's request and response, with the app's settings", async () => {
    const { handler, edgeRuns } = doorWith((on) => {
      on(routes.listItems, (req, res) => {
        res.status(200).json({
          query: req.query,
          secure: req.secure,
          host: req.get("host") !== undefined,
          label: res.locals.routeLabel,
        });
      });
    });
    const got = await request(handler)
      .get("/api/items?q=a&page=2")
      .set("X-Forwarded-Proto", "https");
    expect(got.status).toBe(200);
    expect(got.headers["x-edge"]).toBe("ran");
    expect(got.body).toEqual({
      query: { q: "a", page: "2" },
      secure: true,
      host: true,
      label: "/api/items",
    });
    expect(edgeRuns).toEqual(["/api/items?q=a&page=2"]);
  });

  it("sends every other path through the Express app, after the edge ran once", async () => {
    const { handler, edgeRuns } = doorWith(() => {});
    const health = await request(handler).get("/healthz");
    expect(health.body).toEqual({ rest: true, secure: false });
    expect(health.headers["x-edge"]).toBe("ran");
    expect((await request(handler).get("/api/nothing-here")).status).toBe(404);
    expect(edgeRuns).toEqual(["/healthz", "/api/nothing-here"]);
  });

  it("answers a contract route's thrown, rejected and passed-on errors with the error handler", async () => {
    const { handler } = doorWith((on) => {
      on(routes.getItem, () => {
        throw new HttpError("NOT_FOUND", "thrown");
      });
      on(routes.listItems, async () => {
        throw new HttpError("UNAVAILABLE", "rejected");
      });
      on(routes.deleteItem, (_req, _res, next) => {
        next(new HttpError("FORBIDDEN", "passed on"));
      });
    });
    expect((await request(handler).get("/api/items/1")).body).toEqual({ code: "NOT_FOUND" });
    expect((await request(handler).get("/api/items")).body).toEqual({ code: "UNAVAILABLE" });
    expect((await request(handler).delete("/api/items/1")).body).toEqual({ code: "FORBIDDEN" });
    // The dispatcher's own refusal (a method the table does not declare), thrown before any route.
    const refused = await request(handler).put("/api/items");
    expect(refused.status).toBe(405);
    expect(refused.body).toEqual({ code: "METHOD_NOT_ALLOWED" });
  });

  it("serves the same on a server whose requests are born Express's (expressServerOptions)", async () => {
    const { handler, edgeRuns, rest } = doorWith((on) => {
      on(routes.getItem, (req, res) => {
        res.json({
          id: req.params.id,
          host: req.get("host") !== undefined,
          label: res.locals.routeLabel,
        });
      });
    });
    const server = createServer(expressServerOptions(rest), handler).listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const item = await request(server).get("/api/items/7");
      expect(item.status).toBe(200);
      expect(item.headers["x-edge"]).toBe("ran");
      expect(item.body).toEqual({ id: "7", host: true, label: "/api/items/:id" });
      const health = await request(server).get("/healthz");
      expect(health.body).toEqual({ rest: true, secure: false });
      expect((await request(server).get("/api/nothing-here")).status).toBe(404);
      expect(edgeRuns).toEqual(["/api/items/7", "/healthz", "/api/nothing-here"]);
    } finally {
      server.close();
    }
  });
});
