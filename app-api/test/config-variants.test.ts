import request from "supertest";
import { describe, expect, it } from "vitest";
import { useTestApi } from "./support/api.js";

const ctx = useTestApi({ AUTH_RATE_LIMIT_PER_MINUTE: "3" });

describe("auth rate limit", () => {
  it("answers 429 RATE_LIMITED once a client exceeds its attempts on signup/login/refresh", async () => {
    const attempt = () =>
      request(ctx.api.app)
        .post("/api/auth/login")
        .send({ username: "nobody", password: "wrong-pass" });
    for (let index = 0; index < 3; index += 1) {
      expect((await attempt()).status).toBe(401);
    }
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("RATE_LIMITED");
    const signup = await request(ctx.api.app).post("/api/auth/signup").send({});
    expect(signup.status).toBe(429);
    const refresh = await request(ctx.api.app).post("/api/auth/refresh");
    expect(refresh.status).toBe(429);
    // Reading is never throttled.
    expect((await request(ctx.api.app).get("/api/items")).status).toBe(200);
  });
});
