/**
 * GETs (or sends) a URL from the host with a deadline held by its own timer. A request to a
 * ClusterIP whose rules were still syncing once hung on an open socket while its
 * `AbortSignal.timeout(2000)` never fired (a 600 s test timeout); why it did not fire is not
 * proven. The body is read before the deadline ends.
 */
export async function hostFetch(
  url: string,
  timeoutMs: number,
  init: RequestInit = {},
): Promise<{ response: Response; body: Buffer }> {
  const controller = new AbortController();
  const timer = setTimeout(
    () =>
      controller.abort(new Error(`${init.method ?? "GET"} ${url}: no answer in ${timeoutMs} ms`)),
    timeoutMs,
  );
  try {
    const response = await fetch(url, { ...init, signal: controller.signal });
    return { response, body: Buffer.from(await response.arrayBuffer()) };
  } finally {
    clearTimeout(timer);
  }
}

/** hostFetch's GET, for when only the status and headers matter. */
export async function hostGet(url: string, timeoutMs: number): Promise<Response> {
  return (await hostFetch(url, timeoutMs)).response;
}
