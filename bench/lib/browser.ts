import { existsSync } from "node:fs";
import { chromiumExecutable, launchChromium } from "@ssgbay/database/testing/browser";
import type { Browser } from "playwright-core";
import { NotMeasured } from "./results.js";

/** The test kit's Chromium; a run without it reports the web benchmark as not measured. */
export async function launchBenchChromium(): Promise<Browser> {
  if (!existsSync(chromiumExecutable))
    throw new NotMeasured(`${chromiumExecutable} is not installed`);
  return await launchChromium();
}
