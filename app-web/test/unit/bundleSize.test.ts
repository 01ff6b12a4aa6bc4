import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
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

  it("names few files for a first visit of /, all in index.html (HTTP/1.1 keeps 6 in flight)", () => {
    const html = readFileSync(join(outDir, "index.html"), "utf8");
    const named = new Set(
      [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]),
    );
    const initial = measureInitialJs(outDir).initial.map((chunk) => chunk.file);
    expect([...named].sort()).toEqual([...new Set(initial)].sort());
    expect(named.size).toBeLessThanOrEqual(6);
    // the boot script runs first: it starts the home page's chunk and strings
    expect(html.indexOf("/assets/boot-")).toBeLessThan(html.indexOf("/assets/index-"));

    // the home page is one chunk beyond the first download (behind the page's tiny facade)
    const manifest = z
      .record(z.string(), z.object({ file: z.string(), imports: z.array(z.string()).optional() }))
      .parse(JSON.parse(readFileSync(join(outDir, ".vite/manifest.json"), "utf8")));
    const beyondInitial = (key: string, seen = new Set<string>()): Set<string> => {
      const chunk = manifest[key];
      if (!chunk || seen.has(key) || initial.includes(chunk.file)) return seen;
      seen.add(key);
      for (const imported of chunk.imports ?? []) beyondInitial(imported, seen);
      return seen;
    };
    const home = [...beyondInitial("src/pages/HomePage.tsx")].map((key) => manifest[key]?.file);
    expect(home).toHaveLength(2);
    expect(home.filter((file) => /^assets\/home-/.test(file ?? ""))).toHaveLength(1);
  });
});
