import { routes } from "@ssgbay/contract";
import express from "express";
import { describe, expect, it } from "vitest";
import { allowedMethodsByPath, expressPath, routeTablePathMatcher } from "../src/http/routes.js";

const match = routeTablePathMatcher(
  [...allowedMethodsByPath()].map(([path]) => [path, path] as const),
);
const matcher = (requestPath: string) => match(requestPath)?.value;

describe("the route table's path matcher (the dispatcher's lookup)", () => {
  it("finds literal and parameter paths, case-insensitively, with one trailing slash", () => {
    expect(matcher("/items")).toBe("/api/items");
    expect(matcher("/items/")).toBe("/api/items");
    expect(matcher("/ITEMS/5")).toBe("/api/items/{id}");
    expect(matcher("/items/5/sale/handover")).toBe("/api/items/{id}/sale/handover");
    expect(matcher("/me/notifications/read")).toBe("/api/me/notifications/read");
  });

  it("gives the path parameters by name, percent-decoded, and refuses a malformed escape", () => {
    expect(match("/items/42/bids")?.params).toEqual({ id: "42" });
    expect(match("/images/a%20b.webp")?.params).toEqual({ key: "a b.webp" });
    expect(match("/items/5")?.params).toEqual({ id: "5" });
    expect(() => match("/items/%E0%A4%A")).toThrow(
      expect.objectContaining({ code: "VALIDATION_FAILED" }),
    );
  });

  it("finds nothing for an empty parameter, an extra segment or an unknown path", () => {
    expect(matcher("/items//bids")).toBeUndefined();
    expect(matcher("/items/5/nothing")).toBeUndefined();
    expect(matcher("/nothing-here")).toBeUndefined();
    expect(matcher("/")).toBeUndefined();
  });

  it("agrees with Express's own routing on every path of the table and near misses", async () => {
    // Express decides which route serves a request; the matcher must name the same path for it.
    const app = express();
    for (const path of allowedMethodsByPath().keys()) {
      app.all(expressPath({ path }), (_req, res) => {
        res.send(path);
      });
    }
    app.use((_req, res) => {
      res.status(404).send("");
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const probes = Object.values(routes).flatMap((route) => {
        const concrete = route.path.slice("/api".length).replace(/\{\w+\}/g, "7");
        return [concrete, `${concrete}/`, concrete.toUpperCase(), `${concrete}/x`, `${concrete}//`];
      });
      for (const probe of probes) {
        const response = await fetch(`http://127.0.0.1:${port}${probe}`);
        const expressSays = response.status === 200 ? await response.text() : undefined;
        expect(matcher(probe), probe).toBe(expressSays);
      }
    } finally {
      server.close();
    }
  });
});
