import { X509Certificate } from "node:crypto";
import * as http from "node:http";
import * as https from "node:https";
import { connect as connectTls } from "node:tls";
import { routes } from "@ssgbay/contract";
import { useTestDatabase } from "@ssgbay/database/testing/vitest";
import { testCertificate } from "@ssgbay/infra/testing/test-certificate";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningNginx, startNginx } from "./support/nginx.js";
import { type Stack, startStack } from "./support/stack.js";

// The web image's nginx as the cluster's edge: TLS (ssgbay:tls) and the client's own address
// reaching the API's per-address limiter (externalTrafficPolicy Local + TRUST_PROXY).
vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

const AUTH_LIMIT = 3;
const database = useTestDatabase();
let stack: Stack;
let plain: RunningNginx;
let tls: RunningNginx;
let certificate: string;
let firstKey: string;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One request from a chosen loopback source address (all of 127/8 is loopback on Linux), over
 * HTTPS when the URL says so, trusting only the test certificate.
 */
function send(
  url: string,
  options: { from: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: options.method ?? "GET",
        headers: options.headers,
        localAddress: options.from,
        ca: certificate,
        agent: false,
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          body += chunk;
        });
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

/** A login with a wrong password: it counts against the auth limiter of its client address. */
function badLogin(baseUrl: string, from: string, headers: Record<string, string> = {}) {
  return send(`${baseUrl}${routes.login.path}`, {
    from,
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ username: "nobody_here", password: "wrong-password-1" }),
  });
}

async function statusesOf(attempts: number, attempt: () => Promise<Answer>): Promise<number[]> {
  const statuses: number[] = [];
  for (let index = 0; index < attempts; index++) statuses.push((await attempt()).status);
  return statuses;
}

beforeAll(async () => {
  stack = await startStack(database.url, {
    // nginx reaches the API from 127.0.0.1, inside a trusted range that also holds a client
    // (127.0.0.2), as the pod CIDR holds other pods and the tunnel addresses of SNATed traffic;
    // the other clients (127.0.0.4 and up) are outside it
    TRUST_PROXY: "127.0.0.0/30",
    AUTH_RATE_LIMIT_PER_MINUTE: String(AUTH_LIMIT),
  });
  const pair = testCertificate({ name: "ssgbay.test", altNames: ["IP:127.0.0.1"] });
  certificate = pair.certificate;
  firstKey = pair.key;
  plain = await startNginx(stack.webDist, stack.baseUrl);
  tls = await startNginx(stack.webDist, stack.baseUrl, { tls: pair });
});

afterAll(async () => {
  await plain?.stop();
  await tls?.stop();
  await stack?.close();
});

function httpsUrl(): string {
  if (!tls.httpsUrl) throw new Error("nginx was started without TLS");
  return tls.httpsUrl;
}

describe("the web nginx with TLS (Debian nginx, the image's templates-tls)", () => {
  it("serves the app's pages over HTTPS with HSTS, and unknown paths as the app's 404 page", async () => {
    for (const { path, status } of [
      { path: "/", status: 200 },
      { path: "/items/7", status: 200 },
      { path: "/no/such/page", status: 404 },
      { path: "/items/abc", status: 404 },
    ]) {
      const answer = await send(`${httpsUrl()}${path}`, { from: "127.0.0.2" });
      expect(answer.status, path).toBe(status);
      expect(answer.body, path).toContain('<div id="root"></div>');
      expect(answer.headers["strict-transport-security"], path).toBe(
        "max-age=31536000; includeSubDomains",
      );
      expect(answer.headers["content-security-policy"], path).toContain("script-src 'self'");
    }
  });

  it("redirects every plain-HTTP path to HTTPS, unknown ones included, but answers the probe", async () => {
    for (const path of ["/", "/items/7?x=1", "/no/such/page", "/api/items", "/assets/x.js"]) {
      const answer = await send(`${tls.baseUrl}${path}`, {
        from: "127.0.0.2",
        headers: { host: "shop.example" },
      });
      expect(answer.status, path).toBe(301);
      expect(answer.headers.location, path).toBe(`https://shop.example${path}`);
      expect(answer.headers["strict-transport-security"], path).toBeUndefined();
      expect(answer.body, path).not.toContain('<div id="root">');
    }
    const probe = await send(`${tls.baseUrl}/healthz`, { from: "127.0.0.2" });
    expect([probe.status, probe.body]).toEqual([200, "ok\n"]);
  });

  it("tells the API the request came over HTTPS: it sends HSTS and upgrade-insecure-requests", async () => {
    const overTls = await send(`${httpsUrl()}/api/items`, { from: "127.0.0.2" });
    expect(overTls.status).toBe(200);
    expect(overTls.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
    expect(String(overTls.headers["content-security-policy"])).toContain(
      "upgrade-insecure-requests",
    );
    // the same API behind the plain-HTTP config: neither header
    const overHttp = await send(`${plain.baseUrl}/api/items`, { from: "127.0.0.2" });
    expect(overHttp.status).toBe(200);
    expect(overHttp.headers["strict-transport-security"]).toBeUndefined();
    expect(String(overHttp.headers["content-security-policy"])).not.toContain(
      "upgrade-insecure-requests",
    );
  });

  it("serves a renewed certificate (the mounted Secret's files replaced) without a restart", async () => {
    const served = (): Promise<string> =>
      new Promise((resolve, reject) => {
        const url = new URL(httpsUrl());
        const socket = connectTls(
          { host: url.hostname, port: Number(url.port), rejectUnauthorized: false },
          () => {
            resolve(socket.getPeerCertificate().fingerprint256);
            socket.end();
          },
        );
        socket.on("error", reject);
      });
    const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;
    expect(await served()).toBe(fingerprint(certificate));
    const renewed = testCertificate({ name: "ssgbay.test", altNames: ["IP:127.0.0.1"] });
    tls.replaceCertificate(renewed);
    expect(await served()).toBe(fingerprint(renewed.certificate));
    tls.replaceCertificate({ certificate, key: firstKey });
    expect(await served()).toBe(fingerprint(certificate));
  });

  it("sends no HSTS from the plain-HTTP config", async () => {
    const page = await send(`${plain.baseUrl}/items/7`, { from: "127.0.0.2" });
    expect(page.status).toBe(200);
    expect(page.headers["strict-transport-security"]).toBeUndefined();
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
  });
});

describe("client addresses through the web nginx (auth limiter per address)", () => {
  it("limits two clients separately, and a forged X-Forwarded-For through nginx changes nothing", async () => {
    // 127.0.0.4 spends its budget over HTTPS (the same proxy config as plain HTTP)
    const first = await statusesOf(AUTH_LIMIT + 1, () => badLogin(httpsUrl(), "127.0.0.4"));
    expect(first).toEqual([...Array(AUTH_LIMIT).fill(401), 429]);
    // another client is not limited by that
    expect((await badLogin(httpsUrl(), "127.0.0.5")).status).toBe(401);
    expect((await badLogin(plain.baseUrl, "127.0.0.5")).status).toBe(401);
    // a limited client cannot pose as someone else: nginx replaces its X-Forwarded-For
    for (const forged of ["203.0.113.9", "127.0.0.5", "198.51.100.1, 127.0.0.8"]) {
      const answer = await badLogin(httpsUrl(), "127.0.0.4", { "x-forwarded-for": forged });
      expect(answer.status, forged).toBe(429);
    }
  });

  it("keeps a client inside the trusted range to its own address (nginx replaces, never appends)", async () => {
    const own = await statusesOf(AUTH_LIMIT + 1, () => badLogin(plain.baseUrl, "127.0.0.2"));
    expect(own).toEqual([...Array(AUTH_LIMIT).fill(401), 429]);
    // Appended ("203.0.113.50, 127.0.0.2"), the API would walk past the trusted 127.0.0.2 to
    // the forged address and grant a fresh budget per forged value.
    for (let index = 50; index < 50 + AUTH_LIMIT; index++) {
      const forged = `203.0.113.${index}`;
      const answer = await badLogin(plain.baseUrl, "127.0.0.2", { "x-forwarded-for": forged });
      expect(answer.status, forged).toBe(429);
    }
  });

  it("ignores X-Forwarded-For from a client that reaches the API directly (not a trusted proxy)", async () => {
    let counter = 0;
    const forgedEachTime = () => {
      counter += 1;
      return badLogin(stack.baseUrl, "127.0.0.6", { "x-forwarded-for": `203.0.113.${counter}` });
    };
    const statuses = await statusesOf(AUTH_LIMIT + 2, forgedEachTime);
    expect(statuses).toEqual([...Array(AUTH_LIMIT).fill(401), 429, 429]);
    // a client through nginx still has its own budget
    expect((await badLogin(plain.baseUrl, "127.0.0.7")).status).toBe(401);
  });
});
