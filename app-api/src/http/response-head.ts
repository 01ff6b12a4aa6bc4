import { ServerResponse } from "node:http";
import type { Express as ExpressApp, Response } from "express";

declare global {
  namespace Express {
    interface Locals {
      /** Headers every response gets, as name-value pairs in one flat list, not yet set. */
      deferredHeaders?: string[];
    }
  }
}

const nodeWriteHead = ServerResponse.prototype.writeHead;
const JSON_TYPE = "application/json; charset=utf-8";

/**
 * Sets the deferred headers a handler has not set itself (a handler's own value wins, as it
 * would have overwritten one set earlier).
 */
function applyDeferredHeaders(res: Response): void {
  const deferred = res.locals.deferredHeaders;
  if (deferred === undefined) return;
  res.locals.deferredHeaders = undefined;
  for (let index = 0; index < deferred.length; index += 2) {
    const name = deferred[index] as string;
    if (!res.hasHeader(name)) res.setHeader(name, deferred[index + 1] as string);
  }
}

/** Every way of answering ends here (Node calls it for an implicit head too). */
function writeHead(this: Response, ...args: Parameters<typeof nodeWriteHead>): Response {
  applyDeferredHeaders(this);
  nodeWriteHead.apply(this, args);
  return this;
}

/**
 * `res.json` without what Express's does that the API never uses (JSONP settings, ETag,
 * freshness checks) and with the body kept a string, which Node sends in one write together with
 * the headers (Express turns a body over 1,000 characters into a Buffer: a second write). When
 * the handler set no header of its own, the whole head goes to Node as one list: one
 * `setHeader` per header (each validated and stored, then read back) was ~5% of a request's CPU.
 */
function json(this: Response, body: unknown): Response {
  const text = JSON.stringify(body) ?? "";
  const length = String(Buffer.byteLength(text));
  const deferred = this.locals.deferredHeaders;
  if (deferred !== undefined && this.getHeaderNames().length === 0) {
    this.locals.deferredHeaders = undefined;
    deferred.push("content-type", JSON_TYPE, "content-length", length);
    nodeWriteHead.call(this, this.statusCode, deferred);
  } else {
    if (!this.hasHeader("content-type")) this.setHeader("content-type", JSON_TYPE);
    this.setHeader("content-length", length);
  }
  this.end(text);
  return this;
}

/**
 * The API's way of writing responses, on the app's response prototype (Express's documented
 * extension point, `app.response`): headers deferred with `deferHeaders` join the head when it
 * is written, and `res.json` is the lean one above.
 */
export function useApiResponses(app: ExpressApp): void {
  app.response.writeHead = writeHead as Response["writeHead"];
  app.response.json = json;
}

/**
 * Gives the response these headers (a flat name-value list the response may keep and extend)
 * when its head is written, unless a handler sets one of them itself. On a response whose app
 * does not use `useApiResponses`, they are set at once.
 */
export function deferHeaders(res: Response, headers: string[]): void {
  if (res.writeHead === (writeHead as Response["writeHead"])) {
    res.locals.deferredHeaders = headers;
    return;
  }
  for (let index = 0; index < headers.length; index += 2) {
    res.setHeader(headers[index] as string, headers[index + 1] as string);
  }
}
