import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { nginxDir } from "./nginx.js";

/** The Content-Security-Policy the nginx image sends, read from its config. */
export function nginxContentSecurityPolicy(): string {
  const conf = readFileSync(join(nginxDir, "security-headers.conf"), "utf8");
  const match = /add_header Content-Security-Policy "([^"]+)"/.exec(conf);
  if (!match?.[1]) throw new Error("security-headers.conf has no Content-Security-Policy");
  return match[1];
}

/**
 * Serves every document with the nginx image's CSP instead of the API's, and records each
 * violation, so the test proves the app works under the policy it ships with.
 */
export async function enforceNginxCsp(page: Page, violations: string[]): Promise<void> {
  const policy = nginxContentSecurityPolicy();
  await page.route(
    (url) => !url.pathname.startsWith("/api/") && !url.pathname.startsWith("/assets/"),
    async (route) => {
      try {
        const response = await route.fetch();
        await route.fulfill({
          response,
          headers: { ...response.headers(), "content-security-policy": policy },
        });
      } catch (error) {
        // a navigation still in flight when the test closes its browser context
        if (page.isClosed() || /disposed|closed/i.test(String(error))) return;
        throw error;
      }
    },
  );
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy|CSP violation/i.test(message.text()))
      violations.push(message.text());
  });
}

/** A real product photo for the upload: a rendered card, screenshotted by Chromium as PNG. */
export async function productPhoto(browser: Browser, label: string, hue: number): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  try {
    await page.setContent(
      `<body style="margin:0;display:flex;align-items:center;justify-content:center;height:600px;
        background:linear-gradient(135deg,hsl(${hue} 70% 55%),hsl(${hue + 40} 70% 35%));
        font:700 64px sans-serif;color:white">${label}</body>`,
    );
    return await page.screenshot({ type: "png" });
  } finally {
    await page.close();
  }
}
