/*
 * Requests started by boot.ts before the app's code has arrived, handed to the API client when
 * it sends the same request. No imports: boot.ts must not wait for the app's chunks.
 */

const started = new Map<string, Promise<Response>>();
/**
 * Set by the client's first GET: the app runs, so a request boot.ts would start now could
 * only duplicate the app's own, and a later visit of the same URL must not get it.
 */
let appStarted = false;

/** The request options of a GET by the API client (client.ts): an early one must match them. */
export const apiGetInit: RequestInit = {
  method: "GET",
  headers: { accept: "application/json" },
  credentials: "same-origin",
};

/** Starts a GET of `url` as the API client would send it, unless the app already runs. */
export function fetchEarly(url: string): void {
  if (appStarted) return;
  const response = fetch(url, apiGetInit);
  response.catch(() => {}); // the client reports a failure to whoever takes it
  started.set(url, response);
}

/** The early GET of `url`, handed out once: whatever asks next fetches afresh. */
export function takeEarlyFetch(url: string): Promise<Response> | undefined {
  appStarted = true;
  const response = started.get(url);
  started.delete(url);
  return response;
}
