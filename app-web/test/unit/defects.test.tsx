// @vitest-environment jsdom
// The small defects of issue 17, each pinned: heading per status filter, 낙찰가 on sold cards, no
// total beside an empty out-of-range page, h1 → h2, "1 bid", the soft-close wording, the language
// from the browser, focus on the first invalid field, a stale photo error, no /api/auth/me for guests.
import type { ItemList, ItemSummary } from "@ssgbay/contract";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { en } from "../../src/i18n/en";
import { format, preferredLanguage } from "../../src/i18n/i18n";
import { ko } from "../../src/i18n/ko";
import { Component as HomePage } from "../../src/pages/HomePage";
import { Component as LoginPage } from "../../src/pages/LoginPage";
import { Component as SellPage } from "../../src/pages/SellPage";
import { Component as SignupPage } from "../../src/pages/SignupPage";
import { renderPage } from "../support/renderPage";
import { signedIn, signedOut, startStubApi } from "../support/stubApiServer";

let stub: Awaited<ReturnType<typeof startStubApi>> | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

function summary(overrides: Partial<ItemSummary> = {}): ItemSummary {
  return {
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
    ...overrides,
  };
}

async function showHome(path: string, list: ItemList, language: "ko" | "en" = "ko") {
  stub = await startStubApi({
    "GET /api/auth/me": signedOut,
    "GET /api/items": () => ({ status: 200, body: list }),
  });
  await renderPage(<HomePage />, { apiUrl: stub.url, route: "/", path, language });
}

describe("home page", () => {
  it("titles the page after the status filter, in both languages", async () => {
    const list = { items: [summary()], page: 1, pageSize: 24, total: 1 };
    await showHome("/?status=closed", list);
    expect(await screen.findByRole("heading", { level: 1 })).toHaveTextContent("종료된 경매");
    await stub?.close();
    document.body.innerHTML = "";
    await showHome("/?status=all", list, "en");
    expect(await screen.findByRole("heading", { level: 1 })).toHaveTextContent("All auctions");
  });

  it("labels a sold card's price 낙찰가 and counts one bid in the singular", async () => {
    await showHome(
      "/?status=all",
      {
        items: [summary({ id: 1, status: "sold" }), summary({ id: 2, title: "의자" })],
        page: 1,
        pageSize: 24,
        total: 2,
      },
      "en",
    );
    const cards = await screen.findAllByRole("article");
    expect(cards[0]).toHaveTextContent("Winning bid");
    expect(cards[1]).toHaveTextContent("Current bid");
    expect(within(cards[1] as HTMLElement).getByText("1 bid")).toBeVisible();
    expect(cards[1]).not.toHaveTextContent("1 bids");
  });

  it("puts card titles one level under the page's h1", async () => {
    await showHome("/", { items: [summary()], page: 1, pageSize: 24, total: 1 });
    expect(await screen.findByRole("heading", { level: 2, name: "자전거" })).toBeInTheDocument();
    expect(screen.queryAllByRole("heading", { level: 3 })).toEqual([]);
  });

  it("says a page past the end is empty without claiming 총 30개 beside it", async () => {
    await showHome("/?status=all&page=99", { items: [], page: 99, pageSize: 24, total: 30 });
    expect(await screen.findByText("99페이지에는 경매가 없어요. 모두 2페이지예요.")).toBeVisible();
    expect(document.body.textContent).not.toContain("총 30개");
    await userEvent.setup().click(screen.getByRole("button", { name: "첫 페이지로" }));
    await waitFor(() =>
      expect(screen.getByTestId("location")).toHaveTextContent(/^\/\?status=all$/),
    );
  });
});

describe("wording", () => {
  it("says the soft-close extension without 'UTC(으)로'", () => {
    const text = format(ko["item.extended"], { time: "12월 2일 (수) 오후 3:05:30 KST" });
    expect(text).toBe(
      "마감 직전 입찰로 마감 시간이 12월 2일 (수) 오후 3:05:30 KST까지 연장되었어요.",
    );
    expect(ko["item.extended"]).not.toContain("(으)로");
    expect(en["item.extended"]).toContain("{time}");
  });
});

describe("first language", () => {
  it("is the first of the browser's languages that the app speaks", () => {
    expect(preferredLanguage(["en-US", "en", "ko"])).toBe("en");
    expect(preferredLanguage(["ko-KR", "en-US"])).toBe("ko");
    expect(preferredLanguage(["fr-FR", "en-GB"])).toBe("en");
    expect(preferredLanguage(["fr-FR"])).toBe("ko");
    expect(preferredLanguage([])).toBe("ko");
  });
});

describe("a refused submit", () => {
  it("moves focus to the first invalid field (sell, sign-up, log-in)", async () => {
    stub = await startStubApi({ "GET /api/auth/me": signedIn });
    await renderPage(<SellPage />, { apiUrl: stub.url, route: "/sell", path: "/sell" });
    const typist = userEvent.setup();
    await typist.click(screen.getByRole("button", { name: "경매 등록" }));
    await waitFor(() => expect(screen.getByLabelText("사진")).toHaveFocus());
    document.body.innerHTML = "";

    await renderPage(<SignupPage />, { apiUrl: stub.url, route: "/signup", path: "/signup" });
    await typist.type(screen.getByLabelText("아이디"), "minji_ok");
    await typist.click(screen.getByRole("button", { name: "가입하기" }));
    await waitFor(() => expect(screen.getByLabelText("비밀번호")).toHaveFocus());
    document.body.innerHTML = "";

    await renderPage(<LoginPage />, { apiUrl: stub.url, route: "/login", path: "/login" });
    await typist.click(screen.getByRole("button", { name: "로그인" }));
    await waitFor(() => expect(screen.getByLabelText("아이디")).toHaveFocus());
  });

  it("clears a photo's error once another photo is chosen", async () => {
    stub = await startStubApi({ "GET /api/auth/me": signedIn });
    await renderPage(<SellPage />, { apiUrl: stub.url, route: "/sell", path: "/sell" });
    const typist = userEvent.setup({ applyAccept: false });
    await typist.upload(
      screen.getByLabelText("사진"),
      new File(["not a picture"], "notes.txt", { type: "text/plain" }),
    );
    await typist.click(screen.getByRole("button", { name: "경매 등록" }));
    expect(
      await screen.findByText("JPEG, PNG, WebP, GIF 사진만 올릴 수 있어요.", {
        selector: ".field-error",
      }),
    ).toBeInTheDocument();
    await typist.upload(
      screen.getByLabelText("사진"),
      new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "bike.png", { type: "image/png" }),
    );
    expect(
      screen.queryByText("JPEG, PNG, WebP, GIF 사진만 올릴 수 있어요.", {
        selector: ".field-error",
      }),
    ).toBeNull();
    expect(screen.getByLabelText("사진")).toHaveAttribute("aria-invalid", "false");
  });
});

describe("a guest's page load", () => {
  it("asks /api/auth/me only when the session hint cookie is there", async () => {
    const list = { items: [], page: 1, pageSize: 24, total: 0 };
    stub = await startStubApi({
      "GET /api/auth/me": signedOut,
      "GET /api/items": () => ({ status: 200, body: list }),
    });
    await renderPage(<HomePage />, { apiUrl: stub.url, route: "/", path: "/", sessionHint: false });
    await screen.findByText("조건에 맞는 경매가 없어요.");
    expect(stub.requests.map((request) => request.path)).not.toContain("/api/auth/me");
    document.body.innerHTML = "";

    await renderPage(<HomePage />, { apiUrl: stub.url, route: "/", path: "/" });
    await waitFor(() =>
      expect(stub?.requests.map((request) => request.path)).toContain("/api/auth/me"),
    );
  });
});
