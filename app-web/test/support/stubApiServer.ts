import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  body: string;
}

export interface StubReply {
  status: number;
  body?: unknown;
}

type Handler = (request: RecordedRequest) => StubReply;

/**
 * A real HTTP server on loopback that answers like the API would for the cases a component test
 * needs, so the app's own client, schemas and error handling run unchanged.
 */
export async function startStubApi(routes: Record<string, Handler>) {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      body: Buffer.concat(chunks).toString("utf8"),
    };
    requests.push(request);
    const pathOnly = request.path.split("?")[0];
    const handler = routes[`${request.method} ${pathOnly}`];
    const reply: StubReply = handler
      ? handler(request)
      : { status: 404, body: { error: { code: "NOT_FOUND", message: "no such route" } } };
    res.statusCode = reply.status;
    if (reply.body === undefined) return res.end();
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const signedOut: Handler = () => ({
  status: 401,
  body: { error: { code: "UNAUTHENTICATED", message: "no session" } },
});

export const user = { id: 7, username: "minji", nickname: "민지" };
export const signedIn: Handler = () => ({ status: 200, body: { user } });
