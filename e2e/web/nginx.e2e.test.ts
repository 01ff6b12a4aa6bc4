import { type WebPage, webPages, webPath } from "@ssgbay/contract";
import { solidPng } from "@ssgbay/database/testing";
import { useTestDatabase } from "@ssgbay/database/testing/vitest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningNginx, startNginx } from "./support/nginx.js";
import { type Stack, startStack } from "./support/stack.js";

// The timeouts these tests had in the app-web project.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 240_000 });

const database = useTestDatabase();
let stack: Stack;
let nginx: RunningNginx;

beforeAll(async () => {
  stack = await startStack(database.url);
  nginx = await startNginx(stack.webDist, stack.baseUrl);
});

afterAll(async () => {
  await nginx?.stop();
  await stack?.close();
});

/** The app's code chunk that index.html names (the entry script itself is under gzip_min_length). */
async function assetPath(): Promise<string> {
  const html = await (await fetch(`${nginx.baseUrl}/`)).text();
  const match = /(?:src|href)="(\/assets\/app-[^"]+\.js)"/.exec(html);
  if (!match?.[1]) throw new Error("index.html names no app chunk");
  return match[1];
}

describe("the web image's nginx config (Debian nginx, real API behind it)", () => {
  it("answers /healthz itself", async () => {
    const response = await fetch(`${nginx.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok\n");
  });

  it("answers the app's pages with index.html, never cached, with security headers; 404 elsewhere", async () => {
    const pages = Object.keys(webPages).map((page) => webPath(page as WebPage, { id: 123 }));
    const notPages = ["/no/such/page", "/items/abc", "/items/0", "/me/purchases", "/login/x"];
    const expected = [
      ...[...pages, "/me?tab=bids"].map((path) => ({ path, status: 200 })),
      ...notPages.map((path) => ({ path, status: 404 })),
    ];
    for (const { path, status } of expected) {
      const response = await fetch(`${nginx.baseUrl}${path}`);
      expect(response.status, path).toBe(status);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(response.headers.get("cache-control")).toBe("no-cache");
      expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(await response.text()).toContain('<div id="root"></div>');
    }
    const favicon = await fetch(`${nginx.baseUrl}/favicon.svg`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get("content-type")).toBe("image/svg+xml");
  });

  it("caches hashed assets for a year, gzips them, and 404s missing ones", async () => {
    const path = await assetPath();
    const response = await fetch(`${nginx.baseUrl}${path}`, {
      headers: { "accept-encoding": "gzip" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("content-encoding")).toBe("gzip");
    expect(response.headers.get("content-type")).toMatch(/javascript/);
    const missing = await fetch(`${nginx.baseUrl}/assets/index-missing.js`);
    expect(missing.status).toBe(404);
  });

  it("proxies /api/ to the API, uploads included", async () => {
    const signup = await fetch(`${nginx.baseUrl}/api/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        username: "nginx_user",
        password: "password-123",
        nickname: "프록시",
        phone: "010-5555-6666",
      }),
    });
    expect(signup.status).toBe(201);
    const { accessToken } = (await signup.json()) as { accessToken: string };
    const form = new FormData();
    form.set("title", "nginx 통과 물건");
    form.set("description", "");
    form.set("startPrice", "1000");
    form.set("endsAt", new Date(Date.now() + 3_600_000).toISOString());
    form.set(
      "image",
      new Blob([new Uint8Array(solidPng(40, 30, [200, 60, 30]))], { type: "image/png" }),
      "x.png",
    );
    const created = await fetch(`${nginx.baseUrl}/api/items`, {
      method: "POST",
      headers: { authorization: `Bearer ${accessToken}` },
      body: form,
    });
    expect(created.status).toBe(201);
    const { item } = (await created.json()) as { item: { id: number; imageUrl: string } };
    const image = await fetch(`${nginx.baseUrl}${item.imageUrl}`);
    expect(image.status).toBe(200);
    expect(image.headers.get("cache-control")).toContain("immutable");
    const missing = await fetch(`${nginx.baseUrl}/api/no-such-route`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("streams Server-Sent Events through without buffering", async () => {
    const signup = async (username: string) => {
      const response = await fetch(`${nginx.baseUrl}/api/auth/signup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          username,
          password: "password-123",
          nickname: username,
          phone: "01077778888",
        }),
      });
      return ((await response.json()) as { accessToken: string }).accessToken;
    };
    const seller = await signup("sse_seller");
    const bidder = await signup("sse_bidder");
    const form = new FormData();
    form.set("title", "실시간 물건");
    form.set("description", "");
    form.set("startPrice", "5000");
    form.set("endsAt", new Date(Date.now() + 3_600_000).toISOString());
    form.set(
      "image",
      new Blob([new Uint8Array(solidPng(20, 20, [0, 120, 200]))], { type: "image/png" }),
      "y.png",
    );
    const created = await fetch(`${nginx.baseUrl}/api/items`, {
      method: "POST",
      headers: { authorization: `Bearer ${seller}` },
      body: form,
    });
    const { item } = (await created.json()) as { item: { id: number } };

    const controller = new AbortController();
    const stream = await fetch(`${nginx.baseUrl}/api/items/${item.id}/events`, {
      signal: controller.signal,
    });
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = stream.body?.pipeThrough(new TextDecoderStream()).getReader();
    if (!reader) throw new Error("no body");
    let received = "";
    const readUntil = async (needle: string) => {
      while (!received.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}: ${received}`);
        received += value;
      }
    };
    const bid = await fetch(`${nginx.baseUrl}/api/items/${item.id}/bids`, {
      method: "POST",
      headers: { authorization: `Bearer ${bidder}`, "content-type": "application/json" },
      body: JSON.stringify({ amount: 5000 }),
    });
    expect(bid.status).toBe(201);
    // with proxy buffering on, this event would sit in nginx's buffer while the stream stays open
    await readUntil('"bidCount":1');
    expect(received).toContain("event: price");
    controller.abort();
  });
});
