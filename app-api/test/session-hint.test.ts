import { sessionHintCookie } from "@ssgbay/contract";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { useTestApi } from "./support/api.js";
import { cookiePairs, signUp } from "./support/client.js";

const ctx = useTestApi();

function hintOf(setCookie: string | string[] | undefined): string | undefined {
  const values = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
  return values.find((cookie) => cookie.startsWith(`${sessionHintCookie}=`));
}

describe("the session hint cookie", () => {
  it("is set, readable by the page and secret-free, at signup, login and refresh", async () => {
    const user = await signUp(ctx.api.handler, "hint");
    const login = await request(ctx.api.handler)
      .post("/api/auth/login")
      .send({ username: user.username, password: user.password });
    expect(login.status).toBe(200);
    const refreshCookie = cookiePairs(login.headers["set-cookie"]).find((pair) =>
      pair.startsWith("ssgbay_refresh="),
    );
    const refresh = await request(ctx.api.handler)
      .post("/api/auth/refresh")
      .set("Cookie", refreshCookie ?? "");
    expect(refresh.status).toBe(200);
    for (const response of [login, refresh]) {
      const hint = hintOf(response.headers["set-cookie"]);
      expect(hint).toMatch(new RegExp(`^${sessionHintCookie}=1; Max-Age=\\d+; Path=/; `));
      expect(hint).not.toMatch(/HttpOnly/);
      expect(hint).toMatch(/SameSite=Lax/);
    }
    expect(user.cookies).toContain(`${sessionHintCookie}=1`);
  });

  it("is cleared at logout and when a refresh fails", async () => {
    const user = await signUp(ctx.api.handler, "hintout");
    const logout = await request(ctx.api.handler)
      .post("/api/auth/logout")
      .set("Cookie", user.cookies.join("; "));
    expect(logout.status).toBe(204);
    expect(hintOf(logout.headers["set-cookie"])).toMatch(
      new RegExp(`^${sessionHintCookie}=; Path=/; Expires=Thu, 01 Jan 1970`),
    );
    const failed = await request(ctx.api.handler)
      .post("/api/auth/refresh")
      .set("Cookie", "ssgbay_refresh=not-a-token");
    expect(failed.status).toBe(401);
    expect(hintOf(failed.headers["set-cookie"])).toMatch(new RegExp(`^${sessionHintCookie}=;`));
  });
});
