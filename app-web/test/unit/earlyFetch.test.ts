import { afterEach, describe, expect, it } from "vitest";
import { ApiClient } from "../../src/api/client";
import { fetchEarly } from "../../src/api/earlyFetch";
import { createEndpoints } from "../../src/api/endpoints";
import { startStubApi } from "../support/stubApiServer";

let stub: Awaited<ReturnType<typeof startStubApi>> | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

// One test: the early requests' state is the module's, as in the page (boot.ts, then the app).
describe("requests boot.ts starts before the app runs", () => {
  it("answer the client's same GET once; once the app runs, boot.ts starts none", async () => {
    const list = { items: [], page: 1, pageSize: 24, total: 0 };
    stub = await startStubApi({ "GET /api/items": () => ({ status: 200, body: list }) });
    const api = createEndpoints(new ApiClient(stub.url));
    const path = "/api/items?sort=latest&status=open&page=1&pageSize=24";
    const query = { sort: "latest", status: "open", page: 1, pageSize: 24 } as const;
    fetchEarly(`${stub.url}/api/items?status=closed`);
    fetchEarly(`${stub.url}${path}`);
    await expect(api.listItems(query)).resolves.toEqual(list);
    const paths = () => stub?.requests.map((request) => request.path);
    expect(paths()).toEqual(["/api/items?status=closed", path]);

    // the same GET again is the client's own
    await expect(api.listItems(query)).resolves.toEqual(list);
    expect(paths()).toEqual(["/api/items?status=closed", path, path]);

    // the app runs: an early request now would duplicate its own, so none is sent
    fetchEarly(`${stub.url}${path}`);
    await expect(api.listItems(query)).resolves.toEqual(list);
    expect(paths()).toEqual(["/api/items?status=closed", path, path, path]);
  });
});
