import { type Browser, chromium } from "playwright-core";

/** The browser the tests and the bench drive: Debian's Chromium unless CHROMIUM_PATH says. */
export const chromiumExecutable = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** That Chromium, headless, with nothing that phones home; never a downloaded browser. */
export async function launchChromium(): Promise<Browser> {
  return await chromium.launch({
    executablePath: chromiumExecutable,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
