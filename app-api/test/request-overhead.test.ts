import { once } from "node:events";
import { get as httpGet } from "node:http";
import { Writable } from "node:stream";
import express from "express";
import helmet from "helmet";
import { pino } from "pino";
import request from "supertest";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { requestEdge } from "../src/http/edge.js";
import { deferHeaders } from "../src/http/response-head.js";
import { securityHeaders } from "../src/http/security.js";
import { accessLog } from "../src/logging.js";
import { useTestApi } from "./support/api.js";

const ctx = useTestApi({ TRUST_PROXY: "loopback" });

/** A real pino logger writing JSON lines into an array. */
function capturedLogger() {
  const lines: unknown[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line) lines.push(JSON.parse(line));
      }
      done();
    },
  });
  return { lines, logger: pino({ level: "info" }, destination) };
}

const accessLine = z.object({
  level: z.number(),
  msg: z.string(),
  req: z.object({ id: z.string(), method: z.string(), url: z.string() }).strict(),
  res: z.object({ statusCode: z.number() }).strict(),
  responseTime: z.number().min(0),
});

describe("the request edge: one access-log line and the metrics, when a request ends", () => {
  it("writes one line per request with the request id, method, URL, status and time", async () => {
    const { lines, logger } = capturedLogger();
    const recorded: [string, string, number][] = [];
    const app = express();
    app.use(
      requestEdge({
        log: accessLog(logger),
        recordRequest: (method, route, status, seconds) => {
          expect(seconds).toBeGreaterThanOrEqual(0);
          recorded.push([method, route, status]);
        },
      }),
    );
    app.get("/ok", (_req, res) => {
      res.json({ ok: true });
    });
    app.get("/missing", (_req, res) => {
      res.status(404).json({});
    });
    app.get("/broken", (_req, res) => {
      res.status(503).json({});
    });

    const ok = await request(app).get("/ok?q=카메라").set("X-Request-Id", "trace-1");
    expect(ok.headers["x-request-id"]).toBe("trace-1");
    const missing = await request(app).get("/missing");
    const broken = await request(app).get("/broken");
    await new Promise((resolve) => setImmediate(resolve));

    expect(lines).toHaveLength(3);
    const [first, second, third] = lines.map((line) => accessLine.parse(line));
    expect(first).toMatchObject({
      level: 30,
      msg: "request completed",
      req: { id: "trace-1", method: "GET", url: "/ok?q=%EC%B9%B4%EB%A9%94%EB%9D%BC" },
      res: { statusCode: 200 },
    });
    expect(second).toMatchObject({ level: 40, res: { statusCode: 404 } });
    expect(second?.req.id).toBe(missing.headers["x-request-id"]);
    expect(second?.req.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(third).toMatchObject({ level: 50, msg: "request errored", res: { statusCode: 503 } });
    expect(third?.req.id).toBe(broken.headers["x-request-id"]);
    expect(recorded).toEqual([
      ["GET", "/ok", 200],
      ["GET", "/missing", 404],
      ["GET", "/broken", 503],
    ]);
  });

  it("logs an aborted request as an error and leaves it out of the metrics", async () => {
    const { lines, logger } = capturedLogger();
    const recorded: unknown[] = [];
    const app = express();
    app.use(
      requestEdge({ log: accessLog(logger), recordRequest: (...args) => recorded.push(args) }),
    );
    let streaming = false;
    app.get("/stream", (_req, res) => {
      res.write("partial");
      streaming = true;
    });
    const server = app.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const { port } = z.object({ port: z.number() }).parse(server.address());
      const client = httpGet(`http://127.0.0.1:${port}/stream`);
      client.on("error", () => {});
      await vi.waitFor(() => expect(streaming).toBe(true));
      client.destroy();
      await vi.waitFor(() => expect(lines).toHaveLength(1));
    } finally {
      server.close();
    }
    expect(accessLine.parse(lines[0])).toMatchObject({
      level: 50,
      msg: "request aborted",
      req: { method: "GET", url: "/stream" },
    });
    expect(recorded).toEqual([]);
  });
});

describe("precomputed security headers", () => {
  it("are exactly helmet's, over HTTP and (behind a trusted proxy) HTTPS", async () => {
    // The API disables express's X-Powered-By itself (app.ts); so do these apps.
    const plainHelmet = express()
      .disable("x-powered-by")
      .use(
        helmet({
          strictTransportSecurity: false,
          contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
        }),
        (_req, res) => {
          res.end();
        },
      );
    const secureHelmet = express()
      .disable("x-powered-by")
      .use(helmet(), (_req, res) => {
        res.end();
      });
    const ours = express()
      .disable("x-powered-by")
      .set("trust proxy", 1)
      .use((req, res) => {
        deferHeaders(res, [...securityHeaders(req)]);
        res.end();
      });
    const headersOf = (response: request.Response) => {
      const { date: _date, connection: _connection, ...rest } = response.headers;
      return rest;
    };
    expect(headersOf(await request(ours).get("/"))).toEqual(
      headersOf(await request(plainHelmet).get("/")),
    );
    expect(headersOf(await request(ours).get("/").set("X-Forwarded-Proto", "https"))).toEqual(
      headersOf(await request(secureHelmet).get("/")),
    );
  });
});

describe("API JSON", () => {
  it("carries no ETag", async () => {
    const response = await request(ctx.api.handler).get("/api/items");
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBeUndefined();
  });
});
