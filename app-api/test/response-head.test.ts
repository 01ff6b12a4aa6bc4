import express, { type RequestHandler } from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { deferHeaders, useApiResponses } from "../src/http/response-head.js";

const deferred: RequestHandler = (_req, res, next) => {
  deferHeaders(res, ["X-Edge", "ran", "X-Frame-Options", "SAMEORIGIN"]);
  next();
};

function app(options: { apiResponses: boolean } = { apiResponses: true }) {
  const served = express();
  if (options.apiResponses) useApiResponses(served);
  served.use(deferred);
  served.get("/item", (_req, res) => {
    res.status(201).json({ title: "카메라", long: "x".repeat(2_000) });
  });
  served.get("/problem", (_req, res) => {
    res.type("application/problem+json").json({ title: "bad" });
  });
  served.get("/own-frame-rule", (_req, res) => {
    res.setHeader("X-Frame-Options", "DENY");
    res.json({});
  });
  served.get("/text", (_req, res) => {
    res.send("plain");
  });
  served.delete("/item", (_req, res) => {
    res.status(204).end();
  });
  served.get("/stream", (_req, res) => {
    res.setHeader("Content-Type", "text/event-stream");
    res.flushHeaders();
    res.end("data: 1\n\n");
  });
  return served;
}

describe("the API's res.json", () => {
  it("sends the JSON with its status, UTF-8 content type and byte length", async () => {
    const response = await request(app()).get("/item");
    expect(response.status).toBe(201);
    expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
    const text = JSON.stringify({ title: "카메라", long: "x".repeat(2_000) });
    expect(response.headers["content-length"]).toBe(String(Buffer.byteLength(text)));
    expect(response.body.title).toBe("카메라");
  });

  it("keeps a content type the handler chose, and answers HEAD with the length and no body", async () => {
    const problem = await request(app()).get("/problem");
    expect(problem.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const head = await request(app()).head("/item");
    expect(head.status).toBe(201);
    expect(head.headers["content-length"]).not.toBe("0");
    expect(head.text).toBeUndefined();
  });
});

describe("deferred headers", () => {
  it("join the head of every kind of answer: JSON, text, empty, a flushed stream", async () => {
    const served = app();
    const answers = {
      json: request(served).get("/item"),
      "json, own type": request(served).get("/problem"),
      text: request(served).get("/text"),
      empty: request(served).delete("/item"),
      stream: request(served).get("/stream"),
      "express's 404": request(served).get("/nowhere"),
    };
    for (const [kind, answer] of Object.entries(answers)) {
      const response = await answer;
      // Once each: a header written twice would arrive as "ran, ran".
      expect(response.headers["x-edge"], kind).toBe("ran");
      expect(response.headers["x-frame-options"], kind).toBe("SAMEORIGIN");
    }
  });

  it("give way to a value the handler set itself", async () => {
    const response = await request(app()).get("/own-frame-rule");
    expect(response.headers["x-frame-options"]).toBe("DENY");
    expect(response.headers["x-edge"]).toBe("ran");
  });

  it("are set at once on an app that does not write its responses this way", async () => {
    const served = app({ apiResponses: false });
    for (const path of ["/text", "/own-frame-rule"]) {
      const response = await request(served).get(path);
      expect(response.headers["x-edge"]).toBe("ran");
    }
    // Set first, so a handler's own value still wins.
    expect((await request(served).get("/own-frame-rule")).headers["x-frame-options"]).toBe("DENY");
  });
});
