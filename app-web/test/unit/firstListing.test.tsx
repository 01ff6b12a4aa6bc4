// @vitest-environment jsdom
import type { ItemList, ItemSummary } from "@ssgbay/contract";
import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ApiClient } from "../../src/api/client";
import { createEndpoints } from "../../src/api/endpoints";
import { isApiCallError } from "../../src/api/errors";
import {
  arrivedHomeListing,
  dropHomeListing,
  prefetchHomeListing,
  takeHomeListing,
} from "../../src/pages/firstListing";
import { Component as HomePage } from "../../src/pages/HomePage";
import { homeListingKey, homeQuery } from "../../src/pages/homeQuery";
import { plainHomeListingPath } from "../../src/pages/plainHomeListing";
import { renderPage } from "../support/renderPage";
import { type StubReply, signedOut, startStubApi } from "../support/stubApiServer";

let stub: Awaited<ReturnType<typeof startStubApi>> | undefined;
afterEach(async () => {
  cleanup();
  dropHomeListing();
  await stub?.close();
  stub = undefined;
});

const summary: ItemSummary = {
  id: 1,
  title: "자전거",
  imageUrl: "/api/images/0123456789abcdef0123456789abcdef.png",
  startPrice: 10_000,
  currentPrice: 12_000,
  bidCount: 1,
  endsAt: new Date(Date.now() + 86_400_000).toISOString(),
  status: "open",
  seller: { id: 2, nickname: "민지" },
  category: "etc",
  condition: "used",
  tradeMethod: "delivery",
  tradeArea: null,
  buyNowPrice: null,
};
const list: ItemList = { items: [summary], page: 1, pageSize: 24, total: 1 };

async function serveListing(reply: () => StubReply = () => ({ status: 200, body: list })) {
  stub = await startStubApi({ "GET /api/auth/me": signedOut, "GET /api/items": reply });
  return { stub, api: createEndpoints(new ApiClient(stub.url)) };
}

const keyOf = (search: string) => homeListingKey(homeQuery(new URLSearchParams(search)));
const listingRequests = () =>
  stub?.requests.filter((request) => request.path.startsWith("/api/items")) ?? [];

describe("the home page's first listing", () => {
  it("asks for the listing the home page would, and hands it out once, for its key only", async () => {
    const { api } = await serveListing();
    prefetchHomeListing("?q=bike&page=2", api);
    expect(takeHomeListing(keyOf("?q=bike&page=3"))).toBeUndefined();
    // a miss drops it: whatever asks next fetches afresh
    expect(takeHomeListing(keyOf("?q=bike&page=2"))).toBeUndefined();

    prefetchHomeListing("?q=bike&page=2", api);
    const taken = takeHomeListing(keyOf("?page=2&q=bike"));
    await expect(taken).resolves.toEqual(list);
    expect(takeHomeListing(keyOf("?q=bike&page=2"))).toBeUndefined();
    expect(listingRequests().map((request) => request.path)).toEqual([
      "/api/items?q=bike&sort=latest&status=open&page=2&pageSize=24",
      "/api/items?q=bike&sort=latest&status=open&page=2&pageSize=24",
    ]);
  });

  it("is, for the home page without a query string, the request boot.ts starts early", async () => {
    const { api } = await serveListing();
    prefetchHomeListing("", api);
    await takeHomeListing(keyOf(""));
    expect(listingRequests().map((request) => request.path)).toEqual([plainHomeListingPath]);
  });

  it("tells a first render the listing once it has arrived, until someone takes it", async () => {
    const { api } = await serveListing();
    prefetchHomeListing("", api);
    expect(arrivedHomeListing(keyOf(""))).toBeUndefined();
    await takeHomeListing(keyOf(""));
    expect(arrivedHomeListing(keyOf(""))).toBeUndefined();

    prefetchHomeListing("", api);
    await until(() => arrivedHomeListing(keyOf("")) !== undefined);
    expect(arrivedHomeListing(keyOf(""))).toEqual(list);
    expect(arrivedHomeListing(keyOf("?status=closed"))).toBeUndefined();
    dropHomeListing();
    expect(arrivedHomeListing(keyOf(""))).toBeUndefined();
    expect(takeHomeListing(keyOf(""))).toBeUndefined();
  });

  it("hands a failed prefetch to the page as the client's error", async () => {
    const { api } = await serveListing(() => ({
      status: 503,
      body: { error: { code: "UNAVAILABLE", message: "busy" } },
    }));
    prefetchHomeListing("", api);
    const error = await takeHomeListing(keyOf(""))?.catch((failure: unknown) => failure);
    expect(isApiCallError(error) && error.status).toBe(503);
  });

  it("lets the home page show a listing that arrived before it, in its first render", async () => {
    const { api } = await serveListing();
    prefetchHomeListing("", api);
    await until(() => arrivedHomeListing(keyOf("")) !== undefined);
    await renderPage(<HomePage />, { apiUrl: stub?.url ?? "", route: "/", path: "/" });
    // no skeleton first: the card is there as soon as the page is
    expect(screen.getByText("자전거")).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.getByText("자전거")).toBeInTheDocument();
    expect(listingRequests()).toHaveLength(1);

    // shown again (coming back to the page), it fetches afresh
    cleanup();
    await renderPage(<HomePage />, { apiUrl: stub?.url ?? "", route: "/", path: "/" });
    expect(await screen.findByText("자전거")).toBeInTheDocument();
    expect(listingRequests()).toHaveLength(2);
  });

  it("does not use a prefetch of other filters", async () => {
    const { api } = await serveListing();
    prefetchHomeListing("?status=closed", api);
    await until(() => arrivedHomeListing(keyOf("?status=closed")) !== undefined);
    await renderPage(<HomePage />, { apiUrl: stub?.url ?? "", route: "/", path: "/" });
    expect(await screen.findByText("자전거")).toBeInTheDocument();
    expect(listingRequests().map((request) => request.path)).toEqual([
      "/api/items?sort=latest&status=closed&page=1&pageSize=24",
      "/api/items?sort=latest&status=open&page=1&pageSize=24",
    ]);
  });
});

/** Polls `done` (the prefetch settles on its own, outside React). */
async function until(done: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the prefetch");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
