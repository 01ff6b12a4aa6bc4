import type { Response } from "express";
import type { Pool } from "mysql2/promise";
import type { Logger } from "pino";
import { openEventStream } from "../http/event-stream.js";
import { messagesAfter } from "../messages/repository.js";
import { latestIds, notificationsAfter, unreadCounts } from "./repository.js";

export interface UserEventHub {
  /** Starts the signed-in user's SSE stream of `unread`, `notification` and `message` events. */
  watch(userId: number, res: Response): Promise<void>;
  /** Polls now instead of waiting for the next tick (after a local write commits). */
  nudge(): void;
  close(): void;
  readonly clientCount: number;
}

export interface UserEventHubOptions {
  pollMs: number;
  heartbeatMs: number;
}

/**
 * A row id is taken when its INSERT runs but seen only when its transaction commits, so a
 * lower id can appear after a higher one. Each poll therefore looks back at every id above
 * what was the newest this long ago, and skips the ids it has already sent.
 */
const COMMIT_LAG_MS = 10_000;

/** Sliding "everything at or below this id has been seen" mark for one table. */
class Cursor {
  private floor = 0;
  private newest = 0;
  private readonly samples: { at: number; newest: number }[] = [];
  readonly sent = new Set<number>();

  start(id: number): void {
    this.floor = id;
    this.newest = id;
  }

  get after(): number {
    return this.floor;
  }

  /** True the first time an id is offered. */
  take(id: number): boolean {
    if (id <= this.floor || this.sent.has(id)) return false;
    this.sent.add(id);
    this.newest = Math.max(this.newest, id);
    return true;
  }

  advance(now: number): void {
    this.samples.push({ at: now, newest: this.newest });
    while (this.samples.length > 0 && (this.samples[0]?.at ?? now) <= now - COMMIT_LAG_MS) {
      this.floor = Math.max(this.floor, this.samples.shift()?.newest ?? 0);
    }
    for (const id of this.sent) if (id <= this.floor) this.sent.delete(id);
  }
}

function send(res: Response, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/**
 * Live notifications and messages for signed-in users, fed like the item price events: each
 * replica polls the database for the users whose streams it holds, so a write through any
 * replica (or the settler) reaches every stream without a broker.
 */
export function createUserEventHub(
  pool: Pool,
  options: UserEventHubOptions,
  logger: Logger,
): UserEventHub {
  const clients = new Map<number, Set<Response>>();
  const lastUnread = new Map<number, number>();
  const notifications = new Cursor();
  const messages = new Cursor();
  let started: Promise<void> | undefined;
  let polling = false;
  let again = false;
  let closed = false;

  const toUser = (userId: number, event: string, data: unknown) => {
    for (const res of clients.get(userId) ?? []) send(res, event, data);
  };

  function start(): Promise<void> {
    started ??= latestIds(pool).then((ids) => {
      notifications.start(ids.notification);
      messages.start(ids.message);
    });
    return started;
  }

  async function poll(): Promise<void> {
    const userIds = [...clients.keys()];
    if (userIds.length === 0) return;
    const [newNotifications, newMessages] = await Promise.all([
      notificationsAfter(pool, userIds, notifications.after),
      messagesAfter(pool, userIds, messages.after),
    ]);
    const counts = await unreadCounts(pool, userIds);
    for (const { userId, ...notification } of newNotifications) {
      if (!notifications.take(notification.id)) continue;
      const unreadCount = counts.get(userId) ?? 0;
      lastUnread.set(userId, unreadCount);
      toUser(userId, "notification", { notification, unreadCount });
    }
    for (const { partyIds, ...message } of newMessages) {
      if (!messages.take(message.id)) continue;
      for (const userId of new Set(partyIds)) toUser(userId, "message", { message });
    }
    for (const [userId, unreadCount] of counts) {
      if (lastUnread.get(userId) === unreadCount) continue;
      lastUnread.set(userId, unreadCount);
      toUser(userId, "unread", { unreadCount });
    }
    const now = Date.now();
    notifications.advance(now);
    messages.advance(now);
  }

  function tick(): void {
    if (polling) {
      again = true;
      return;
    }
    polling = true;
    poll()
      .catch((error: unknown) => logger.warn({ err: error }, "live notification poll failed"))
      .finally(() => {
        polling = false;
        if (again && !closed) {
          again = false;
          tick();
        }
      });
  }

  const pollTimer = setInterval(tick, options.pollMs);
  pollTimer.unref();
  const heartbeatTimer = setInterval(() => {
    for (const set of clients.values()) for (const res of set) res.write(": heartbeat\n\n");
  }, options.heartbeatMs);
  heartbeatTimer.unref();

  return {
    async watch(userId, res) {
      await start();
      const [unread] = (await unreadCounts(pool, [userId])).values();
      openEventStream(res);
      if (closed) {
        res.end();
        return;
      }
      let set = clients.get(userId);
      if (!set) {
        set = new Set();
        clients.set(userId, set);
        lastUnread.set(userId, unread ?? 0);
      }
      set.add(res);
      send(res, "unread", { unreadCount: unread ?? 0 });
      res.on("close", () => {
        const current = clients.get(userId);
        current?.delete(res);
        if (current && current.size === 0) {
          clients.delete(userId);
          lastUnread.delete(userId);
        }
      });
    },
    nudge() {
      if (clients.size > 0) tick();
    },
    close() {
      closed = true;
      clearInterval(pollTimer);
      clearInterval(heartbeatTimer);
      for (const set of clients.values()) for (const res of set) res.end();
      clients.clear();
    },
    get clientCount() {
      let count = 0;
      for (const set of clients.values()) count += set.size;
      return count;
    },
  };
}
