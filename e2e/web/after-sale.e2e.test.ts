import { notifyEndingWatchers, settleEndedAuctions } from "@ssgbay/app-settler";
import { launchChromium } from "@ssgbay/database/testing/browser";
import { useTestDatabase } from "@ssgbay/database/testing/vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { productPhoto } from "./support/browser.js";
import { newKoreanPage, type Person, signUpInKorean } from "./support/people.js";
import { see } from "./support/see.js";
import { type Stack, startStack } from "./support/stack.js";

vi.setConfig({ testTimeout: 180_000, hookTimeout: 240_000 });

const database = useTestDatabase();
let stack: Stack;
let browser: Browser;
const cspViolations: string[] = [];
const pageErrors: string[] = [];

const seller: Person = {
  username: "after_seller",
  password: "sell-it-now-1",
  nickname: "박판매",
  phone: "010-2222-3333",
};
const winner: Person = {
  username: "after_winner",
  password: "win-it-now-1",
  nickname: "최낙찰",
  phone: "010-4444-5555",
};
const rival: Person = {
  username: "after_rival",
  password: "bid-it-now-1",
  nickname: "정경쟁",
  phone: "010-6666-7777",
};
const pages: Record<string, { context: BrowserContext; page: Page }> = {};
let itemUrl = "";
let itemId = 0;

async function signUp(person: Person, width = 1280): Promise<Page> {
  const opened = await newKoreanPage(browser, { cspViolations, pageErrors }, width);
  pages[person.username] = opened;
  await signUpInKorean(opened.page, stack.baseUrl, person);
  return opened.page;
}

const pageOf = (person: Person): Page => {
  const opened = pages[person.username];
  if (!opened) throw new Error(`${person.username} has no page`);
  return opened.page;
};

async function bid(page: Page, amount: number, maxAmount?: number) {
  await page.getByLabel("입찰 금액 (원)").fill(String(amount));
  if (maxAmount !== undefined) {
    await page.getByLabel("자동 입찰 최고가 (선택, 원)").fill(String(maxAmount));
  }
  await page.getByRole("button", { name: "입찰하기" }).click();
  await see(page.getByRole("alertdialog")).toBeVisible();
}

beforeAll(async () => {
  stack = await startStack(database.url);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe("after the sale, notifications and safer bidding in Chromium", () => {
  it("lists an item and signs up two bidders", async () => {
    const sellerPage = await signUp(seller);
    await sellerPage.goto(`${stack.baseUrl}/sell`);
    await sellerPage.getByLabel("제목").fill("전동 킥보드");
    await sellerPage.getByLabel("설명").fill("배터리 상태 좋아요.");
    await sellerPage.getByLabel("시작가 (원)").fill("20000");
    await sellerPage.getByLabel("사진").setInputFiles({
      name: "photo.png",
      mimeType: "image/png",
      buffer: await productPhoto(browser, "전동 킥보드", 90),
    });
    await see(sellerPage.getByAltText("1번째 사진")).toBeVisible();
    await sellerPage.getByRole("button", { name: "경매 등록" }).click();
    await sellerPage.waitForURL(/\/items\/\d+$/);
    itemUrl = sellerPage.url();
    itemId = Number(itemUrl.split("/").pop());
    await signUp(winner);
    await signUp(rival, 390);
  });

  it("confirms a bid with the amount in won and in Korean words, and can be cancelled", async () => {
    const page = pageOf(winner);
    await page.goto(itemUrl);
    await bid(page, 27_000, 40_350);
    const dialog = page.getByRole("alertdialog", { name: "이 금액으로 입찰할까요?" });
    await see(dialog.getByTestId("confirm-amount")).toHaveText("27,000원 — 이만칠천 원");
    await see(dialog.getByTestId("confirm-max")).toHaveText("40,350원 — 사만삼백오십 원");
    await dialog.getByRole("button", { name: "취소" }).click();
    await see(dialog).toHaveCount(0);
    await see(page.getByTestId("bid-count")).toHaveText("0");

    await page.getByRole("button", { name: "입찰하기" }).click();
    await dialog.getByRole("button", { name: "입찰 확정" }).click();
    await see(page.getByText("27,000원에 입찰했어요.", { exact: false })).toBeVisible();
    await see(page.getByTestId("bid-count")).toHaveText("1");
  });

  it("warns a bidder who already leads, in Korean and in English", async () => {
    const page = pageOf(winner);
    await page.reload();
    await see(page.getByTestId("leading-note")).toHaveText("현재 최고 입찰자예요.");
    await bid(page, 28_000);
    await see(page.getByTestId("leading-warning")).toContainText("이미 최고 입찰자예요.");
    await page.getByRole("button", { name: "취소" }).click();

    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.getByLabel("Your bid (KRW)").fill("28000");
    await page.getByRole("button", { name: "Place bid" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Place this bid?" });
    await see(dialog.getByTestId("confirm-amount")).toHaveText("28,000 won");
    await see(dialog.getByTestId("leading-warning")).toContainText(
      "You're already the highest bidder.",
    );
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("button", { name: "한국어로 보기" }).click();
    await see(page.getByTestId("bid-count")).toHaveText("1");
  });

  it("answers a manual bid with the maximum, without showing the maximum to the rival", async () => {
    const page = pageOf(rival);
    await page.goto(itemUrl);
    await bid(page, 30_000);
    await page.getByRole("button", { name: "입찰 확정" }).click();
    await see(page.getByText("다른 사람의 자동 입찰이 더 높아요", { exact: false })).toBeVisible();
    await see(page.getByTestId("current-price")).toHaveText("30,300원");
    const html = await page.content();
    expect(html).not.toContain("40,350");
    expect(html).not.toContain("40350");
    // The winner still leads: nobody was displaced, so the winner's bell stays quiet.
    await see(pageOf(winner).getByTestId("unread-count")).toHaveCount(0);
  });

  it("tells the displaced leader live in the header, and lists it on the notifications page", async () => {
    const rivalPage = pageOf(rival);
    await bid(rivalPage, 45_000);
    await rivalPage.getByRole("button", { name: "입찰 확정" }).click();
    await see(rivalPage.getByTestId("current-price")).toHaveText("45,000원");

    const page = pageOf(winner);
    await see(page.getByTestId("unread-count")).toHaveText("1");
    await page.getByTestId("notification-bell").click();
    await page.waitForURL(/\/notifications$/);
    const list = page.getByTestId("notification-list");
    await see(list).toContainText(
      "‘전동 킥보드’ 경매에서 더 높은 입찰이 들어왔어요. 현재가 45,000원",
    );
    await page.getByRole("button", { name: "모두 읽음으로 표시" }).click();
    await see(page.getByTestId("unread-count")).toHaveCount(0);

    await page.goto(itemUrl);
    await bid(page, 46_000);
    await page.getByRole("button", { name: "입찰 확정" }).click();
    await see(page.getByTestId("current-price")).toHaveText("46,000원");
    await see(rivalPage.getByTestId("unread-count")).toHaveText("1");
  });

  it("tells a watcher once, live, that the watched auction is ending, in both languages", async () => {
    const rivalPage = pageOf(rival);
    await rivalPage.goto(itemUrl);
    await rivalPage.getByRole("button", { name: /관심 상품에 추가/ }).click();
    await see(rivalPage.getByRole("button", { name: /관심 상품에서 빼기/ })).toBeVisible();
    await see(rivalPage.getByTestId("unread-count")).toHaveText("1");
    await stack.pool.query("UPDATE items SET ends_at = NOW(3) + INTERVAL 5 MINUTE WHERE id = ?", [
      itemId,
    ]);
    // Two sweeps (the settler's runs overlap or follow each other): one notification.
    expect(await notifyEndingWatchers(stack.pool)).toBe(1);
    expect(await notifyEndingWatchers(stack.pool)).toBe(0);
    await see(rivalPage.getByTestId("unread-count")).toHaveText("2");

    await rivalPage.getByTestId("notification-bell").click();
    await rivalPage.waitForURL(/\/notifications$/);
    const list = rivalPage.getByTestId("notification-list");
    await see(list).toContainText("관심 상품 ‘전동 킥보드’ 경매가 곧 끝나요. 현재가 46,000원");
    await rivalPage.getByRole("button", { name: "Switch to English" }).click();
    await see(list).toContainText(
      "‘전동 킥보드’ on your watchlist ends soon. Current price ₩46,000",
    );
    await rivalPage.getByRole("button", { name: "한국어로 보기" }).click();
    // The winner, who does not watch it, heard nothing.
    await see(pageOf(winner).getByTestId("unread-count")).toHaveCount(0);
  });

  it("shows the winner and the seller a first-person result with the other's phone", async () => {
    await stack.pool.query(
      "UPDATE items SET starts_at = NOW(3) - INTERVAL 10 MINUTE, ends_at = NOW(3) - INTERVAL 1 SECOND WHERE id = ?",
      [itemId],
    );
    expect(await settleEndedAuctions(stack.pool, { batchSize: 10 })).toMatchObject({ sold: 1 });

    const winnerPage = pageOf(winner);
    await winnerPage.goto(itemUrl);
    await see(winnerPage.getByTestId("sale-headline")).toHaveText("낙찰받았어요! 46,000원");
    await see(winnerPage.getByTestId("counterpart-phone")).toHaveText("010-2222-3333");
    await see(winnerPage.getByTestId("unread-count")).toHaveText("1");

    const sellerPage = pageOf(seller);
    await sellerPage.goto(itemUrl);
    await see(sellerPage.getByTestId("sale-headline")).toHaveText(
      "판매됐어요 — 구매자 최낙찰님, 46,000원",
    );
    await see(sellerPage.getByTestId("counterpart-phone")).toHaveText("010-4444-5555");

    const rivalPage = pageOf(rival);
    await rivalPage.goto(itemUrl);
    await see(rivalPage.getByText("최낙찰님이 46,000원에 낙찰받았어요.")).toBeVisible();
    await see(rivalPage.getByTestId("sale-result")).toHaveCount(0);
    const html = await rivalPage.content();
    expect(html).not.toContain("2222-3333");
    expect(html).not.toContain("4444-5555");

    await winnerPage.getByRole("button", { name: "Switch to English" }).click();
    await see(winnerPage.getByTestId("sale-headline")).toHaveText("You won! ₩46,000");
    await winnerPage.getByRole("button", { name: "한국어로 보기" }).click();
  });

  it("carries messages between the two live, shown as text, never as markup", async () => {
    const winnerPage = pageOf(winner);
    const sellerPage = pageOf(seller);
    await sellerPage.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const script = "<script>window.injected = true</script><b>굵게</b>";
    await winnerPage.getByLabel("메시지", { exact: true }).fill(script);
    await winnerPage.getByRole("button", { name: "보내기" }).click();
    await see(winnerPage.getByTestId("message-body").last()).toHaveText(script);

    await see(sellerPage.getByTestId("message-body").last()).toHaveText(script);
    expect(await sellerPage.locator("[data-testid=message-list] b").count()).toBe(0);
    expect(
      await sellerPage.evaluate(() => (window as unknown as { injected?: boolean }).injected),
    ).toBeUndefined();
    expect(
      await sellerPage.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).toBe(true);

    await sellerPage.getByLabel("메시지", { exact: true }).fill("내일 저녁 7시에 역 앞에서 만나요");
    await sellerPage.getByRole("button", { name: "보내기" }).click();
    await see(winnerPage.getByTestId("message-body").last()).toHaveText(
      "내일 저녁 7시에 역 앞에서 만나요",
    );
  });

  it("lets the seller mark the handover and both rate once, shown on the profile", async () => {
    const winnerPage = pageOf(winner);
    const sellerPage = pageOf(seller);
    await see(winnerPage.getByText("판매자가 아직 전달 완료를 표시하지 않았어요.")).toBeVisible();
    await sellerPage.getByRole("button", { name: "전달 완료" }).click();
    await see(sellerPage.getByTestId("handed-over")).toContainText("전달 완료됐어요");

    await winnerPage.reload();
    await winnerPage.getByLabel("별점").selectOption("5");
    await winnerPage.getByLabel("한 줄 후기 (선택)").fill("친절하고 빨랐어요");
    await winnerPage.getByRole("button", { name: "평가 남기기" }).click();
    await see(winnerPage.getByTestId("my-rating")).toHaveText(
      "내가 남긴 평가: 5점 친절하고 빨랐어요",
    );
    await see(winnerPage.getByRole("button", { name: "평가 남기기" })).toHaveCount(0);

    await sellerPage.reload();
    await see(sellerPage.getByTestId("their-rating")).toHaveText(
      "상대가 남긴 평가: 5점 친절하고 빨랐어요",
    );
    await sellerPage.getByLabel("별점").selectOption("4");
    await sellerPage.getByRole("button", { name: "평가 남기기" }).click();
    await see(sellerPage.getByTestId("my-rating")).toHaveText("내가 남긴 평가: 4점");

    const [sellerRow] = (await stack.pool.query("SELECT id FROM users WHERE username = ?", [
      seller.username,
    ])) as unknown as [{ id: number }[]];
    const profile = await pages[seller.username]?.context.request.get(
      `${stack.baseUrl}/api/users/${sellerRow[0]?.id}`,
    );
    const body = await profile?.json();
    expect(body.user.ratings).toMatchObject({ count: 1, average: 5 });
    expect(JSON.stringify(body)).not.toContain("01022223333");

    // The seller's public profile page shows it to anyone, in both languages.
    const rivalPage = pageOf(rival);
    await rivalPage.goto(`${stack.baseUrl}/users/${sellerRow[0]?.id}`);
    await see(rivalPage.getByRole("heading", { level: 1 })).toHaveText("박판매님의 프로필");
    await see(rivalPage.getByTestId("ratings-summary")).toHaveText("★ 평균 5.0점 · 후기 1개");
    await see(rivalPage.getByTestId("rating")).toHaveCount(1);
    await see(rivalPage.getByTestId("rating")).toContainText("5점 친절하고 빨랐어요 — 최낙찰");
    await see(rivalPage.getByRole("article")).toContainText("전동 킥보드");
    await rivalPage.getByRole("button", { name: "Switch to English" }).click();
    await see(rivalPage.getByRole("heading", { level: 1 })).toHaveText("박판매's profile");
    await see(rivalPage.getByTestId("ratings-summary")).toHaveText("★ 5.0 out of 5 · 1 rating");
    await see(rivalPage.getByTestId("rating")).toContainText("5/5 친절하고 빨랐어요 — 최낙찰");
    expect(await rivalPage.content()).not.toContain("2222-3333");
    await rivalPage.getByRole("button", { name: "한국어로 보기" }).click();

    // The buyer's profile has the seller's 4 without a comment.
    const [winnerRow] = (await stack.pool.query("SELECT id FROM users WHERE username = ?", [
      winner.username,
    ])) as unknown as [{ id: number }[]];
    await rivalPage.goto(`${stack.baseUrl}/users/${winnerRow[0]?.id}`);
    await see(rivalPage.getByTestId("ratings-summary")).toHaveText("★ 평균 4.0점 · 후기 1개");
    await see(rivalPage.getByText("아직 올린 물건이 없어요.")).toBeVisible();
  });

  it("raised no page errors and no CSP violations", () => {
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
