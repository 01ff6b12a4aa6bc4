import { nicknameKey, type User } from "@ssgbay/contract";
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from "mysql2/promise";

type Db = Pool | PoolConnection;

interface UserRow extends RowDataPacket {
  id: number;
  username: string;
  nickname: string;
  password_hash: string;
  token_version: number;
}

/** A user with the version its access tokens must carry (see migration 0002). */
export interface VersionedUser extends User {
  tokenVersion: number;
}

function versionedUser(row: UserRow): VersionedUser {
  return {
    id: row.id,
    username: row.username,
    nickname: row.nickname,
    tokenVersion: row.token_version,
  };
}

export interface NewUser {
  username: string;
  passwordHash: string;
  nickname: string;
  phone: string;
}

export type InsertUserResult =
  | { inserted: true; user: VersionedUser }
  | { inserted: false; taken: "username" | "nickname" };

/** Inserts a user with its nickname's key; the unique indexes decide what is already taken. */
export async function insertUser(db: Db, user: NewUser): Promise<InsertUserResult> {
  try {
    const [result] = await db.execute<ResultSetHeader>(
      `INSERT INTO users (username, password_hash, nickname, nickname_key, phone)
       VALUES (?, ?, ?, ?, ?)`,
      [user.username, user.passwordHash, user.nickname, nicknameKey(user.nickname), user.phone],
    );
    return {
      inserted: true,
      user: {
        id: result.insertId,
        username: user.username,
        nickname: user.nickname,
        tokenVersion: 0,
      },
    };
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ER_DUP_ENTRY") {
      // The message names the index: `... for key 'uq_users_nickname_key'` (MySQL 8 prefixes
      // the table name).
      const taken = error.message.includes("uq_users_nickname_key") ? "nickname" : "username";
      return { inserted: false, taken };
    }
    throw error;
  }
}

export async function findUserCredentials(
  db: Db,
  username: string,
): Promise<(VersionedUser & { passwordHash: string }) | undefined> {
  const [rows] = await db.execute<UserRow[]>(
    "SELECT id, username, nickname, password_hash, token_version FROM users WHERE username = ?",
    [username],
  );
  const row = rows[0];
  return row && { ...versionedUser(row), passwordHash: row.password_hash };
}

export async function updatePasswordHash(db: Db, id: number, passwordHash: string): Promise<void> {
  await db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [passwordHash, id]);
}

export async function findUserById(db: Db, id: number): Promise<VersionedUser | undefined> {
  const [rows] = await db.execute<UserRow[]>(
    "SELECT id, username, nickname, token_version FROM users WHERE id = ?",
    [id],
  );
  const row = rows[0];
  return row && versionedUser(row);
}

/** The version a user's access tokens must carry, or undefined for no such user. */
export async function findTokenVersion(db: Db, id: number): Promise<number | undefined> {
  const [rows] = await db.execute<UserRow[]>("SELECT token_version FROM users WHERE id = ?", [id]);
  return rows[0]?.token_version;
}

/** Invalidates every access token issued to the user so far. */
export async function bumpTokenVersion(db: Db, id: number): Promise<void> {
  await db.execute("UPDATE users SET token_version = token_version + 1 WHERE id = ?", [id]);
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

export async function findFamilyOfToken(
  db: Db,
  tokenHash: string,
): Promise<{ familyId: string; userId: number } | undefined> {
  const [rows] = await db.execute<RefreshTokenRow[]>(
    "SELECT family_id, user_id FROM refresh_tokens WHERE token_hash = ?",
    [tokenHash],
  );
  const row = rows[0];
  return row && { familyId: row.family_id, userId: row.user_id };
}
