import type { ItemDetail } from "@ssgbay/contract";
import { describe, expect, it } from "vitest";
import { auctionReducer, initialAuctionState } from "../../src/live/auctionReducer";

const item: ItemDetail = {
  id: 1,
  title: "Bike",
  imageUrl: "/api/images/abc",
  startPrice: 10_000,
  currentPrice: 10_000,
  bidCount: 0,
  endsAt: "2026-11-22T10:00:00.000Z",
  status: "open",
  seller: { id: 1, nickname: "seller" },
  description: "",
  startsAt: "2026-11-21T10:00:00.000Z",
  minNextBid: 10_000,
  winner: null,
  finalPrice: null,
  bids: [],
  category: "etc",
  condition: "used",
  tradeMethod: "delivery",
  tradeArea: null,
  buyNowPrice: null,
  images: ["/api/images/abc"],
  watchCount: 0,
};

const start = initialAuctionState(item);

describe("live auction reducer", () => {
  it("shows a new price and minimum from a price event", () => {
    const next = auctionReducer(start, {
      type: "price",
      event: {
        currentPrice: 12_000,
        bidCount: 1,
        endsAt: item.endsAt,
        minNextBid: 12_200,
        status: "open",
      },
    });
    expect(next).toMatchObject({
      currentPrice: 12_000,
      bidCount: 1,
      minNextBid: 12_200,
      extendedTo: null,
    });
  });

  it("ignores an event older than what is shown (fewer bids)", () => {
    const afterOwnBid = auctionReducer(start, {
      type: "bidAccepted",
      result: {
        bid: { id: 2, amount: 13_000, bidder: { id: 9 }, createdAt: "2026-11-22T09:59:00.000Z" },
        item: { currentPrice: 13_000, bidCount: 2, endsAt: item.endsAt, minNextBid: 13_200 },
        leading: true,
        maxAmount: null,
      },
    });
    const late = auctionReducer(afterOwnBid, {
      type: "price",
      event: {
        currentPrice: 12_000,
        bidCount: 1,
        endsAt: item.endsAt,
        minNextBid: 12_200,
        status: "open",
      },
    });
    expect(late).toBe(afterOwnBid);
    expect(late.currentPrice).toBe(13_000);
  });

  it("marks a soft-close extension when endsAt moves later", () => {
    const extended = "2026-11-22T10:01:00.000Z";
    const next = auctionReducer(start, {
      type: "price",
      event: {
        currentPrice: 10_000,
        bidCount: 1,
        endsAt: extended,
        minNextBid: 10_100,
        status: "open",
      },
    });
    expect(next.endsAt).toBe(extended);
    expect(next.extendedTo).toBe(extended);
  });

  it("never moves endsAt earlier", () => {
    const next = auctionReducer(start, {
      type: "price",
      event: {
        currentPrice: 10_000,
        bidCount: 1,
        endsAt: "2026-11-22T09:59:00.000Z",
        minNextBid: 10_100,
        status: "open",
      },
    });
    expect(next.endsAt).toBe(item.endsAt);
    expect(next.extendedTo).toBeNull();
  });

  it("closes with the outcome the server sends", () => {
    const next = auctionReducer(start, {
      type: "closed",
      event: { status: "sold", winner: { id: 2, nickname: "buyer" }, finalPrice: 15_000 },
    });
    expect(next).toMatchObject({
      closed: true,
      status: "sold",
      winner: { nickname: "buyer" },
      finalPrice: 15_000,
    });
  });

  it("closes without an outcome until the item is fetched again", () => {
    const closed = auctionReducer(start, { type: "closed", event: {} });
    expect(closed).toMatchObject({ closed: true, status: "open", winner: null });
    const settled = auctionReducer(closed, {
      type: "snapshot",
      item: { ...item, status: "unsold" },
    });
    expect(settled).toMatchObject({ closed: true, status: "unsold" });
  });

  it("a price event with a final status closes the auction", () => {
    const next = auctionReducer(start, {
      type: "price",
      event: {
        currentPrice: 10_000,
        bidCount: 0,
        endsAt: item.endsAt,
        minNextBid: 10_000,
        status: "unsold",
      },
    });
    expect(next).toMatchObject({ closed: true, status: "unsold" });
  });
});
