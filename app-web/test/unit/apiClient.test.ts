import { afterEach, describe, expect, it } from "vitest";
import { ApiClient } from "../../src/api/client";
import { createEndpoints } from "../../src/api/endpoints";
import { isApiCallError } from "../../src/api/errors";
import { startStubApi } from "../support/stubApiServer";

const unauthenticated = {
  status: 401,
  body: { error: { code: "UNAUTHENTICATED", message: "expired" } },
};
const me = { status: 200, body: { user: { id: 1, username: "minji", nickname: "민지" } } };

let stub: Awaited<ReturnType<typeof startStubApi>> | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function capture(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("API client", () => {
  it("refreshes the session once on a 401 and retries the call", async () => {
    let refreshed = false;
    stub = await startStubApi({
      "GET /api/me/items": () =>
        refreshed ? { status: 200, body: { items: [] } } : unauthenticated,
      "POST /api/auth/refresh": () => {
        refreshed = true;
        return me;
      },
    });
    const api = createEndpoints(new ApiClient(stub.url));
    await expect(api.myItems()).resolves.toEqual({ items: [] });
    expect(stub.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "GET /api/me/items",
      "POST /api/auth/refresh",
      "GET /api/me/items",
    ]);
  });

  it("reports an expired session when the refresh fails, without retrying", async () => {
    stub = await startStubApi({
      "GET /api/me/bids": () => unauthenticated,
      "POST /api/auth/refresh": () => unauthenticated,
    });
    const client = new ApiClient(stub.url);
    let expired = 0;
    client.onSessionExpired(() => expired++);
    const error = await capture(createEndpoints(client).myBids());
    expect(isApiCallError(error) && error.code).toBe("UNAUTHENTICATED");
    expect(expired).toBe(1);
    expect(stub.requests).toHaveLength(2);
  });

  it("shares one refresh between concurrent 401s", async () => {
    let refreshed = false;
    stub = await startStubApi({
      "GET /api/me/items": () =>
        refreshed ? { status: 200, body: { items: [] } } : unauthenticated,
      "GET /api/me/purchases": () =>
        refreshed ? { status: 200, body: { items: [] } } : unauthenticated,
      "POST /api/auth/refresh": () => {
        refreshed = true;
        return me;
      },
    });
    const api = createEndpoints(new ApiClient(stub.url));
    await Promise.all([api.myItems(), api.myPurchases()]);
    expect(stub.requests.filter((request) => request.path === "/api/auth/refresh")).toHaveLength(1);
  });

  it("treats a failed login as wrong credentials, never as a session to refresh", async () => {
    stub = await startStubApi({
      "POST /api/auth/login": () => ({
        status: 401,
        body: { error: { code: "INVALID_CREDENTIALS", message: "nope" } },
      }),
    });
    const error = await capture(
      createEndpoints(new ApiClient(stub.url)).login("minji", "wrong password"),
    );
    expect(isApiCallError(error) && error.code).toBe("INVALID_CREDENTIALS");
    expect(stub.requests).toHaveLength(1);
    expect(JSON.parse(stub.requests[0]?.body ?? "")).toEqual({
      username: "minji",
      password: "wrong password",
    });
  });

  it("keeps tokens out of what it returns", async () => {
    stub = await startStubApi({
      "POST /api/auth/login": () => ({
        status: 200,
        body: {
          ...me.body,
          accessToken: "secret.jwt.value",
          expiresAt: "2026-11-22T10:15:00.000Z",
        },
      }),
    });
    const session = await createEndpoints(new ApiClient(stub.url)).login("minji", "password1");
    expect(session).toEqual(me.body);
    expect(JSON.stringify(session)).not.toContain("secret.jwt.value");
  });

  it("rejects answers that do not match the contract", async () => {
    stub = await startStubApi({
      "GET /api/items/5": () => ({ status: 200, body: { item: { id: "5" } } }),
    });
    const error = await capture(createEndpoints(new ApiClient(stub.url)).getItem(5));
    expect(isApiCallError(error) && error.code).toBe("BAD_RESPONSE");
  });

  it("turns an unreachable server into a NETWORK error", async () => {
    stub = await startStubApi({});
    const url = stub.url;
    await stub.close();
    stub = undefined;
    const error = await capture(createEndpoints(new ApiClient(url)).listItems({}));
    expect(isApiCallError(error) && error.code).toBe("NETWORK");
  });

  it("sends list filters as query parameters", async () => {
    stub = await startStubApi({
      "GET /api/items": () => ({
        status: 200,
        body: { items: [], page: 2, pageSize: 24, total: 0 },
      }),
    });
    await createEndpoints(new ApiClient(stub.url)).listItems({
      q: "자전거",
      sort: "ending",
      status: "closed",
      page: 2,
      pageSize: 24,
    });
    expect(stub.requests[0]?.path).toBe(
      `/api/items?q=${encodeURIComponent("자전거")}&sort=ending&status=closed&page=2&pageSize=24`,
    );
  });
});
