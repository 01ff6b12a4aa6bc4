import { routes } from "@ssgbay/contract";
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { HttpError } from "../src/http/errors.js";
import { contractDispatcher, contractRoutes } from "../src/http/routes.js";

/** A guard that lets a request through only with `x-test-user`, as requireAuth does with a token. */
const guard: RequestHandler = (req, _res, next) => {
  if (req.get("x-test-user") === undefined) throw new HttpError("UNAUTHENTICATED", "no user");
  next();
};

function appWith(register: (on: ReturnType<typeof contractRoutes>["on"]) => void) {
  const { served, on } = contractRoutes(guard);
  register(on);
  const seen: string[] = [];
  const app = express();
  const before: RequestHandler = (_req, res, next) => {
    res.set("x-before", "ran");
    next();
  };
  app.use(
    contractDispatcher(served, { before: [before], jsonBody: express.json({ strict: true }) }),
    (_req, res) => {
      res.status(404).json({ fellThrough: true });
    },
  );
  const onError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    const httpError = error instanceof HttpError ? error : undefined;
    seen.push(httpError?.code ?? String(error));
    res.status(httpError?.status ?? 500).json({ code: httpError?.code ?? "other" });
  };
  app.use(onError);
  return { app, seen };
}

describe("the contract dispatcher (every route from one table)", () => {
  it("runs `before`, then a route's handlers in turn with its params and metric label, HEAD as GET", async () => {
    const { app } = appWith((on) => {
      on(
        routes.getItem,
        (_req, res, next) => {
          res.set("x-first", "1");
          next();
        },
        (req, res) => {
          res.json({ params: req.params, label: res.locals.routeLabel });
        },
      );
    });
    const got = await request(app).get("/api/items/7");
    expect(got.status).toBe(200);
    expect(got.headers["x-before"]).toBe("ran");
    expect(got.headers["x-first"]).toBe("1");
    expect(got.body).toEqual({ params: { id: "7" }, label: "/api/items/:id" });
    // As Express matches its mount paths and routes: case-insensitively.
    expect((await request(app).get("/API/Items/8")).body.params).toEqual({ id: "8" });
    expect((await request(app).get("/items/8")).body).toEqual({ fellThrough: true });
    const head = await request(app).head("/api/items/7");
    expect(head.status).toBe(200);
    expect(head.headers["x-first"]).toBe("1");
  });

  it("turns a thrown error and a rejected promise into the error handler's answer", async () => {
    const { app, seen } = appWith((on) => {
      on(routes.getItem, () => {
        throw new HttpError("NOT_FOUND", "thrown");
      });
      on(routes.listItems, async () => {
        throw new HttpError("AUCTION_CLOSED", "rejected");
      });
    });
    expect((await request(app).get("/api/items/1")).status).toBe(404);
    expect((await request(app).get("/api/items")).status).toBe(409);
    expect(seen).toEqual(["NOT_FOUND", "AUCTION_CLOSED"]);
  });

  it("reads a JSON body only after the guards, and only on routes that take one", async () => {
    const { app } = appWith((on) => {
      on(routes.placeBid, (req, res) => {
        res.status(201).json({ body: req.body });
      });
      on(routes.deleteItem, (req, res) => {
        res.json({ body: req.body ?? null });
      });
    });
    // Anonymous bytes are refused before they are parsed: 401, not a JSON syntax error.
    const anonymous = await request(app)
      .post("/api/items/3/bids")
      .set("content-type", "application/json")
      .send("{not json");
    expect(anonymous.status).toBe(401);
    const bid = await request(app)
      .post("/api/items/3/bids")
      .set("x-test-user", "1")
      .send({ amount: 5000 });
    expect(bid.body).toEqual({ body: { amount: 5000 } });
    const remove = await request(app)
      .delete("/api/items/3")
      .set("x-test-user", "1")
      .send({ ignored: true });
    expect(remove.body).toEqual({ body: null });
  });

  it("answers an undeclared method 405 with Allow, OPTIONS 204, and lets unknown paths through", async () => {
    const { app } = appWith((on) => {
      on(routes.getItem, (_req, res) => {
        res.json({});
      });
      on(routes.deleteItem, (_req, res) => {
        res.status(204).end();
      });
    });
    const put = await request(app).put("/api/items/1");
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe("GET, HEAD, DELETE, OPTIONS");
    const options = await request(app).options("/api/items/1");
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe("GET, HEAD, DELETE, OPTIONS");
    const unknown = await request(app).get("/api/nothing");
    expect(unknown.body).toEqual({ fellThrough: true });
  });

  it("refuses to serve one method of a path twice", () => {
    expect(() =>
      appWith((on) => {
        on(routes.getItem, () => {});
        on(routes.getItem, () => {});
      }),
    ).toThrow(/GET \/api\/items\/\{id\} twice/);
  });
});
