import { errorBodySchema, passwordRuleMessages, routes } from "@ssgbay/contract";
import { DEMO_PASSWORD, demoUsers } from "@ssgbay/database/dev";
import type { RowDataPacket } from "mysql2/promise";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { hashPassword } from "../src/auth/password.js";
import { isCommonPassword } from "../src/auth/password-policy.js";
import { useTestApi } from "./support/api.js";
import {
  cookiePairs,
  expectContractShape,
  rowCounts,
  signUp,
  uniqueUsername,
} from "./support/client.js";

const ctx = useTestApi();

function signup(body: { username?: string; password?: string; nickname: string }) {
  return request(ctx.api.handler)
    .post(routes.signup.path)
    .send({
      username: body.username ?? uniqueUsername("id"),
      password: body.password ?? "a-fine-long-password",
      nickname: body.nickname,
      phone: "010-1234-5678",
    });
}

describe("unique nicknames", () => {
  it("refuses a nickname already taken, in any case or width, with 409 NICKNAME_TAKEN naming the field", async () => {
    const first = await signup({ nickname: "민지" });
    expect(first.status).toBe(201);
    const latin = await signup({ nickname: "Seller Kim" });
    expect(latin.status).toBe(201);

    for (const copy of ["민지", " 민지 ", "seller kim", "SELLER KIM", "Ｓｅｌｌｅｒ Ｋｉｍ"]) {
      const before = await rowCounts(ctx.api);
      const response = await signup({ nickname: copy });
      expect(response.status, copy).toBe(409);
      expectContractShape(errorBodySchema, response.body);
      expect(response.body.error).toMatchObject({
        code: "NICKNAME_TAKEN",
        details: [{ field: "body.nickname", message: "is already taken" }],
      });
      expect(await rowCounts(ctx.api)).toEqual(before);
    }
  });

  it("still tells a taken username apart from a taken nickname", async () => {
    const username = uniqueUsername("both");
    expect((await signup({ username, nickname: "유일한 이름" })).status).toBe(201);
    const again = await signup({ username, nickname: "다른 이름" });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("USERNAME_TAKEN");
  });

  it("stores the NFKC form and its folded key", async () => {
    const response = await signup({ nickname: "Ｍｉｎｊｉ①" });
    expect(response.status).toBe(201);
    expect(response.body.user.nickname).toBe("Minji1");
    const [rows] = await ctx.api.pool.query<RowDataPacket[]>(
      "SELECT nickname, nickname_key FROM users WHERE id = ?",
      [response.body.user.id],
    );
    expect(rows[0]).toEqual({ nickname: "Minji1", nickname_key: "minji1" });
  });

  it("refuses an invisible or direction-reversing nickname", async () => {
    for (const nickname of ["\u200B", "\u3164", "민지\u202E", "\u2066민지\u2069"]) {
      const response = await signup({ nickname });
      expect(response.status, JSON.stringify(nickname)).toBe(400);
      expect(response.body.error.details[0].field).toBe("body.nickname");
    }
  });
});

describe("password policy", () => {
  it.each([
    ["shorter than 10", "12345678"],
    ["equal to the username", "{username}"],
    ["the username in capitals", "{USERNAME}!"],
    ["on the common-passwords list", "1q2w3e4r5t"],
    ["common, in other case", "QwertyUIOP"],
  ])("refuses a password %s with 400 naming body.password", async (_name, template) => {
    const username = uniqueUsername("policy");
    const password = template
      .replace("{username}", username)
      .replace("{USERNAME}", username.toUpperCase());
    const before = await rowCounts(ctx.api);
    const response = await signup({ username, password, nickname: `정책 ${username}` });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("VALIDATION_FAILED");
    expect(response.body.error.details.map((d: { field: string }) => d.field)).toEqual([
      "body.password",
    ]);
    expect(await rowCounts(ctx.api)).toEqual(before);
  });

  it("names the common-password rule", async () => {
    const response = await signup({ password: "1234567890", nickname: "흔한 비번" });
    expect(response.body.error.details).toEqual([
      { field: "body.password", message: passwordRuleMessages.common },
    ]);
  });

  it("lets the demo accounts' password through, and logins keep working for older passwords", async () => {
    expect(isCommonPassword(DEMO_PASSWORD)).toBe(false);
    for (const user of demoUsers) {
      expect(DEMO_PASSWORD.toLowerCase()).not.toContain(user.username);
    }
    const response = await signup({ password: DEMO_PASSWORD, nickname: "데모 비번" });
    expect(response.status).toBe(201);

    // The policy is for new passwords: an account made before it still signs in.
    const username = uniqueUsername("old");
    await ctx.api.pool.query(
      "INSERT INTO users (username, password_hash, nickname, phone) VALUES (?, ?, ?, ?)",
      [username, await hashPassword("12345678"), "예전 회원", "01012345678"],
    );
    const login = await request(ctx.api.handler)
      .post(routes.login.path)
      .send({ username, password: "12345678" });
    expect(login.status).toBe(200);
  });
});

describe("revoking access tokens", () => {
  const me = (auth: { bearer?: string; cookies?: string[] }) => {
    const call = request(ctx.api.handler).get(routes.me.path);
    if (auth.bearer) call.set("Authorization", `Bearer ${auth.bearer}`);
    if (auth.cookies) call.set("Cookie", auth.cookies.join("; "));
    return call;
  };

  it("refuses the access token right after logout, as Bearer and as cookie", async () => {
    const user = await signUp(ctx.api.handler, "revoke");
    expect((await me({ bearer: user.accessToken })).status).toBe(200);
    const logout = await request(ctx.api.handler)
      .post(routes.logout.path)
      .set("Cookie", user.cookies.join("; "));
    expect(logout.status).toBe(204);
    expect((await me({ bearer: user.accessToken })).status).toBe(401);
    expect((await me({ cookies: user.cookies })).status).toBe(401);
    // A new login works at once.
    const login = await request(ctx.api.handler)
      .post(routes.login.path)
      .send({ username: user.username, password: user.password });
    expect((await me({ bearer: login.body.accessToken })).status).toBe(200);
  });

  it("a Bearer-only logout (no refresh cookie) revokes that token too", async () => {
    const user = await signUp(ctx.api.handler, "bearer_out");
    const logout = await request(ctx.api.handler)
      .post(routes.logout.path)
      .set("Authorization", `Bearer ${user.accessToken}`);
    expect(logout.status).toBe(204);
    expect((await me({ bearer: user.accessToken })).status).toBe(401);
  });

  it("refuses the access tokens of a login whose refresh token was reused", async () => {
    const user = await signUp(ctx.api.handler, "reuse");
    const stolen = user.cookies.filter((cookie) => cookie.startsWith("ssgbay_refresh="));
    const rotated = await request(ctx.api.handler).post(routes.refresh.path).set("Cookie", stolen);
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.accessToken as string;
    expect((await me({ bearer: fresh })).status).toBe(200);

    const replay = await request(ctx.api.handler).post(routes.refresh.path).set("Cookie", stolen);
    expect(replay.status).toBe(401);
    for (const token of [user.accessToken, fresh]) {
      expect((await me({ bearer: token })).status).toBe(401);
    }
    expect((await me({ cookies: cookiePairs(rotated.headers["set-cookie"]) })).status).toBe(401);
  });

  it("refuses the token of a deleted user", async () => {
    const user = await signUp(ctx.api.handler, "gone");
    await ctx.api.pool.query("DELETE FROM refresh_tokens WHERE user_id = ?", [user.id]);
    await ctx.api.pool.query("DELETE FROM users WHERE id = ?", [user.id]);
    expect((await me({ bearer: user.accessToken })).status).toBe(401);
  });
});
