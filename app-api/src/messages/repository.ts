import type { Message } from "@ssgbay/contract";
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { type PageRequest, readNewestFirstPage } from "../db/pages.js";

type Db = Pool | PoolConnection;

interface MessageRow extends RowDataPacket {
  id: number;
  item_id: number;
  sender_id: number;
  sender_nickname: string;
  body: string;
  created_at: Date;
}

const columns = `m.id, m.item_id, m.sender_id, u.nickname AS sender_nickname, m.body, m.created_at`;

function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    itemId: row.item_id,
    sender: { id: row.sender_id, nickname: row.sender_nickname },
    body: row.body,
    createdAt: row.created_at.toISOString(),
  };
}

export async function insertMessage(
  db: PoolConnection,
  message: { itemId: number; senderId: number; body: string },
): Promise<Message> {
  const [result] = await db.execute<ResultSetHeader>(
    "INSERT INTO sale_messages (item_id, sender_id, body, created_at) VALUES (?, ?, ?, NOW(3))",
    [message.itemId, message.senderId, message.body],
  );
  const [rows] = await db.execute<MessageRow[]>(
    `SELECT ${columns} FROM sale_messages m JOIN users u ON u.id = m.sender_id WHERE m.id = ?`,
    [result.insertId],
  );
  const row = rows[0];
  if (!row) throw new Error("the message just written is missing");
  return toMessage(row);
}

interface CountRow extends RowDataPacket {
  sent: number;
}

/** Serialises one sender's messages, so concurrent sends cannot slip past the rate limit. */
export async function lockSender(db: PoolConnection, senderId: number): Promise<void> {
  await db.execute("SELECT id FROM users WHERE id = ? FOR UPDATE", [senderId]);
}

/** Messages the user wrote in the last minute, over every thread (the rate limit). */
export async function messagesSentInLastMinute(db: Db, senderId: number): Promise<number> {
  const [rows] = await db.execute<CountRow[]>(
    `SELECT COUNT(*) AS sent FROM sale_messages
     WHERE sender_id = ? AND created_at > NOW(3) - INTERVAL 1 MINUTE`,
    [senderId],
  );
  return Number(rows[0]?.sent ?? 0);
}

/** One page of a thread, newest first, and the id the next (older) page starts below. */
export async function listMessages(
  db: Db,
  itemId: number,
  page: PageRequest,
): Promise<{ messages: Message[]; nextBefore: number | null }> {
  const select = `SELECT ${columns} FROM sale_messages m JOIN users u ON u.id = m.sender_id WHERE m.item_id = ?`;
  const { shown, nextBefore } = await readNewestFirstPage(
    db,
    [select, [itemId], "m.id"],
    page,
    toMessage,
  );
  return { messages: shown, nextBefore };
}

/** Messages newer than `afterId` in the sales of any of the users, with both parties' ids. */
export async function messagesAfter(
  db: Db,
  userIds: number[],
  afterId: number,
): Promise<(Message & { partyIds: [number, number] })[]> {
  if (userIds.length === 0) return [];
  const [rows] = await db.query<(MessageRow & { seller_id: number; buyer_id: number })[]>(
    `SELECT ${columns}, i.seller_id, p.buyer_id
     FROM sale_messages m JOIN users u ON u.id = m.sender_id
     JOIN items i ON i.id = m.item_id JOIN purchases p ON p.item_id = m.item_id
     WHERE m.id > ? AND (i.seller_id IN (?) OR p.buyer_id IN (?)) ORDER BY m.id`,
    [afterId, userIds, userIds],
  );
  return rows.map((row) => ({ ...toMessage(row), partyIds: [row.seller_id, row.buyer_id] }));
}
