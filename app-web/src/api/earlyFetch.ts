/*
 * Requests started by boot.ts before the app's code has arrived, handed to the API client when
 * it sends the same request. No imports: boot.ts must not wait for the app's chunks.
 */

const started = new Map<string, Promise<Response>>();

/** The request options of a GET by the API client (client.ts): an early one must match them. */
export const apiGetInit: RequestInit = {
  method: "GET",
  headers: { accept: "application/json" },
  credentials: "same-origin",
};

/** Starts a GET of `url` as the API client would send it. */
export function fetchEarly(url: string): void {
  const response = fetch(url, apiGetInit);
  response.catch(() => {}); // the client reports a failure to whoever takes it
  started.set(url, response);
}

/** The early GET of `url`, handed out once: whatever asks next fetches afresh. */
export function takeEarlyFetch(url: string): Promise<Response> | undefined {
  const response = started.get(url);
  started.delete(url);
  return response;
}
