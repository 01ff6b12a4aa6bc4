import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildWebApp } from "../../scripts/build-web-app";
import { initialJsBudgetBytes, measureInitialJs } from "../../scripts/size";

const outDir = mkdtempSync(join(tmpdir(), "ssgbay-web-size-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("bundle budget", () => {
  it("keeps the JavaScript of a first visit within 100 KB gzip, pages split into chunks", async () => {
    await buildWebApp(outDir);
    const report = measureInitialJs(outDir);
    expect(report.initialGzipBytes).toBeGreaterThan(0);
    expect(report.initialGzipBytes).toBeLessThanOrEqual(initialJsBudgetBytes);
    const lazyFiles = report.lazy.map((chunk) => chunk.file).join(" ");
    for (const page of [
      "HomePage",
      "ItemPage",
      "SellPage",
      "MyPage",
      "LoginPage",
      "SignupPage",
      "NotificationsPage",
      "NotificationBell",
      "UserPage",
      "en",
      "ko", // the pages' Korean strings; the frame's (ko.shell) are in the first download
    ]) {
      expect(lazyFiles).toMatch(new RegExp(`assets/${page}-`));
    }
  });
});
