import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { useLeanJsonResponses } from "../src/http/json-response.js";

function app() {
  const served = express();
  useLeanJsonResponses(served);
  served.get("/item", (_req, res) => {
    res.status(201).json({ title: "카메라", long: "x".repeat(2_000) });
  });
  served.get("/problem", (_req, res) => {
    res.type("application/problem+json").json({ title: "bad" });
  });
  return served;
}

describe("the API's res.json", () => {
  it("sends the JSON with its status, UTF-8 content type and byte length", async () => {
    const served = app();
    const response = await request(served).get("/item");
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
