import {
  type MessageEventPayload,
  myEventSchemas,
  type NotificationEventPayload,
} from "@ssgbay/contract";
import { useEffect, useRef } from "react";
import * as z from "zod/mini";
import { useAuth } from "../auth/AuthContext";

export interface MyEventHandlers {
  onUnread?(unreadCount: number): void;
  onNotification?(event: NotificationEventPayload): void;
  onMessage?(event: MessageEventPayload): void;
}

type Listener = { current: MyEventHandlers };

/**
 * One `GET /api/me/events` stream per tab, shared by the header bell, the notifications page
 * and message threads. When the server refuses it (an expired access token ends an EventSource
 * for good), the app refreshes the session through an ordinary call and opens it again.
 */
const listeners = new Set<Listener>();
let source: EventSource | null = null;
let reopenTimer: ReturnType<typeof setTimeout> | undefined;
let lastUnread: number | undefined;

function dispatch(name: keyof typeof myEventSchemas, data: string): void {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return;
  }
  if (name === "unread") {
    const parsed = z.safeParse(myEventSchemas.unread, json);
    if (!parsed.success) return;
    lastUnread = parsed.data.unreadCount;
    for (const listener of listeners) listener.current.onUnread?.(parsed.data.unreadCount);
  } else if (name === "notification") {
    const parsed = z.safeParse(myEventSchemas.notification, json);
    if (!parsed.success) return;
    lastUnread = parsed.data.unreadCount;
    for (const listener of listeners) {
      listener.current.onNotification?.(parsed.data);
      listener.current.onUnread?.(parsed.data.unreadCount);
    }
  } else {
    const parsed = z.safeParse(myEventSchemas.message, json);
    if (!parsed.success) return;
    for (const listener of listeners) listener.current.onMessage?.(parsed.data);
  }
}

function open(url: string, refreshSession: () => Promise<unknown>): void {
  if (source || typeof EventSource === "undefined") return;
  const stream = new EventSource(url);
  source = stream;
  for (const name of Object.keys(myEventSchemas) as (keyof typeof myEventSchemas)[]) {
    stream.addEventListener(name, (event) => dispatch(name, (event as MessageEvent<string>).data));
  }
  stream.onerror = () => {
    if (stream.readyState !== EventSource.CLOSED) return;
    source = null;
    clearTimeout(reopenTimer);
    reopenTimer = setTimeout(() => {
      if (listeners.size === 0) return;
      void refreshSession()
        .catch(() => undefined)
        .then(() => open(url, refreshSession));
    }, 3000);
  };
}

function closeIfUnused(): void {
  if (listeners.size > 0) return;
  clearTimeout(reopenTimer);
  source?.close();
  source = null;
  lastUnread = undefined;
}

/** Listens to the signed-in user's live events while the component is mounted. */
export function useMyEvents(url: string | null, handlers: MyEventHandlers): void {
  const { api } = useAuth();
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (url === null) return;
    const listener: Listener = ref;
    listeners.add(listener);
    if (lastUnread !== undefined) listener.current.onUnread?.(lastUnread);
    open(url, () => api.me());
    return () => {
      listeners.delete(listener);
      closeIfUnused();
    };
  }, [url, api]);
}
