import { launchChromium } from "@ssgbay/database/testing/browser";
import { useTestDatabase } from "@ssgbay/database/testing/vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { enforceNginxCsp, productPhoto } from "./support/browser.js";
import { see } from "./support/see.js";
import { type Stack, startStack } from "./support/stack.js";

// Issue 17's listings and small defects in Chromium, against the real API and database.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 240_000 });

const database = useTestDatabase();
let stack: Stack;
let browser: Browser;
const cspViolations: string[] = [];

interface Visitor {
  context: BrowserContext;
  page: Page;
  /** Console errors and failed requests (status ≥ 400) of the page. */
  errors: string[];
  apiCalls: string[];
  /** Paths of the scripts the page fetched. */
  scripts: string[];
}

async function visit(
  options: { locale?: string; timezoneId?: string; width?: number } = {},
): Promise<Visitor> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: options.locale ?? "ko-KR",
    timezoneId: options.timezoneId ?? "Asia/Seoul",
  });
  const page = await context.newPage();
  await enforceNginxCsp(page, cspViolations);
  const errors: string[] = [];
  const apiCalls: string[] = [];
  const scripts: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith("/api/")) apiCalls.push(url.pathname);
    if (response.request().resourceType() === "script") scripts.push(url.pathname);
    if (response.status() >= 400) errors.push(`${response.status()} ${url.pathname}`);
  });
  return { context, page, errors, apiCalls, scripts };
}

async function signUp(page: Page, username: string, nickname: string) {
  await page.goto(`${stack.baseUrl}/signup`);
  await page.getByLabel(/^(아이디|Username)$/).fill(username);
  await page.getByLabel(/^(비밀번호|Password)$/).fill("listing-pass-1");
  await page.getByLabel(/^(비밀번호 확인|Confirm password)$/).fill("listing-pass-1");
  await page.getByLabel(/^(닉네임|Nickname)$/).fill(nickname);
  await page.getByLabel(/^(휴대폰 번호|Mobile number)$/).fill("010-2222-3333");
  await page.getByRole("button", { name: /^(가입하기|Create account)$/ }).click();
  await see(page.getByTestId("greeting")).toContainText(nickname);
}

beforeAll(async () => {
  stack = await startStack(database.url);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

let seller: Visitor;
let itemUrl = "";

describe("richer listings in Chromium", () => {
  it("lets a guest browse without a failing request, and answers unknown paths with 404", async () => {
    const guest = await visit();
    await guest.page.goto(stack.baseUrl);
    await see(guest.page.getByRole("heading", { level: 1 })).toHaveText("지금 진행 중인 경매");
    // A click, not check(): the radio is controlled by the URL, so its state follows a re-render.
    await guest.page.getByRole("radio", { name: "종료" }).click({ force: true });
    await see(guest.page.getByRole("heading", { level: 1 })).toHaveText("종료된 경매");
    expect(guest.apiCalls).not.toContain("/api/auth/me");
    expect(guest.errors).toEqual([]);
    // the visitor's language only: the English strings are never fetched for a Korean browser
    expect(guest.scripts.filter((path) => /\/assets\/ko-/.test(path))).toHaveLength(1);
    expect(guest.scripts.filter((path) => /\/assets\/en-/.test(path))).toEqual([]);

    const missing = await guest.page.goto(`${stack.baseUrl}/no/such/page`);
    expect(missing?.status()).toBe(404);
    await see(guest.page.getByRole("heading", { level: 1 })).toHaveText("페이지를 찾을 수 없어요");
    await guest.context.close();
  });

  it("speaks English to an en-US browser", async () => {
    const visitor = await visit({ locale: "en-US", timezoneId: "America/New_York" });
    await visitor.page.goto(stack.baseUrl);
    await see(visitor.page.getByRole("heading", { level: 1 })).toHaveText("Live auctions");
    await see(visitor.page.locator("html")).toHaveAttribute("lang", "en");
    // nor the pages' Korean strings for an English one (the frame's, ko.shell, are in the entry)
    expect(visitor.scripts.filter((path) => /\/assets\/en-/.test(path))).toHaveLength(1);
    expect(visitor.scripts.filter((path) => /\/assets\/ko-/.test(path))).toEqual([]);
    await visitor.context.close();
  });

  it("lists an item with three photos in the chosen order, category, condition, meet-up and buy-now", async () => {
    seller = await visit();
    await signUp(seller.page, "listing_seller", "사진많은판매자");
    const { page } = seller;
    await page.goto(`${stack.baseUrl}/sell`);
    // an empty submit puts the keyboard on the first problem
    await page.getByRole("button", { name: "경매 등록" }).click();
    await see(page.getByLabel("사진")).toBeFocused();

    await page.getByLabel("제목").fill("미러리스 카메라 풀세트");
    await page.getByLabel("설명").fill("렌즈 두 개, 배터리 세 개 포함.");
    await page.getByLabel("시작가 (원)").fill("300000");
    const photos = await Promise.all(
      ["앞", "옆", "뒤"].map(async (label, index) => ({
        name: `${index}.png`,
        mimeType: "image/png",
        buffer: await productPhoto(browser, label, 40 + index * 90),
      })),
    );
    await page.getByLabel("사진").setInputFiles(photos);
    await see(page.getByTestId("photo")).toHaveCount(3);
    await page.getByRole("button", { name: "3번째 사진을 앞으로" }).click();
    await page.getByRole("button", { name: "2번째 사진을 앞으로" }).click();
    await page.getByLabel("카테고리").selectOption({ label: "카메라" });
    await page.getByLabel("상품 상태").selectOption({ label: "거의 새것" });
    await page.getByRole("radio", { name: "직거래·택배" }).check();
    await page.getByLabel("직거래 장소").fill("서울 마포구 합정역");
    await page.getByLabel("즉시 구매가 (원, 선택)").fill("450000");
    await page.getByRole("button", { name: "경매 등록" }).click();
    await page.waitForURL(/\/items\/\d+$/);
    itemUrl = page.url();

    await see(page.getByRole("heading", { level: 1 })).toHaveText("미러리스 카메라 풀세트");
    const facts = page.getByTestId("listing-facts");
    for (const text of ["카메라", "거의 새것", "직거래·택배", "서울 마포구 합정역", "450,000원"])
      await see(facts).toContainText(text);
    await see(page.getByRole("button", { name: /번째 사진 보기$/ })).toHaveCount(3);
    // the end time in the viewer's zone, named
    await see(page.getByTestId("ends-at")).toContainText("KST");
    const cover = await page.getByTestId("gallery-main").getAttribute("src");
    await page.getByRole("button", { name: "2번째 사진 보기" }).click();
    expect(await page.getByTestId("gallery-main").getAttribute("src")).not.toBe(cover);
    expect(seller.errors).toEqual([]);
  });

  it("lets the seller change the photo order and the cover before the first bid, by keyboard", async () => {
    const { page } = seller;
    const itemApi = itemUrl.replace("/items/", "/api/items/");
    const before = (await (await page.request.get(itemApi)).json()).item.images as string[];
    expect(before).toHaveLength(3);
    await page.getByRole("button", { name: "사진 순서 바꾸기" }).click();
    const editor = page.getByTestId("photo-order");
    await see(editor.getByTestId("photo")).toHaveCount(3);
    await editor.getByRole("button", { name: "3번째 사진을 앞으로" }).press("Enter");
    await editor.getByRole("button", { name: "2번째 사진을 앞으로" }).press("Enter");
    await editor.getByRole("button", { name: "순서 저장" }).press("Enter");
    await see(editor).toHaveCount(0);
    const after = [before[2], before[0], before[1]];
    await see(page.getByTestId("gallery-main")).toHaveAttribute("src", after[0] ?? "");
    expect((await (await page.request.get(itemApi)).json()).item.images).toEqual(after);
    // the home card shows the new cover
    await page.goto(stack.baseUrl);
    await see(page.getByRole("article").getByRole("img")).toHaveAttribute("src", after[0] ?? "");
    await page.goto(itemUrl);
    expect(seller.errors).toEqual([]);
  });

  it("filters home by category in the URL", async () => {
    const { page } = seller;
    await page.goto(stack.baseUrl);
    await page.getByLabel("카테고리").selectOption({ label: "카메라" });
    await page.waitForURL(/[?&]category=camera/);
    await see(page.getByRole("article")).toHaveCount(1);
    await see(page.getByRole("article")).toContainText("미러리스 카메라 풀세트");
    await page.goto(`${stack.baseUrl}/?category=books`);
    await see(page.getByText("조건에 맞는 경매가 없어요.")).toBeVisible();
  });

  it("offers a guest the ♡ on home cards as a way to log in and come back", async () => {
    const guest = await visit();
    await guest.page.goto(stack.baseUrl);
    await guest.page
      .getByRole("link", { name: "로그인하고 ‘미러리스 카메라 풀세트’ 관심 상품에 추가" })
      .click();
    await guest.page.waitForURL(/\/login\?next=%2F$/);
    await see(guest.page.getByRole("heading", { level: 1 })).toHaveText("로그인");
    expect(guest.errors).toEqual([]);
    await guest.context.close();
  });

  it("lets an English-speaking buyer watch the item, find it on My page, and buy it now", async () => {
    const buyer = await visit({ locale: "en-US", timezoneId: "America/New_York", width: 390 });
    await signUp(buyer.page, "listing_buyer", "Buyer Park");
    const { page } = buyer;
    // ♡ on the home card, without leaving the grid
    await page.goto(stack.baseUrl);
    const heart = page.getByRole("button", { name: "Watch ‘미러리스 카메라 풀세트’" });
    await see(heart).toHaveAttribute("aria-pressed", "false");
    await heart.click();
    await see(heart).toHaveAttribute("aria-pressed", "true");
    await page.goto(itemUrl);
    await see(page.getByTestId("ends-at")).toContainText("EST");
    await see(page.getByRole("button", { name: /Remove from watchlist/ })).toContainText(
      "1 watching",
    );
    // and the item page's button takes it off and puts it back
    await page.getByRole("button", { name: /Remove from watchlist/ }).click();
    await see(page.getByRole("button", { name: /Add to watchlist/ })).toContainText("0 watching");
    await page.getByRole("button", { name: /Add to watchlist/ }).click();
    await see(page.getByRole("button", { name: /Remove from watchlist/ })).toContainText(
      "1 watching",
    );
    await page.goto(stack.baseUrl);
    await see(heart).toHaveAttribute("aria-pressed", "true");
    await page.goto(`${stack.baseUrl}/me?tab=watchlist`);
    await see(page.getByRole("tab", { name: "Watchlist" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    await see(page.getByRole("article")).toContainText("미러리스 카메라 풀세트");

    await seller.page.goto(itemUrl);
    await see(seller.page.getByText("실시간 연결됨")).toBeVisible();
    await page.goto(itemUrl);
    await page.getByRole("button", { name: "Buy now for ₩450,000" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Buy it now for ₩450,000?" });
    await see(dialog).toContainText("Buy it now for ₩450,000?");
    await dialog.getByRole("button", { name: "Buy" }).click();
    // The buyer sees the sale in the first person (the after-sale panel).
    await see(page.getByTestId("sale-headline")).toHaveText("You won! ₩450,000");
    await see(page.getByTestId("current-price")).toHaveText("₩450,000");
    await page.goto(`${stack.baseUrl}/me?tab=purchases`);
    await see(page.getByTestId("purchase")).toContainText("₩450,000");
    expect(buyer.errors).toEqual([]);
    await buyer.context.close();

    // the seller's open page hears about it live, in the first person
    await see(seller.page.getByTestId("sale-headline")).toHaveText(
      "판매됐어요 — 구매자 Buyer Park님, 450,000원",
    );
  });

  it("shows a seller's public profile with their listings", async () => {
    const { page } = seller;
    await page.goto(itemUrl);
    await page.getByRole("link", { name: "사진많은판매자님의 다른 물건 보기" }).click();
    await page.waitForURL(/\/users\/\d+$/);
    await see(page.getByRole("heading", { level: 1 })).toHaveText("사진많은판매자님의 프로필");
    await see(page.getByRole("article")).toContainText("미러리스 카메라 풀세트");
    await see(page.getByRole("article")).toContainText("낙찰가");
    await see(page.getByTestId("ratings")).toContainText("아직 받은 후기가 없어요.");
    await see(page.getByTestId("profile-identity")).toContainText("@listing_seller");
    await seller.context.close();
    expect(cspViolations).toEqual([]);
  });
});
