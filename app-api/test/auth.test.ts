import { routes } from "@ssgbay/contract";
import jwt from "jsonwebtoken";
import type { RowDataPacket } from "mysql2/promise";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "../src/index.js";
import { TEST_JWT_SECRET, useTestApi } from "./support/api.js";
import {
  cookiePairs,
  expectContractAnswer,
  rowCounts,
  signUp,
  uniqueUsername,
} from "./support/client.js";

const ctx = useTestApi();

function refreshCookie(cookies: string[]): string {
  const found = cookies.find((cookie) => cookie.startsWith("ssgbay_refresh="));
  if (!found) throw new Error("no refresh cookie");
  return found;
}

function forge(
  claims: Record<string, unknown>,
  secret = TEST_JWT_SECRET,
  options: jwt.SignOptions = {},
) {
  return jwt.sign(claims, secret, {
    algorithm: "HS256",
    issuer: "ssgbay-api",
    audience: "ssgbay",
    ...(claims.exp === undefined ? { expiresIn: 900 } : {}),
    ...options,
  });
}

describe("signup", () => {
  it("creates the user, stores only a scrypt hash and sets HttpOnly SameSite=Lax cookies", async () => {
    const username = uniqueUsername("signup");
    const response = await request(ctx.api.handler)
      .post("/api/auth/signup")
      .send({ username, password: "s3cret-password", nickname: "민수", phone: "010-9876-5432" });
    expect(response.status).toBe(201);
    expect(response.body.user).toEqual({ id: expect.any(Number), username, nickname: "민수" });
    expect(typeof response.body.accessToken).toBe("string");
    expect(Date.parse(response.body.expiresAt)).toBeGreaterThan(Date.now() + 14 * 60_000);
    // the session hint (session-hint.test.ts) is the one cookie the page may read
    const cookies = (response.headers["set-cookie"] as unknown as string[]).filter(
      (cookie) => !cookie.startsWith("ssgbay_session="),
    );
    expect(cookies).toHaveLength(2);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).not.toMatch(/Secure/);
    }
    const [rows] = await ctx.api.pool.query<RowDataPacket[]>(
      "SELECT password_hash, phone FROM users WHERE username = ?",
      [username],
    );
    const hash = String(rows[0]?.password_hash);
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(hash).not.toContain("s3cret-password");
    expect(await verifyPassword("s3cret-password", hash)).toBe(true);
    expect(await verifyPassword("wrong-password", hash)).toBe(false);
    expect(rows[0]?.phone).toBe("01098765432");
  });

  it("refuses a taken username with 409 USERNAME_TAKEN", async () => {
    const user = await signUp(ctx.api.handler, "taken");
    const before = await rowCounts(ctx.api);
    const response = await request(ctx.api.handler).post("/api/auth/signup").send({
      username: user.username,
      password: "another-password",
      nickname: "x",
      phone: "01012345678",
    });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("USERNAME_TAKEN");
    expect(await rowCounts(ctx.api)).toEqual(before);
  });

  it.each([
    ["missing fields", {}],
    [
      "username too short",
      { username: "ab", password: "valid-password-1", nickname: "n", phone: "01012345678" },
    ],
    [
      "username with capitals",
      { username: "Alice", password: "valid-password-1", nickname: "n", phone: "01012345678" },
    ],
    [
      "username with SQL",
      {
        username: "a' OR 1=1 --",
        password: "valid-password-1",
        nickname: "n",
        phone: "01012345678",
      },
    ],
    [
      "password too short",
      { username: "valid_name", password: "short", nickname: "n", phone: "01012345678" },
    ],
    [
      "password too long",
      { username: "valid_name", password: "x".repeat(129), nickname: "n", phone: "01012345678" },
    ],
    [
      "nickname empty",
      { username: "valid_name", password: "valid-password-1", nickname: "", phone: "01012345678" },
    ],
    [
      "nickname too long",
      {
        username: "valid_name",
        password: "valid-password-1",
        nickname: "가".repeat(31),
        phone: "01012345678",
      },
    ],
    [
      "phone not Korean mobile",
      { username: "valid_name", password: "valid-password-1", nickname: "n", phone: "+1 555 1234" },
    ],
    ["wrong types", { username: 42, password: ["a"], nickname: null, phone: 1012345678 }],
    [
      "extra field (mass assignment)",
      {
        username: "valid_name",
        password: "valid-password-1",
        nickname: "n",
        phone: "01012345678",
        id: 1,
      },
    ],
  ])("refuses %s with 400 VALIDATION_FAILED and writes nothing", async (_name, body) => {
    const before = await rowCounts(ctx.api);
    const response = await request(ctx.api.handler).post("/api/auth/signup").send(body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("VALIDATION_FAILED");
    expect(Array.isArray(response.body.error.details)).toBe(true);
    expect(response.body.error.details.length).toBeGreaterThan(0);
    expect(await rowCounts(ctx.api)).toEqual(before);
  });

  it("keeps Unicode and SQL metacharacters in a nickname as plain text", async () => {
    const nickname = "O'Brien\"; DROP 🧨";
    const response = await request(ctx.api.handler)
      .post("/api/auth/signup")
      .send({
        username: uniqueUsername("uni"),
        password: "password-123",
        nickname,
        phone: "01100000000",
      });
    expect(response.status).toBe(201);
    expect(response.body.user.nickname).toBe(nickname);
  });
});

describe("login and me", () => {
  it("logs in, and /me answers with a bearer token or the cookie", async () => {
    const user = await signUp(ctx.api.handler, "login");
    const response = await request(ctx.api.handler)
      .post("/api/auth/login")
      .send({ username: user.username, password: user.password });
    expectContractAnswer(routes.login, response);
    expect(response.body.user).toEqual({
      id: user.id,
      username: user.username,
      nickname: user.nickname,
    });

    const byBearer = await request(ctx.api.handler)
      .get("/api/auth/me")
      .set("Authorization", `Bearer ${response.body.accessToken}`);
    expectContractAnswer(routes.me, byBearer);
    expect(byBearer.body.user.id).toBe(user.id);

    const byCookie = await request(ctx.api.handler)
      .get("/api/auth/me")
      .set("Cookie", cookiePairs(response.headers["set-cookie"]).join("; "));
    expect(byCookie.status).toBe(200);
    expect(byCookie.body.user.id).toBe(user.id);
  });

  it("answers a wrong password and an unknown user the same way", async () => {
    const user = await signUp(ctx.api.handler, "wrongpw");
    const wrongPassword = await request(ctx.api.handler)
      .post("/api/auth/login")
      .send({ username: user.username, password: "not-the-password" });
    const unknownUser = await request(ctx.api.handler)
      .post("/api/auth/login")
      .send({ username: "nobody_here", password: "not-the-password" });
    for (const response of [wrongPassword, unknownUser]) {
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        error: { code: "INVALID_CREDENTIALS", message: "Wrong username or password." },
      });
      expect(response.headers["set-cookie"]).toBeUndefined();
    }
  });

  it("refuses login bodies of the wrong shape", async () => {
    for (const body of [{}, { username: "a" }, { username: 1, password: 2 }]) {
      const response = await request(ctx.api.handler).post("/api/auth/login").send(body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("VALIDATION_FAILED");
    }
  });

  it("answers /me without a token with 401 UNAUTHENTICATED", async () => {
    const response = await request(ctx.api.handler).get("/api/auth/me");
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("UNAUTHENTICATED");
  });

  it("refuses forged tokens: alg none, wrong secret, expired, wrong audience, wrong issuer", async () => {
    const user = await signUp(ctx.api.handler, "forge");
    const sub = String(user.id);
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const algNone = `${encode({ alg: "none", typ: "JWT" })}.${encode({ sub, iss: "ssgbay-api", aud: "ssgbay", exp: now + 900 })}.`;
    const forged = {
      algNone,
      wrongSecret: forge({ sub }, "another-secret-that-is-32-bytes-long!!"),
      expired: forge({ sub, exp: now - 10 }),
      wrongAudience: forge({ sub }, TEST_JWT_SECRET, { audience: "someone-else" }),
      wrongIssuer: forge({ sub }, TEST_JWT_SECRET, { issuer: "evil" }),
      hs512: forge({ sub }, TEST_JWT_SECRET, { algorithm: "HS512" }),
      garbage: "not.a.jwt",
    };
    for (const [name, token] of Object.entries(forged)) {
      const response = await request(ctx.api.handler)
        .get("/api/auth/me")
        .set("Authorization", `Bearer ${token}`);
      expect(response.status, name).toBe(401);
      expect(response.body.error.code, name).toBe("UNAUTHENTICATED");
      const asCookie = await request(ctx.api.handler)
        .get("/api/auth/me")
        .set("Cookie", `ssgbay_access=${token}`);
      expect(asCookie.status, name).toBe(401);
    }
    // The control: a correctly signed token for the same user is accepted.
    const genuine = await request(ctx.api.handler)
      .get("/api/auth/me")
      .set("Authorization", `Bearer ${forge({ sub })}`);
    expect(genuine.status).toBe(200);
  });
});

describe("refresh tokens", () => {
  it("rotates on every use, stores only hashes, and a reused token revokes the whole family", async () => {
    const user = await signUp(ctx.api.handler, "rotate");
    const first = refreshCookie(user.cookies);
    const rawFirst = first.split("=")[1] ?? "";
    const [stored] = await ctx.api.pool.query<RowDataPacket[]>(
      "SELECT token_hash FROM refresh_tokens WHERE user_id = ?",
      [user.id],
    );
    expect(stored.map((row) => row.token_hash)).not.toContain(rawFirst);

    const rotated = await request(ctx.api.handler).post("/api/auth/refresh").set("Cookie", first);
    expectContractAnswer(routes.refresh, rotated);
    expect(rotated.body.user.id).toBe(user.id);
    const second = refreshCookie(cookiePairs(rotated.headers["set-cookie"]));
    expect(second).not.toBe(first);

    const third = await request(ctx.api.handler).post("/api/auth/refresh").set("Cookie", second);
    expect(third.status).toBe(200);
    const current = refreshCookie(cookiePairs(third.headers["set-cookie"]));

    // The first token comes back: someone replayed it, so every token of this login dies.
    const replay = await request(ctx.api.handler).post("/api/auth/refresh").set("Cookie", first);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe("UNAUTHENTICATED");
    const afterReplay = await request(ctx.api.handler)
      .post("/api/auth/refresh")
      .set("Cookie", current);
    expect(afterReplay.status).toBe(401);

    // Another login of the same user is a different family and still works.
    const other = await request(ctx.api.handler)
      .post("/api/auth/login")
      .send({ username: user.username, password: user.password });
    const otherRefresh = await request(ctx.api.handler)
      .post("/api/auth/refresh")
      .set("Cookie", refreshCookie(cookiePairs(other.headers["set-cookie"])));
    expect(otherRefresh.status).toBe(200);
  });

  it("refuses a refresh without a cookie or with an unknown token", async () => {
    const none = await request(ctx.api.handler).post("/api/auth/refresh");
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe("UNAUTHENTICATED");
    const unknown = await request(ctx.api.handler)
      .post("/api/auth/refresh")
      .set("Cookie", "ssgbay_refresh=made-up-token");
    expect(unknown.status).toBe(401);
  });

  it("refuses an expired refresh token", async () => {
    const user = await signUp(ctx.api.handler, "expired");
    await ctx.api.pool.query(
      "UPDATE refresh_tokens SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE user_id = ?",
      [user.id],
    );
    const response = await request(ctx.api.handler)
      .post("/api/auth/refresh")
      .set("Cookie", refreshCookie(user.cookies));
    expect(response.status).toBe(401);
  });

  it("logout revokes the refresh token and clears both cookies", async () => {
    const user = await signUp(ctx.api.handler, "logout");
    const response = await request(ctx.api.handler)
      .post("/api/auth/logout")
      .set("Cookie", user.cookies.join("; "));
    expect(response.status).toBe(204);
    const cleared = response.headers["set-cookie"] as unknown as string[];
    expect(cleared.some((c) => c.startsWith("ssgbay_access=;"))).toBe(true);
    expect(cleared.some((c) => c.startsWith("ssgbay_refresh=;"))).toBe(true);
    const refresh = await request(ctx.api.handler)
      .post("/api/auth/refresh")
      .set("Cookie", refreshCookie(user.cookies));
    expect(refresh.status).toBe(401);
    const [rows] = await ctx.api.pool.query<RowDataPacket[]>(
      "SELECT COUNT(*) AS n FROM refresh_tokens WHERE user_id = ? AND revoked_at IS NULL",
      [user.id],
    );
    expect(Number(rows[0]?.n)).toBe(0);
  });

  it("logout without a session still answers 204", async () => {
    const response = await request(ctx.api.handler).post("/api/auth/logout");
    expect(response.status).toBe(204);
  });
});
