import { afterSaleLimits, type PublicProfile } from "@ssgbay/contract";
import type { Pool, RowDataPacket } from "mysql2/promise";
import { type RatingRow, ratingColumns, toRating } from "../sales/repository.js";

interface UserRow extends RowDataPacket {
  id: number;
  username: string;
  nickname: string;
  created_at: Date;
}

interface SummaryRow extends RowDataPacket {
  count: number;
  average: string | number | null;
}

/** What anyone may read of a user: never the phone number or anything about their sessions. */
export async function findPublicProfile(
  pool: Pool,
  userId: number,
): Promise<PublicProfile | undefined> {
  const [users] = await pool.execute<UserRow[]>(
    "SELECT id, username, nickname, created_at FROM users WHERE id = ?",
    [userId],
  );
  const user = users[0];
  if (!user) return undefined;
  const [[summary], [recent]] = await Promise.all([
    pool.execute<SummaryRow[]>(
      "SELECT COUNT(*) AS count, AVG(score) AS average FROM sale_ratings WHERE ratee_id = ?",
      [userId],
    ),
    pool.query<RatingRow[]>(
      `SELECT ${ratingColumns} FROM sale_ratings r JOIN users ru ON ru.id = r.rater_id
       WHERE r.ratee_id = ? ORDER BY r.created_at DESC, r.item_id DESC LIMIT ?`,
      [userId, afterSaleLimits.profileRecentRatings],
    ),
  ]);
  const average = summary[0]?.average;
  return {
    id: user.id,
    username: user.username,
    nickname: user.nickname,
    joinedAt: user.created_at.toISOString(),
    ratings: {
      count: Number(summary[0]?.count ?? 0),
      average:
        average === null || average === undefined ? null : Math.round(Number(average) * 10) / 10,
      recent: recent.map(toRating),
    },
  };
}
