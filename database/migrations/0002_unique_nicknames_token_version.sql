-- Unique nicknames and revocable access tokens. Additive: an API of 0001 keeps working on it.
-- Accepted by MySQL 8.0+ and MariaDB 10.11+.

-- nickname_key: the nickname as readers compare it (NFKC, case folded; the API writes it with
-- `nicknameKey` from @ssgbay/contract). Binary collation, so the UNIQUE index compares exactly
-- that key and not the table's accent- and emoji-blind unicode_ci. NULL is a nickname that
-- claims nothing: rows written before this migration by an older API, and the later ones of
-- nicknames that were already taken twice.
-- token_version: bumped by logout and by refresh-token reuse; an access token carrying an
-- older version is refused (tokens without one count as version 0).
ALTER TABLE users
  ADD COLUMN nickname_key VARCHAR(120) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL AFTER nickname,
  ADD COLUMN token_version INT UNSIGNED NOT NULL DEFAULT 0 AFTER password_hash;

-- Backfill: the first account (lowest id) of each lower-cased nickname keeps it. SQL has no
-- NFKC, so LOWER() stands in; it equals nicknameKey for the Hangul and ASCII nicknames that
-- exist. Later duplicates stay NULL: they keep their name but cannot block anyone else.
UPDATE users AS u
  JOIN (
    SELECT MIN(id) AS id
      FROM users
     GROUP BY LOWER(nickname) COLLATE utf8mb4_bin
  ) AS firsts ON firsts.id = u.id
   SET u.nickname_key = LOWER(u.nickname);

ALTER TABLE users ADD UNIQUE KEY uq_users_nickname_key (nickname_key);
