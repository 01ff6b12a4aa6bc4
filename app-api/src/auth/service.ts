import type { User } from "@ssgbay/contract";
import type { Pool, PoolConnection } from "mysql2/promise";
import { withTransaction } from "../db/transaction.js";
import { HttpError } from "../http/errors.js";
import type { PasswordHasher } from "./password.js";
import { assertUncommonPassword } from "./password-policy.js";
import {
  bumpTokenVersion,
  findFamilyOfToken,
  findUserById,
  findUserCredentials,
  insertRefreshToken,
  insertUser,
  lockRefreshToken,
  markRotated,
  revokeFamily,
  updatePasswordHash,
  type VersionedUser,
} from "./repository.js";
import {
  hashRefreshToken,
  type JwtKey,
  newRefreshToken,
  newTokenFamily,
  REFRESH_TOKEN_SECONDS,
  signAccessToken,
} from "./tokens.js";

export interface Session {
  user: User;
  accessToken: string;
  expiresAt: Date;
  refreshToken: string;
}

export interface AuthService {
  signup(input: {
    username: string;
    password: string;
    nickname: string;
    phone: string;
  }): Promise<Session>;
  login(input: { username: string; password: string }): Promise<Session>;
  refresh(refreshToken: string | undefined): Promise<Session>;
  /**
   * Ends the login of the refresh token and, for its user and the user of a still valid access
   * token (`accessUserId`), every access token issued so far.
   */
  logout(refreshToken: string | undefined, accessUserId: number | undefined): Promise<void>;
  me(userId: number): Promise<User>;
}

const unauthenticated = () => new HttpError("UNAUTHENTICATED", "Sign in to continue.");

export function createAuthService(
  pool: Pool,
  jwtKey: JwtKey,
  passwords: PasswordHasher,
): AuthService {
  async function issueRefreshToken(
    db: Pool | PoolConnection,
    userId: number,
    familyId: string,
  ): Promise<string> {
    const refreshToken = newRefreshToken();
    await insertRefreshToken(db, {
      userId,
      familyId,
      tokenHash: hashRefreshToken(refreshToken),
      ttlSeconds: REFRESH_TOKEN_SECONDS,
    });
    return refreshToken;
  }

  function session(user: VersionedUser, refreshToken: string): Session {
    const access = signAccessToken(user.id, user.tokenVersion, jwtKey);
    const { tokenVersion: _version, ...publicUser } = user;
    return {
      user: publicUser,
      accessToken: access.token,
      expiresAt: access.expiresAt,
      refreshToken,
    };
  }

  async function startSession(user: VersionedUser): Promise<Session> {
    return session(user, await issueRefreshToken(pool, user.id, newTokenFamily()));
  }

  return {
    async signup(input) {
      assertUncommonPassword(input.password);
      const result = await insertUser(pool, {
        username: input.username,
        passwordHash: await passwords.hash(input.password),
        nickname: input.nickname,
        phone: input.phone,
      });
      if (result.inserted) return startSession(result.user);
      if (result.taken === "nickname") {
        throw new HttpError("NICKNAME_TAKEN", "That nickname is already taken.", [
          { field: "body.nickname", message: "is already taken" },
        ]);
      }
      throw new HttpError("USERNAME_TAKEN", "That username is already taken.");
    },

    async login(input) {
      const found = await findUserCredentials(pool, input.username);
      if (!found) {
        await passwords.verifyAgainstNobody(input.password);
        throw new HttpError("INVALID_CREDENTIALS", "Wrong username or password.");
      }
      const { valid, outdated } = await passwords.verify(input.password, found.passwordHash);
      if (!valid) throw new HttpError("INVALID_CREDENTIALS", "Wrong username or password.");
      // The only moment the password is known: move an old hash to today's parameters.
      if (outdated) await updatePasswordHash(pool, found.id, await passwords.hash(input.password));
      const { passwordHash: _hash, ...user } = found;
      return startSession(user);
    },

    async refresh(refreshToken) {
      if (refreshToken === undefined) throw unauthenticated();
      const tokenHash = hashRefreshToken(refreshToken);
      const outcome = await withTransaction(pool, async (connection) => {
        const stored = await lockRefreshToken(connection, tokenHash);
        if (!stored || stored.expired) return { ok: false as const };
        if (stored.used) {
          // A rotated token came back: it was stolen or replayed, so end the whole login, and
          // the access tokens the thief may already hold with it.
          await revokeFamily(connection, stored.familyId);
          await bumpTokenVersion(connection, stored.userId);
          return { ok: false as const };
        }
        const user = await findUserById(connection, stored.userId);
        if (!user) return { ok: false as const };
        await markRotated(connection, stored.id);
        const next = await issueRefreshToken(connection, user.id, stored.familyId);
        return { ok: true as const, user, refreshToken: next };
      });
      if (!outcome.ok) throw unauthenticated();
      return session(outcome.user, outcome.refreshToken);
    },

    async logout(refreshToken, accessUserId) {
      if (refreshToken === undefined && accessUserId === undefined) return;
      const users = new Set<number>();
      if (accessUserId !== undefined) users.add(accessUserId);
      await withTransaction(pool, async (connection) => {
        if (refreshToken !== undefined) {
          const family = await findFamilyOfToken(connection, hashRefreshToken(refreshToken));
          if (family !== undefined) {
            await revokeFamily(connection, family.familyId);
            users.add(family.userId);
          }
        }
        for (const userId of users) await bumpTokenVersion(connection, userId);
      });
    },

    async me(userId) {
      const user = await findUserById(pool, userId);
      if (!user) throw unauthenticated();
      return { id: user.id, username: user.username, nickname: user.nickname };
    },
  };
}
