import type { Browser, BrowserContext, Page } from "playwright-core";
import { enforceNginxCsp } from "./browser.js";
import { see } from "./see.js";

/** Someone who signs up through the web app's form. */
export interface Person {
  username: string;
  password: string;
  nickname: string;
  phone: string;
}

/** Where a test file collects what no page may raise: CSP violations and uncaught errors. */
export interface PageProblems {
  cspViolations: string[];
  pageErrors: string[];
}

/** A Korean browser in Seoul's time zone, `width` px wide, under nginx's CSP. */
export async function newKoreanPage(
  browser: Browser,
  problems: PageProblems,
  width = 1280,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    locale: "ko-KR",
    timezoneId: "Asia/Seoul",
  });
  const page = await context.newPage();
  await enforceNginxCsp(page, problems.cspViolations);
  page.on("pageerror", (error) => problems.pageErrors.push(error.message));
  return { context, page };
}

/** Signs `person` up on the Korean signup page and waits for the header's greeting. */
export async function signUpInKorean(page: Page, baseUrl: string, person: Person): Promise<void> {
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel("아이디").fill(person.username);
  await page.getByLabel("비밀번호", { exact: true }).fill(person.password);
  await page.getByLabel("비밀번호 확인").fill(person.password);
  await page.getByLabel("닉네임").fill(person.nickname);
  await page.getByLabel("휴대폰 번호").fill(person.phone);
  await page.getByRole("button", { name: "가입하기" }).click();
  await see(page.getByTestId("greeting")).toHaveText(`${person.nickname}님`);
}
