import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { settleEndedAuctions } from "@ssgbay/app-settler";
import { launchChromium } from "@ssgbay/database/testing/browser";
import { useTestDatabase } from "@ssgbay/database/testing/vitest";
import type { RowDataPacket } from "mysql2/promise";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { productPhoto } from "./support/browser.js";
import { newKoreanPage, type Person, signUpInKorean } from "./support/people.js";
import { see } from "./support/see.js";
import { type Stack, startStack } from "./support/stack.js";

// The timeouts these tests had in the app-web project: many steps per test on a shared 2-core
// CI machine.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 240_000 });

const screenshotDir = join(import.meta.dirname, "../test-output/screenshots");
const database = useTestDatabase();

let stack: Stack;
let browser: Browser;
const cspViolations: string[] = [];
const pageErrors: string[] = [];

const seller: Person = {
  username: "seller_kim",
  password: "sell-it-now-1",
  nickname: "김판매",
  phone: "010-1111-2222",
};
const bidder: Person = {
  username: "bidder_lee",
  password: "bid-it-now-1",
  nickname: "이입찰",
  phone: "01033334444",
};
let itemUrl = "";
let sellerContext: BrowserContext;
let sellerPage: Page;
let bidderContext: BrowserContext;
let bidderPage: Page;

const newPage = (width = 1280) => newKoreanPage(browser, { cspViolations, pageErrors }, width);
const signUp = (page: Page, person: Person) => signUpInKorean(page, stack.baseUrl, person);

async function listItem(
  page: Page,
  title: string,
  startPrice: number,
  hue: number,
): Promise<string> {
  await page.goto(`${stack.baseUrl}/sell`);
  await page.getByLabel("제목").fill(title);
  await page.getByLabel("설명").fill(`${title} 팝니다.\n상태 좋아요. 직거래 환영.`);
  await page.getByLabel("시작가 (원)").fill(String(startPrice));
  await page.getByLabel("사진").setInputFiles({
    name: "photo.png",
    mimeType: "image/png",
    buffer: await productPhoto(browser, title, hue),
  });
  await see(page.getByAltText("1번째 사진")).toBeVisible();
  await page.getByRole("button", { name: "경매 등록" }).click();
  await page.waitForURL(/\/items\/\d+$/);
  await see(page.getByRole("heading", { level: 1 })).toHaveText(title);
  return page.url();
}

beforeAll(async () => {
  stack = await startStack(database.url);
  browser = await launchChromium();
  mkdirSync(screenshotDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe("SSGBay in Chromium against the real API and database", () => {
  it("signs up a seller", async () => {
    ({ context: sellerContext, page: sellerPage } = await newPage());
    await signUp(sellerPage, seller);
    const cookies = await sellerContext.cookies();
    expect(cookies.length).toBeGreaterThan(0);
    // every cookie is HttpOnly but the secret-free session hint (contract: sessionHintCookie)
    const readable = cookies.filter((cookie) => !cookie.httpOnly);
    expect(readable.map(({ name, value }) => ({ name, value }))).toEqual([
      { name: "ssgbay_session", value: "1" },
    ]);
    const stored = await sellerPage.evaluate(() => ({ ...localStorage, ...sessionStorage }));
    expect(Object.keys(stored).filter((key) => key !== "ssgbay.language")).toEqual([]);
  });

  it("lists an item with an image", async () => {
    itemUrl = await listItem(sellerPage, "산악자전거 팝니다", 150_000, 200);
    const image = sellerPage.getByAltText("산악자전거 팝니다 사진");
    await see(image).toBeVisible();
    expect(await image.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBe(800);
    await see(sellerPage.getByTestId("current-price")).toHaveText("150,000원");
    expect(await sellerPage.title()).toBe("산악자전거 팝니다 · 쓱Bay");
  });

  it("shows the owner no bid form", async () => {
    await see(
      sellerPage.getByText("내가 올린 물건이에요. 내 물건에는 입찰할 수 없어요."),
    ).toBeVisible();
    await see(sellerPage.getByLabel("입찰 금액 (원)")).toHaveCount(0);
    await see(sellerPage.getByRole("button", { name: "입찰하기" })).toHaveCount(0);
  });

  it("updates the seller's open page live when a second user bids", async () => {
    await see(sellerPage.getByText("실시간 연결됨")).toBeVisible();
    await sellerPage.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });

    ({ context: bidderContext, page: bidderPage } = await newPage(390));
    await signUp(bidderPage, bidder);
    await bidderPage.goto(itemUrl);
    await see(bidderPage.getByTestId("min-next-bid")).toHaveText("150,000원");
    await bidderPage.getByLabel("입찰 금액 (원)").fill("150000");
    await bidderPage.getByRole("button", { name: "입찰하기" }).click();
    await bidderPage.getByRole("button", { name: "입찰 확정" }).click();
    await see(bidderPage.getByText("150,000원에 입찰했어요.", { exact: false })).toBeVisible();
    await see(bidderPage.getByTestId("min-next-bid")).toHaveText("151,500원");

    await see(sellerPage.getByTestId("bid-count")).toHaveText("1");
    await see(sellerPage.getByTestId("current-price")).toHaveText("150,000원");
    await bidderPage.getByLabel("입찰 금액 (원)").fill("160000");
    await bidderPage.getByRole("button", { name: "입찰하기" }).click();
    await bidderPage.getByRole("button", { name: "입찰 확정" }).click();
    await see(sellerPage.getByTestId("current-price")).toHaveText("160,000원");
    await see(sellerPage.getByTestId("bid-count")).toHaveText("2");
    await see(sellerPage.getByTestId("bid-history").getByRole("listitem")).toHaveCount(2);
    expect(
      await sellerPage.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).toBe(true);
    await see(sellerPage.getByText("입찰이 있는 경매는 삭제할 수 없어요.")).toBeVisible();
  });

  it("reconnects the live stream after the connection drops", async () => {
    await see(sellerPage.getByText("실시간 연결됨")).toBeVisible();
    stack.dropConnections();
    await see(sellerPage.getByText("실시간 연결을 다시 시도하는 중…")).toBeVisible();
    await see(sellerPage.getByText("실시간 연결됨")).toBeVisible();
    await bidderPage.getByLabel("입찰 금액 (원)").fill("170000");
    await bidderPage.getByRole("button", { name: "입찰하기" }).click();
    await bidderPage.getByRole("button", { name: "입찰 확정" }).click();
    await see(sellerPage.getByTestId("current-price")).toHaveText("170,000원");
    await see(sellerPage.getByTestId("bid-count")).toHaveText("3");
    expect(
      await sellerPage.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).toBe(true);
  });

  it("asks for confirmation before deleting a listing", async () => {
    const doomedUrl = await listItem(sellerPage, "필름 카메라", 30_000, 20);
    await sellerPage.getByRole("button", { name: "경매 삭제" }).click();
    const dialog = sellerPage.getByRole("alertdialog", { name: "이 경매를 삭제할까요?" });
    await see(dialog).toBeVisible();
    await see(dialog.getByRole("button", { name: "취소" })).toBeFocused();
    await sellerPage.screenshot({ path: join(screenshotDir, "item-delete-dialog-1280.png") });
    await sellerPage.keyboard.press("Escape");
    await see(dialog).toHaveCount(0);
    await see(sellerPage.getByRole("heading", { level: 1 })).toHaveText("필름 카메라");

    await sellerPage.getByRole("button", { name: "경매 삭제" }).click();
    await dialog.getByRole("button", { name: "삭제" }).click();
    await sellerPage.waitForURL(/\/me$/);
    await see(sellerPage.getByText("경매를 삭제했어요.")).toBeVisible();
    const id = doomedUrl.split("/").pop();
    const gone = await sellerContext.request.get(`${stack.baseUrl}/api/items/${id}`);
    expect(gone.status()).toBe(404);
  });

  it("shows the winner the item under purchases once the auction ends and the settler runs", async () => {
    await sellerPage.goto(itemUrl);
    await see(sellerPage.getByText("실시간 연결됨")).toBeVisible();
    const itemId = Number(itemUrl.split("/").pop());
    // the API refuses end times under a minute away, so the test moves this one into the past
    await stack.pool.query(
      "UPDATE items SET starts_at = NOW(3) - INTERVAL 10 MINUTE, ends_at = NOW(3) - INTERVAL 1 SECOND WHERE id = ?",
      [itemId],
    );
    const counts = await settleEndedAuctions(stack.pool, { batchSize: 10 });
    expect(counts).toMatchObject({ settled: 1, sold: 1, unsold: 0 });
    const [rows] = await stack.pool.query<RowDataPacket[]>(
      "SELECT status, final_price FROM items WHERE id = ?",
      [itemId],
    );
    expect(rows[0]).toMatchObject({ status: "sold", final_price: 170_000 });

    // the seller's page hears the close over SSE, and says it in the first person
    await see(sellerPage.getByTestId("sale-headline")).toHaveText(
      "판매됐어요 — 구매자 이입찰님, 170,000원",
    );

    await bidderPage.goto(`${stack.baseUrl}/me?tab=purchases`);
    await see(bidderPage.getByRole("tab", { name: "구매 내역" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    const purchase = bidderPage.getByRole("article").filter({ hasText: "산악자전거 팝니다" });
    await see(purchase).toBeVisible();
    await see(purchase.getByTestId("purchase")).toContainText("낙찰가 170,000원");
  });

  it("shows a soft-close extension live when a bid lands in the last minute", async () => {
    const url = await listItem(sellerPage, "블루투스 스피커", 40_000, 170);
    const itemId = Number(url.split("/").pop());
    await stack.pool.query("UPDATE items SET ends_at = NOW(3) + INTERVAL 30 SECOND WHERE id = ?", [
      itemId,
    ]);
    await sellerPage.reload();
    await see(sellerPage.getByText("실시간 연결됨")).toBeVisible();
    const endsBefore = await sellerPage.getByTestId("countdown").getAttribute("datetime");

    await bidderPage.goto(url);
    await bidderPage.getByLabel("입찰 금액 (원)").fill("40000");
    await bidderPage.getByRole("button", { name: "입찰하기" }).click();
    await bidderPage.getByRole("button", { name: "입찰 확정" }).click();

    await see(sellerPage.getByText("마감 직전 입찰로 마감 시간이", { exact: false })).toBeVisible();
    const endsAfter = await sellerPage.getByTestId("countdown").getAttribute("datetime");
    expect(Date.parse(endsAfter ?? "")).toBeGreaterThan(Date.parse(endsBefore ?? ""));
    await sellerPage.screenshot({ path: join(screenshotDir, "item-extended-1280.png") });
  });

  it("logs in with the keyboard alone", async () => {
    const { context, page } = await newPage();
    await page.goto(stack.baseUrl);
    await see(page.getByRole("link", { name: "로그인" })).toBeVisible();
    const focusedText = () =>
      page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
    for (let presses = 0; presses < 20 && (await focusedText()) !== "로그인"; presses++) {
      await page.keyboard.press("Tab");
    }
    expect(await focusedText()).toBe("로그인");
    const outline = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement as Element);
      return `${style.outlineStyle} ${style.outlineWidth}`;
    });
    expect(outline).toBe("solid 3px");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/login$/);
    for (let presses = 0; presses < 30; presses++) {
      await page.keyboard.press("Tab");
      if (await page.getByLabel("아이디").evaluate((element) => element === document.activeElement))
        break;
    }
    await see(page.getByLabel("아이디")).toBeFocused();
    await page.keyboard.type(bidder.username);
    await page.keyboard.press("Tab");
    await see(page.getByLabel("비밀번호")).toBeFocused();
    await page.keyboard.type(bidder.password);
    await page.keyboard.press("Enter");
    await see(page.getByTestId("greeting")).toHaveText(`${bidder.nickname}님`);
    await context.close();
  });

  it("sends visitors to log in and back from pages that need an account", async () => {
    const { context, page } = await newPage();
    await page.goto(`${stack.baseUrl}/me?tab=bids`);
    await page.waitForURL(/\/login\?next=/);
    await see(page.getByText("로그인이 필요한 페이지예요.")).toBeVisible();
    await page.getByLabel("아이디").fill(bidder.username);
    await page.getByLabel("비밀번호").fill(bidder.password);
    await page.getByRole("button", { name: "로그인" }).click();
    await page.waitForURL(/\/me\?tab=bids$/);
    await see(page.getByRole("article").filter({ hasText: "산악자전거 팝니다" })).toContainText(
      "낙찰 성공",
    );
    await context.close();
  });

  it("switches between Korean and English and remembers the choice", async () => {
    const { context, page } = await newPage();
    await page.goto(stack.baseUrl);
    await see(page.getByRole("heading", { level: 1 })).toHaveText("지금 진행 중인 경매");
    await see(page.locator("html")).toHaveAttribute("lang", "ko");
    await expect.poll(() => page.title()).toBe("쓱Bay · 이웃과 함께하는 경매 장터");
    await page.getByRole("button", { name: "Switch to English" }).click();
    await see(page.getByRole("heading", { level: 1 })).toHaveText("Live auctions");
    await see(page.locator("html")).toHaveAttribute("lang", "en");
    await expect.poll(() => page.title()).toBe("SSGBay · The neighbourhood auction market");
    await see(page.getByRole("link", { name: "Log in" })).toBeVisible();
    await page.reload();
    await see(page.getByRole("heading", { level: 1 })).toHaveText("Live auctions");
    await page.getByRole("button", { name: "한국어로 보기" }).click();
    await see(page.getByRole("heading", { level: 1 })).toHaveText("지금 진행 중인 경매");
    await context.close();
  });

  it("renders every page at 390 px and 1280 px for screenshots", async () => {
    const openUrl = await listItem(sellerPage, "원목 책상 (거의 새것)", 80_000, 30);
    await listItem(sellerPage, "닌텐도 스위치 OLED", 250_000, 280);
    await listItem(sellerPage, "캠핑 의자 2개 세트", 20_000, 120);
    await bidderPage.goto(openUrl);
    await bidderPage.getByLabel("입찰 금액 (원)").fill("85000");
    await bidderPage.getByRole("button", { name: "입찰하기" }).click();
    await bidderPage.getByRole("button", { name: "입찰 확정" }).click();
    await see(bidderPage.getByTestId("bid-count")).toHaveText("1");

    const pages: {
      name: string;
      path: string;
      as: "visitor" | "seller" | "bidder";
      ready: (page: Page) => Promise<void>;
    }[] = [
      {
        name: "home",
        path: "/",
        as: "visitor",
        ready: (p) => see(p.getByRole("article").first()).toBeVisible(),
      },
      {
        name: "home-closed",
        path: "/?status=closed",
        as: "visitor",
        ready: (p) => see(p.getByRole("article").first()).toBeVisible(),
      },
      {
        name: "search-empty",
        path: "/?q=없는물건",
        as: "visitor",
        ready: (p) => see(p.getByText("조건에 맞는 경매가 없어요.")).toBeVisible(),
      },
      {
        name: "item-open",
        path: new URL(openUrl).pathname,
        as: "bidder",
        ready: (p) => see(p.getByTestId("bid-history")).toBeVisible(),
      },
      {
        name: "item-sold",
        path: new URL(itemUrl).pathname,
        as: "visitor",
        ready: (p) => see(p.getByText("이입찰님이 170,000원에 낙찰받았어요.")).toBeVisible(),
      },
      {
        name: "sell",
        path: "/sell",
        as: "seller",
        ready: (p) => see(p.getByLabel("제목")).toBeVisible(),
      },
      {
        name: "login",
        path: "/login",
        as: "visitor",
        ready: (p) => see(p.getByLabel("아이디")).toBeVisible(),
      },
      {
        name: "signup",
        path: "/signup",
        as: "visitor",
        ready: (p) => see(p.getByLabel("닉네임")).toBeVisible(),
      },
      {
        name: "my-listings",
        path: "/me",
        as: "seller",
        ready: (p) => see(p.getByRole("article").first()).toBeVisible(),
      },
      {
        name: "my-bids",
        path: "/me?tab=bids",
        as: "bidder",
        ready: (p) => see(p.getByText("최고 입찰 중").first()).toBeVisible(),
      },
      {
        name: "my-purchases",
        path: "/me?tab=purchases",
        as: "bidder",
        ready: (p) => see(p.getByTestId("purchase").first()).toBeVisible(),
      },
      {
        name: "not-found",
        path: "/no/such/page",
        as: "visitor",
        ready: (p) => see(p.getByText("페이지를 찾을 수 없어요")).toBeVisible(),
      },
    ];
    for (const width of [390, 1280]) {
      const viewers = {
        visitor: await newPage(width),
        seller: await newPage(width),
        bidder: await newPage(width),
      };
      await viewers.seller.context.addCookies(await sellerContext.cookies());
      await viewers.bidder.context.addCookies(await bidderContext.cookies());
      for (const entry of pages) {
        const { page } = viewers[entry.as];
        await page.goto(`${stack.baseUrl}${entry.path}`);
        await entry.ready(page);
        await page.evaluate(() => document.fonts.ready);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - window.innerWidth,
        );
        expect(overflow, `${entry.name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
        await page.screenshot({
          path: join(screenshotDir, `${entry.name}-${width}.png`),
          fullPage: true,
        });
      }
      for (const viewer of Object.values(viewers)) await viewer.context.close();
    }
  });

  it("ran without CSP violations or page errors", () => {
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
