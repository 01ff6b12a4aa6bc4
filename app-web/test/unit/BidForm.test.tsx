// @vitest-environment jsdom

import type { PlacedBid } from "@ssgbay/contract";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { BidForm } from "../../src/components/BidForm";
import { renderPage } from "../support/renderPage";
import { signedIn, startStubApi } from "../support/stubApiServer";

let stub: Awaited<ReturnType<typeof startStubApi>> | undefined;
afterEach(async () => {
  await stub?.close();
});

function renderForm(
  apiUrl: string,
  accepted: PlacedBid[],
  stale: { count: number },
  leading = false,
) {
  return renderPage(
    <BidForm
      itemId={3}
      minNextBid={12_300}
      maxNextBid={123_000}
      leading={leading}
      onAccepted={(result) => accepted.push(result)}
      onStale={() => stale.count++}
    />,
    { apiUrl, route: "/items/:id", path: "/items/3" },
  );
}

describe("bid form", () => {
  it("refuses an amount under the minimum without asking the server", async () => {
    stub = await startStubApi({ "GET /api/auth/me": signedIn });
    await renderForm(stub.url, [], { count: 0 });
    const typist = userEvent.setup();
    await typist.type(screen.getByLabelText("입찰 금액 (원)"), "12,200");
    await typist.click(screen.getByRole("button", { name: "입찰하기" }));
    expect(screen.getByRole("alert")).toHaveTextContent("12,300원 이상 입찰해야 해요.");
    expect(screen.getByLabelText("입찰 금액 (원)")).toHaveAttribute("aria-invalid", "true");
    expect(stub.requests.some((request) => request.method === "POST")).toBe(false);
  });

  it("refuses an amount over the largest accepted bid without asking the server", async () => {
    stub = await startStubApi({ "GET /api/auth/me": signedIn });
    await renderForm(stub.url, [], { count: 0 });
    const typist = userEvent.setup();
    await typist.type(screen.getByLabelText("입찰 금액 (원)"), "9007199254740991");
    await typist.click(screen.getByRole("button", { name: "입찰하기" }));
    expect(screen.getByRole("alert")).toHaveTextContent("123,000원까지 입찰할 수 있어요.");
    expect(stub.requests.some((request) => request.method === "POST")).toBe(false);
  });

  it("explains a lost race with the server's new minimum", async () => {
    stub = await startStubApi({
      "GET /api/auth/me": signedIn,
      "POST /api/items/3/bids": () => ({
        status: 409,
        body: {
          error: { code: "BID_TOO_LOW", message: "too low", details: { minNextBid: 13_500 } },
        },
      }),
    });
    const stale = { count: 0 };
    await renderForm(stub.url, [], stale);
    const typist = userEvent.setup();
    await typist.type(screen.getByLabelText("입찰 금액 (원)"), "12300");
    await typist.click(screen.getByRole("button", { name: "입찰하기" }));
    await typist.click(await screen.findByRole("button", { name: "입찰 확정" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "입찰 금액이 너무 낮아요. 13,500원 이상 입찰해 주세요.",
    );
    expect(stale.count).toBe(1);
  });

  it("reports the accepted bid to the page", async () => {
    const result = {
      bid: { id: 91, amount: 12_300, bidder: { id: 7 }, createdAt: "2026-11-22T10:00:00.000Z" },
      item: {
        currentPrice: 12_300,
        bidCount: 1,
        endsAt: "2026-11-30T10:00:00.000Z",
        minNextBid: 12_500,
      },
      leading: true,
      maxAmount: null,
    };
    stub = await startStubApi({
      "GET /api/auth/me": signedIn,
      "POST /api/items/3/bids": () => ({ status: 201, body: result }),
    });
    const accepted: PlacedBid[] = [];
    await renderForm(stub.url, accepted, { count: 0 });
    const typist = userEvent.setup();
    await typist.type(screen.getByLabelText("입찰 금액 (원)"), "12300");
    await typist.keyboard("{Enter}");
    const dialog = await screen.findByRole("alertdialog");
    expect(dialog).toHaveTextContent("12,300원 — 만이천삼백 원");
    expect(stub.requests.some((request) => request.method === "POST")).toBe(false);
    await typist.click(screen.getByRole("button", { name: "입찰 확정" }));
    expect(await screen.findByText("12,300원에 입찰했어요. 현재 최고 입찰자예요!")).toBeVisible();
    expect(accepted).toEqual([result]);
    expect(
      JSON.parse(stub.requests.find((request) => request.method === "POST")?.body ?? ""),
    ).toEqual({
      amount: 12_300,
    });
  });

  it("asks before a binding bid, warns the leader, sends the maximum, and cancel sends nothing", async () => {
    const result = {
      bid: { id: 92, amount: 12_300, bidder: { id: 7 }, createdAt: "2026-11-22T10:00:00.000Z" },
      item: {
        currentPrice: 12_300,
        bidCount: 2,
        endsAt: "2026-11-30T10:00:00.000Z",
        minNextBid: 12_500,
      },
      leading: true,
      maxAmount: 27_000,
    };
    stub = await startStubApi({
      "GET /api/auth/me": signedIn,
      "POST /api/items/3/bids": () => ({ status: 201, body: result }),
    });
    await renderForm(stub.url, [], { count: 0 }, true);
    const typist = userEvent.setup();
    expect(screen.getByTestId("leading-note")).toHaveTextContent("현재 최고 입찰자예요.");
    await typist.type(screen.getByLabelText("입찰 금액 (원)"), "12300");
    await typist.type(screen.getByLabelText("자동 입찰 최고가 (선택, 원)"), "1000");
    await typist.click(screen.getByRole("button", { name: "입찰하기" }));
    expect(screen.getByRole("alert")).toHaveTextContent("최고가는 입찰 금액 이상이어야 해요.");
    await typist.clear(screen.getByLabelText("자동 입찰 최고가 (선택, 원)"));
    await typist.type(screen.getByLabelText("자동 입찰 최고가 (선택, 원)"), "27000");
    await typist.click(screen.getByRole("button", { name: "입찰하기" }));
    expect(screen.getByTestId("leading-warning")).toHaveTextContent("이미 최고 입찰자예요");
    expect(screen.getByTestId("confirm-max")).toHaveTextContent("27,000원 — 이만칠천 원");
    await typist.click(screen.getByRole("button", { name: "취소" }));
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(stub.requests.some((request) => request.method === "POST")).toBe(false);

    await typist.click(screen.getByRole("button", { name: "입찰하기" }));
    await typist.click(screen.getByRole("button", { name: "입찰 확정" }));
    await screen.findByText("12,300원에 입찰했어요. 현재 최고 입찰자예요!");
    expect(
      JSON.parse(stub.requests.find((request) => request.method === "POST")?.body ?? ""),
    ).toEqual({ amount: 12_300, maxAmount: 27_000 });
  });
});
