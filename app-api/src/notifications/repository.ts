import type { Notification, NotificationKind } from "@ssgbay/contract";
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { type PageRequest, readNewestFirstPage } from "../db/pages.js";

type Db = Pool | PoolConnection;

export interface NewNotification {
  userId: number;
  kind: NotificationKind;
  itemId: number;
  amount: number | null;
}

/** Written inside the transaction of what caused it, so it exists exactly when its cause does. */
export async function insertNotification(db: Db, notification: NewNotification): Promise<void> {
  await db.execute(
    "INSERT INTO notifications (user_id, kind, item_id, amount) VALUES (?, ?, ?, ?)",
    [notification.userId, notification.kind, notification.itemId, notification.amount],
  );
}

interface NotificationRow extends RowDataPacket {
  id: number;
  user_id: number;
  kind: NotificationKind;
  item_id: number;
  title: string;
  amount: number | null;
  read_at: Date | null;
  created_at: Date;
}

const columns = `n.id, n.user_id, n.kind, n.item_id, i.title, n.amount, n.read_at, n.created_at`;

function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind,
    item: { id: row.item_id, title: row.title },
    amount: row.amount === null ? null : Number(row.amount),
    read: row.read_at !== null,
    createdAt: row.created_at.toISOString(),
  };
}

/** One page of a user's notifications, newest first, and the id the next page starts below. */
export async function listNotifications(
  db: Db,
  userId: number,
  page: PageRequest,
): Promise<{ notifications: Notification[]; nextBefore: number | null }> {
  const select = `SELECT ${columns} FROM notifications n JOIN items i ON i.id = n.item_id WHERE n.user_id = ?`;
  const { shown, nextBefore } = await readNewestFirstPage(
    db,
    [select, [userId], "n.id"],
    page,
    toNotification,
  );
  return { notifications: shown, nextBefore };
}

interface CountRow extends RowDataPacket {
  unread: number;
}

export async function unreadCount(db: Db, userId: number): Promise<number> {
  const [rows] = await db.execute<CountRow[]>(
    "SELECT COUNT(*) AS unread FROM notifications WHERE user_id = ? AND read_at IS NULL",
    [userId],
  );
  return Number(rows[0]?.unread ?? 0);
}

/** Marks the user's own notifications read: the given ids (others' ids are ignored) or all. */
export async function markRead(db: Db, userId: number, ids: number[] | "all"): Promise<void> {
  if (ids === "all") {
    await db.execute(
      "UPDATE notifications SET read_at = NOW(3) WHERE user_id = ? AND read_at IS NULL",
      [userId],
    );
    return;
  }
  await db.query<ResultSetHeader>(
    "UPDATE notifications SET read_at = NOW(3) WHERE user_id = ? AND id IN (?) AND read_at IS NULL",
    [userId, ids],
  );
}

/** Notifications newer than `afterId` for any of the users (the live stream's poll). */
export async function notificationsAfter(
  db: Db,
  userIds: number[],
  afterId: number,
): Promise<(Notification & { userId: number })[]> {
  if (userIds.length === 0) return [];
  const [rows] = await db.query<NotificationRow[]>(
    `SELECT ${columns} FROM notifications n JOIN items i ON i.id = n.item_id
     WHERE n.id > ? AND n.user_id IN (?) ORDER BY n.id`,
    [afterId, userIds],
  );
  return rows.map((row) => ({ ...toNotification(row), userId: row.user_id }));
}

interface MaxRow extends RowDataPacket {
  last: number | null;
}

/** The newest notification id and message id: where a live stream starts listening. */
export async function latestIds(db: Db): Promise<{ notification: number; message: number }> {
  const [rows] = await db.query<MaxRow[]>(
    `SELECT (SELECT COALESCE(MAX(id), 0) FROM notifications) AS last
     UNION ALL SELECT (SELECT COALESCE(MAX(id), 0) FROM sale_messages)`,
  );
  return { notification: Number(rows[0]?.last ?? 0), message: Number(rows[1]?.last ?? 0) };
}

interface UnreadRow extends RowDataPacket {
  user_id: number;
  unread: number;
}

/** The unread count of each of the users (0 for those without unread notifications). */
export async function unreadCounts(db: Db, userIds: number[]): Promise<Map<number, number>> {
  const counts = new Map(userIds.map((id) => [id, 0]));
  if (userIds.length === 0) return counts;
  const [rows] = await db.query<UnreadRow[]>(
    `SELECT user_id, COUNT(*) AS unread FROM notifications
     WHERE user_id IN (?) AND read_at IS NULL GROUP BY user_id`,
    [userIds],
  );
  for (const row of rows) counts.set(row.user_id, Number(row.unread));
  return counts;
}
