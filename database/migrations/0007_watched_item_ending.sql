-- Watched items that are ending (issue 17): the settler's sweep tells each watcher once, with a
-- notification of the new kind `ending` whose once-key is `ending:<item>:<user>` (up to 48
-- characters with two BIGINT ids, hence the longer column). Additive only: one more ENUM value
-- and a wider VARCHAR; the previous release reads and writes both as before.
-- Accepted by MySQL 8.0+ and MariaDB 10.11+.

ALTER TABLE notifications
  MODIFY COLUMN kind ENUM('outbid', 'sold', 'unsold', 'won', 'message', 'ending') NOT NULL,
  MODIFY COLUMN once_key VARCHAR(64) NULL;
