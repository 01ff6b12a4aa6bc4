import { once } from "node:events";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEventStream } from "../lib/sse.js";

let stream: ServerResponse | undefined;
const server = createServer((_request, response) => {
  response.writeHead(200, { "content-type": "text/event-stream" });
  response.write("retry: 3000\n\n: heartbeat\n\n");
  response.write('event: price\ndata: {"currentPrice":1000}\n\n');
  stream = response;
});
let url = "";

beforeAll(async () => {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
});
afterAll(async () => {
  stream?.end();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("openEventStream", () => {
  it("hands back named events already received and ones that arrive later, split across chunks", async () => {
    const events = await openEventStream(url);
    try {
      const first = await events.next((event) => event.event === "price", 5_000);
      expect(JSON.parse(first.data)).toEqual({ currentPrice: 1000 });
      const later = events.next((event) => event.data.includes("1100"), 5_000);
      stream?.write('event: price\ndata: {"currentPri');
      stream?.write('ce":1100}\n\n');
      expect(JSON.parse((await later).data)).toEqual({ currentPrice: 1100 });
    } finally {
      events.close();
    }
  });

  it("rejects when no matching event comes in time", async () => {
    const events = await openEventStream(url);
    try {
      await expect(events.next((event) => event.event === "closed", 50)).rejects.toThrow(
        "no matching event",
      );
    } finally {
      events.close();
    }
  });
});
