import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import {
  errorCodes,
  isErrorCode,
  pathOf,
  type RouteDefinition,
  routes,
  statusByErrorCode,
} from "../src/index.js";

const table: [string, RouteDefinition][] = Object.entries(routes);

describe("the route table", () => {
  it("names each method and path once", () => {
    const keys = table.map(([, route]) => `${route.method} ${route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("declares a params schema with exactly the path's {names}", () => {
    for (const [name, route] of table) {
      const inPath = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      const declared = Object.keys(route.params?.shape ?? {}).sort();
      expect(declared, name).toEqual(inPath);
    }
  });

  it("has a body for every 2xx except 204, and never both a JSON and a multipart body", () => {
    for (const [name, route] of table) {
      const { status, schema, contentType } = route.response;
      expect(
        status === 204 ? schema === undefined : schema !== undefined || !!contentType,
        name,
      ).toBe(true);
      expect(route.body !== undefined && route.form !== undefined, name).toBe(false);
    }
  });

  it("lists only contract error codes, and UNAUTHENTICATED exactly where a token is needed", () => {
    for (const [name, route] of table) {
      for (const code of route.errors) expect(isErrorCode(code), `${name} ${code}`).toBe(true);
      if (route.auth) expect(route.errors, name).toContain("UNAUTHENTICATED");
    }
  });

  it("fills path parameters URL-encoded and refuses a missing one", () => {
    expect(pathOf(routes.placeBid, { id: 7 })).toBe("/api/items/7/bids");
    expect(pathOf(routes.getImage, { key: "a b" })).toBe("/api/images/a%20b");
    expect(() => pathOf(routes.getItem)).toThrow(/\{id\}/);
  });
});

describe("error codes", () => {
  it("have one HTTP status each, 4xx or 5xx", () => {
    expect(errorCodes).toHaveLength(21);
    for (const code of errorCodes) {
      expect(statusByErrorCode[code]).toBeGreaterThanOrEqual(400);
      expect(statusByErrorCode[code]).toBeLessThan(600);
    }
    expect(isErrorCode("NETWORK")).toBe(false);
    expect(isErrorCode("toString")).toBe(false);
  });
});

describe("request schemas", () => {
  it("normalise what the server stores", () => {
    const signup = z.parse(routes.signup.body, {
      username: "kim_minsu",
      password: "correct horse",
      nickname: "  민수 ",
      phone: "010-1234-5678",
    });
    expect(signup).toEqual({
      username: "kim_minsu",
      password: "correct horse",
      nickname: "민수",
      phone: "01012345678",
    });
    expect(z.parse(routes.listItems.query, {})).toEqual({
      sort: "latest",
      status: "open",
      page: 1,
      pageSize: 24,
    });
    expect(z.parse(routes.placeBid.params, { id: "12" })).toEqual({ id: 12 });
  });

  it("refuse what the contract refuses", () => {
    expect(z.safeParse(routes.placeBid.params, { id: "012" }).success).toBe(false);
    expect(z.safeParse(routes.listItems.query, { pageSize: "61" }).success).toBe(false);
    expect(z.safeParse(routes.placeBid.body, { amount: 1.5 }).success).toBe(false);
    expect(z.safeParse(routes.login.body, { username: "a", password: "b", extra: 1 }).success).toBe(
      false,
    );
  });
});
