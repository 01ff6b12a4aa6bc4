import type { User } from "@ssgbay/contract";
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from "mysql2/promise";

type Db = Pool | PoolConnection;

interface UserRow extends RowDataPacket {
  id: number;
  username: string;
  nickname: string;
  password_hash: string;
}

export interface NewUser {
  username: string;
  passwordHash: string;
  nickname: string;
  phone: string;
}

/** Inserts a user; returns undefined when the username is already taken. */
export async function insertUser(db: Db, user: NewUser): Promise<User | undefined> {
  try {
    const [result] = await db.execute<ResultSetHeader>(
      "INSERT INTO users (username, password_hash, nickname, phone) VALUES (?, ?, ?, ?)",
      [user.username, user.passwordHash, user.nickname, user.phone],
    );
    return { id: result.insertId, username: user.username, nickname: user.nickname };
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ER_DUP_ENTRY") {
      return undefined;
    }
    throw error;
  }
}

export async function findUserCredentials(
  db: Db,
  username: string,
): Promise<(User & { passwordHash: string }) | undefined> {
  const [rows] = await db.execute<UserRow[]>(
    "SELECT id, username, nickname, password_hash FROM users WHERE username = ?",
    [username],
  );
  const row = rows[0];
  return (
    row && {
      id: row.id,
      username: row.username,
      nickname: row.nickname,
      passwordHash: row.password_hash,
    }
  );
}

export async function updatePasswordHash(db: Db, id: number, passwordHash: string): Promise<void> {
  await db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [passwordHash, id]);
}

export async function findUserById(db: Db, id: number): Promise<User | undefined> {
  const [rows] = await db.execute<UserRow[]>(
    "SELECT id, username, nickname FROM users WHERE id = ?",
    [id],
  );
  const row = rows[0];
  return row && { id: row.id, username: row.username, nickname: row.nickname };
}

interface RefreshTokenRow extends RowDataPacket {
  id: number;
  user_id: number;
  family_id: string;
  is_expired: 0 | 1;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

export interface StoredRefreshToken {
  id: number;
  userId: number;
  familyId: string;
  expired: boolean;
  used: boolean;
}

export async function insertRefreshToken(
  db: Db,
  token: { userId: number; familyId: string; tokenHash: string; ttlSeconds: number },
): Promise<void> {
  await db.execute(
    `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at)
     VALUES (?, ?, ?, NOW(3) + INTERVAL ? SECOND)`,
    [token.userId, token.familyId, token.tokenHash, token.ttlSeconds],
  );
}

/** Reads a refresh token with its row locked, so two refreshes with it cannot both rotate it. */
export async function lockRefreshToken(
  db: PoolConnection,
  tokenHash: string,
): Promise<StoredRefreshToken | undefined> {
  const [rows] = await db.execute<RefreshTokenRow[]>(
    `SELECT id, user_id, family_id, expires_at <= NOW(3) AS is_expired, rotated_at, revoked_at
     FROM refresh_tokens WHERE token_hash = ? FOR UPDATE`,
    [tokenHash],
  );
  const row = rows[0];
  return (
    row && {
      id: row.id,
      userId: row.user_id,
      familyId: row.family_id,
      expired: Number(row.is_expired) === 1,
      used: row.rotated_at !== null || row.revoked_at !== null,
    }
  );
}

export async function markRotated(db: Db, id: number): Promise<void> {
  await db.execute("UPDATE refresh_tokens SET rotated_at = NOW(3) WHERE id = ?", [id]);
}

export async function revokeFamily(db: Db, familyId: string): Promise<void> {
  await db.execute(
    "UPDATE refresh_tokens SET revoked_at = NOW(3) WHERE family_id = ? AND revoked_at IS NULL",
    [familyId],
  );
}

export async function findFamilyOfToken(db: Db, tokenHash: string): Promise<string | undefined> {
  const [rows] = await db.execute<RefreshTokenRow[]>(
    "SELECT family_id FROM refresh_tokens WHERE token_hash = ?",
    [tokenHash],
  );
  return rows[0]?.family_id;
}
