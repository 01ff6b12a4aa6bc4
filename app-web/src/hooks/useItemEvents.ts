import {
  type ClosedEvent,
  closedEventSchema,
  type PriceEvent,
  priceEventSchema,
} from "@ssgbay/contract";
import { useEffect, useRef, useState } from "react";
import type * as z from "zod/mini";

export type LiveConnection = "connecting" | "live" | "reconnecting";

interface Handlers {
  onPrice(event: PriceEvent): void;
  /** The outcome, or nothing when the payload could not be read (the page refetches). */
  onClosed(event: Partial<ClosedEvent>): void;
  /** Called when a dropped stream is back, so the page can refetch what it may have missed. */
  onReconnected(): void;
}

const firstRetryMs = 1000;
const maxRetryMs = 30_000;

function parseData<Schema extends z.ZodMiniType>(
  schema: Schema,
  data: unknown,
): z.infer<Schema> | null {
  if (typeof data !== "string") return null;
  try {
    const parsed = schema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Follows an item's Server-Sent Events. The browser retries a dropped stream by itself; when it
 * gives up (readyState CLOSED, e.g. a 502 from the proxy) we open a new one with backoff.
 */
export function useItemEvents(url: string | null, handlers: Handlers): LiveConnection {
  const [connection, setConnection] = useState<LiveConnection>("connecting");
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  useEffect(() => {
    if (!url) return;
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let retryMs = firstRetryMs;
    let hasBeenLive = false;
    let stopped = false;

    const open = () => {
      source = new EventSource(url);
      source.addEventListener("open", () => {
        setConnection("live");
        retryMs = firstRetryMs;
        if (hasBeenLive) handlersRef.current.onReconnected();
        hasBeenLive = true;
      });
      source.addEventListener("price", (event) => {
        const data = parseData(priceEventSchema, (event as MessageEvent).data);
        if (data) handlersRef.current.onPrice(data);
      });
      source.addEventListener("closed", (event) => {
        const data = parseData(closedEventSchema, (event as MessageEvent).data) ?? {};
        // a settled auction never changes again: stop listening instead of reconnecting
        stopped = true;
        source?.close();
        setConnection("live");
        handlersRef.current.onClosed(data);
      });
      source.addEventListener("error", () => {
        if (stopped) return;
        setConnection("reconnecting");
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          retryTimer = setTimeout(open, retryMs);
          retryMs = Math.min(retryMs * 2, maxRetryMs);
        }
      });
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      source?.close();
    };
  }, [url]);

  return connection;
}
