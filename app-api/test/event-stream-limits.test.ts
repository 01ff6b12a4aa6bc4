import { once } from "node:events";
import {
  type ClientRequest,
  createServer,
  get,
  type IncomingMessage,
  type Server,
} from "node:http";
import type { AddressInfo } from "node:net";
import { errorBodySchema } from "@ssgbay/contract";
import { waitUntil } from "@ssgbay/database/testing";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestApi } from "./support/api.js";
import { createItem, expectContractShape, signUp } from "./support/client.js";

// Issue 14, finding 4: 300 concurrent streams from one address were all accepted.
const PER_ADDRESS = 3;
const PER_REPLICA = 5;
const ctx = useTestApi({
  EVENTS_MAX_STREAMS_PER_ADDRESS: String(PER_ADDRESS),
  EVENTS_MAX_STREAMS: String(PER_REPLICA),
});
let server: Server;
let port: number;
let itemId: number;
let sellerToken: string;
const opened: ClientRequest[] = [];

beforeAll(async () => {
  server = createServer(ctx.api.handler).listen(0, "127.0.0.1");
  await once(server, "listening");
  port = (server.address() as AddressInfo).port;
  const seller = await signUp(ctx.api.handler, "streams_seller");
  sellerToken = seller.accessToken;
  itemId = (await createItem(ctx.api.handler, seller.accessToken)).id;
});

afterAll(async () => {
  for (const stream of opened) stream.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

interface Opened {
  status: number;
  /** The parsed JSON body of a refusal; undefined for a stream. */
  body: unknown;
  close(): void;
}

/**
 * Opens a live stream from `from` (the item's event stream, or with `token` the user's own,
 * `/api/me/events`), a loopback address of its own (no proxy header
 * is trusted: the server sees the socket's address). Resolves once the answer's head is in;
 * a refusal's body is read whole.
 */
async function openStream(from: string, id = itemId, token?: string): Promise<Opened> {
  const req = get({
    host: "127.0.0.1",
    port,
    path: token === undefined ? `/api/items/${id}/events` : "/api/me/events",
    localAddress: from,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  opened.push(req);
  const [response] = (await once(req, "response")) as [IncomingMessage];
  const close = () => req.destroy();
  if (response.statusCode === 200) {
    // The first event proves the stream is registered, not just its head sent.
    await once(response, "data");
    return { status: 200, body: undefined, close };
  }
  let text = "";
  response.setEncoding("utf8");
  for await (const chunk of response) text += chunk;
  return { status: response.statusCode ?? 0, body: JSON.parse(text), close };
}

async function metric(line: string): Promise<number> {
  const text = (await request(ctx.api.metricsApp).get("/metrics")).text;
  const found = text.split("\n").find((row) => row.startsWith(`${line} `));
  if (found === undefined) throw new Error(`no metric ${line}`);
  return Number(found.slice(line.length + 1));
}

const openStreams = () => metric("sse_streams_open");

describe("limits on live event streams", () => {
  it("refuses streams beyond the per-address cap with 429 and beyond the replica's with 503", async () => {
    // A refused or failed stream holds no slot: the unknown item answers 404 and frees its own.
    expect((await openStream("127.0.0.1", 999_999)).status).toBe(404);
    await waitUntil(async () => (await openStreams()) === 0);

    const first: Opened[] = [];
    for (let index = 0; index < PER_ADDRESS; index += 1) {
      const stream = await openStream("127.0.0.1");
      expect(stream.status).toBe(200);
      first.push(stream);
    }
    const overAddress = await openStream("127.0.0.1");
    expect(overAddress.status).toBe(429);
    expectContractShape(errorBodySchema, overAddress.body);
    expect(overAddress.body).toEqual({
      error: { code: "RATE_LIMITED", message: "Too many live streams from this address." },
    });

    // Another address is not affected.
    expect((await openStream("127.0.0.2")).status).toBe(200);
    expect(await openStreams()).toBe(PER_ADDRESS + 1);

    // Closing a stream frees its slot for the same address.
    first[0]?.close();
    await waitUntil(async () => (await openStreams()) === PER_ADDRESS);
    expect((await openStream("127.0.0.1")).status).toBe(200);

    // The replica's cap: 5 open (3 + 1 + this one), the next from a fresh address gets 503.
    expect((await openStream("127.0.0.3")).status).toBe(200);
    expect(await openStreams()).toBe(PER_REPLICA);
    const overReplica = await openStream("127.0.0.4");
    expect(overReplica.status).toBe(503);
    expectContractShape(errorBodySchema, overReplica.body);
    expect(overReplica.body).toEqual({
      error: {
        code: "UNAVAILABLE",
        message: "Too many live streams on this server. Try again later.",
      },
    });

    expect(await metric('sse_stream_refusals_total{reason="per_address"}')).toBe(1);
    expect(await metric('sse_stream_refusals_total{reason="per_replica"}')).toBe(1);
    expect(await openStreams()).toBe(PER_REPLICA);
  });
});

describe("the signed-in user's stream", () => {
  const openMine = (from: string) => openStream(from, itemId, sellerToken);

  it("shares the item streams' caps, slots and metrics", async () => {
    for (const stream of opened) stream.destroy();
    await waitUntil(async () => (await openStreams()) === 0);
    const refusedBefore = await metric('sse_stream_refusals_total{reason="per_address"}');

    // Item and user streams from one address count together against its cap.
    const item = await openStream("127.0.0.5");
    expect(item.status).toBe(200);
    const mine: Opened[] = [];
    for (let index = 1; index < PER_ADDRESS; index += 1) {
      const stream = await openMine("127.0.0.5");
      expect(stream.status).toBe(200);
      mine.push(stream);
    }
    expect(await openStreams()).toBe(PER_ADDRESS);
    const overAddress = await openMine("127.0.0.5");
    expect(overAddress.status).toBe(429);
    expect(overAddress.body).toEqual({
      error: { code: "RATE_LIMITED", message: "Too many live streams from this address." },
    });
    expect(await metric('sse_stream_refusals_total{reason="per_address"}')).toBe(refusedBefore + 1);

    // Leaving frees the user stream's slot too.
    mine[0]?.close();
    await waitUntil(async () => (await openStreams()) === PER_ADDRESS - 1);
    expect((await openMine("127.0.0.5")).status).toBe(200);

    // And the replica's cap counts them: 3 open here, 2 more from elsewhere fill it.
    expect((await openMine("127.0.0.6")).status).toBe(200);
    expect((await openStream("127.0.0.6")).status).toBe(200);
    expect(await openStreams()).toBe(PER_REPLICA);
    const overReplica = await openMine("127.0.0.7");
    expect(overReplica.status).toBe(503);
    expect(overReplica.body).toEqual({
      error: {
        code: "UNAVAILABLE",
        message: "Too many live streams on this server. Try again later.",
      },
    });
  });

  it("holds no slot when the caller is not signed in", async () => {
    for (const stream of opened) stream.destroy();
    await waitUntil(async () => (await openStreams()) === 0);
    const refused = await openStream("127.0.0.8", itemId, "not-a-token");
    expect(refused.status).toBe(401);
    expect(await openStreams()).toBe(0);
  });
});
