import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { NotMeasured } from "./results.js";

const CHROMIUM = "/usr/bin/chromium";

/** The system Chromium, headless, with nothing that talks to the network on its own. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new NotMeasured(`${CHROMIUM} is not installed`);
  return await chromium.launch({
    executablePath: CHROMIUM,
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
