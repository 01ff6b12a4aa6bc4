/**
 * The HTTP floor: the API's own services and repositories (item list, item detail, bids, the
 * token check) behind a bare `node:http` server, with none of the framework around them (no
 * express, logging, metrics, security headers, cookies). Same environment as the API process
 * (`startApiProcess` with this entry), so the same database, pool size and JWT secret; what the
 * app costs beyond this is what express and our middleware add per request.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { routes } from "@ssgbay/contract";
import { createPool, runCli } from "@ssgbay/database";
import { findTokenVersion } from "../../app-api/src/auth/repository.js";
import { jwtKeyOf, verifyAccessToken } from "../../app-api/src/auth/tokens.js";
import { createBidsService } from "../../app-api/src/bids/service.js";
import { loadApiConfig } from "../../app-api/src/config.js";
import { HttpError } from "../../app-api/src/http/errors.js";
import { parseRequest } from "../../app-api/src/http/validate.js";
import { createImageStore } from "../../app-api/src/images/storage.js";
import { createItemsService } from "../../app-api/src/items/service.js";

const itemPath = /^\/api\/items\/([^/]+)$/;
const bidPath = /^\/api\/items\/([^/]+)\/bids$/;
const MAX_BODY_BYTES = 16 * 1024;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    length += buffer.length;
    if (length > MAX_BODY_BYTES) throw new HttpError("PAYLOAD_TOO_LARGE", "Too large.");
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError("VALIDATION_FAILED", "The request body is not valid JSON.");
  }
}

await runCli(async () => {
  const config = loadApiConfig(process.env);
  const pool = createPool(config.database);
  const images = await createImageStore(config.uploadDir);
  const items = createItemsService(pool, images, config.maxImagePixels);
  const bids = createBidsService(pool, {
    antiSnipingSeconds: config.antiSnipingSeconds,
    onOutcome: () => {},
    onAccepted: () => {},
  });
  const jwtKey = jwtKeyOf(config.jwtSecret);

  async function bidderOf(req: IncomingMessage): Promise<number> {
    const header = req.headers.authorization;
    const token = header?.startsWith("Bearer ") ? header.slice(7) : undefined;
    const claims = token === undefined ? undefined : verifyAccessToken(token, jwtKey);
    if (claims === undefined || (await findTokenVersion(pool, claims.userId)) !== claims.version) {
      throw new HttpError("UNAUTHENTICATED", "Sign in to continue.");
    }
    return claims.userId;
  }

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://floor");
    if (req.method === "GET" && url.pathname === "/readyz") return send(res, 200, { ok: true });
    if (req.method === "GET" && url.pathname === routes.listItems.path) {
      const query = parseRequest(
        routes.listItems.query,
        Object.fromEntries(url.searchParams),
        "query",
      );
      const { items: found, total } = await items.list(query);
      return send(res, 200, { items: found, page: query.page, pageSize: query.pageSize, total });
    }
    const detail = req.method === "GET" ? itemPath.exec(url.pathname) : null;
    if (detail) {
      const { id } = parseRequest(routes.getItem.params, { id: detail[1] }, "params");
      return send(res, 200, { item: await items.detail(id) });
    }
    const bid = req.method === "POST" ? bidPath.exec(url.pathname) : null;
    if (bid) {
      const bidderId = await bidderOf(req);
      const { id } = parseRequest(routes.placeBid.params, { id: bid[1] }, "params");
      const body = parseRequest(routes.placeBid.body, await jsonBody(req), "body");
      const placed = await bids.place({ itemId: id, bidderId, ...body });
      return send(res, routes.placeBid.response.status, placed);
    }
    throw new HttpError("NOT_FOUND", "No such route.");
  }

  const server = createServer((req, res) => {
    answer(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return send(res, error.status, error.toBody());
      send(res, 500, new HttpError("INTERNAL", "Something went wrong.").toBody());
    });
  });
  server.listen(config.port, config.host);
  await once(server, "listening");
  await once(process, "SIGTERM");
  server.closeAllConnections();
  server.close();
  await pool.end();
});
