import type { Express, Response } from "express";

/**
 * `res.json` without what Express's does that the API never uses (JSONP settings, ETag,
 * freshness checks) and with the body kept a string, which Node sends in one write together with
 * the headers (Express turns a body over 1,000 characters into a Buffer: a second write).
 */
function json(this: Response, body: unknown): Response {
  const text = JSON.stringify(body) ?? "";
  if (!this.hasHeader("content-type")) {
    this.setHeader("content-type", "application/json; charset=utf-8");
  }
  this.setHeader("content-length", Buffer.byteLength(text));
  this.end(text);
  return this;
}

/** Every `res.json` of this app (Express's documented extension point, `app.response`). */
export function useLeanJsonResponses(app: Express): void {
  app.response.json = json;
}
