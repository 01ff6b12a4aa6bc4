-- SSGBay initial schema. Accepted by MySQL 8.0+ and MariaDB 10.11+.
-- Times are DATETIME(3) in UTC (every connection sets time_zone = '+00:00'); money is BIGINT won.

CREATE TABLE users (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  username      VARCHAR(30)  NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  nickname      VARCHAR(30)  NOT NULL,
  phone         VARCHAR(11)  NOT NULL,
  created_at    DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_users_username (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE items (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  seller_id     BIGINT UNSIGNED NOT NULL,
  title         VARCHAR(100) NOT NULL,
  description   TEXT         NOT NULL,
  image_key     VARCHAR(64)  NOT NULL,
  start_price   BIGINT UNSIGNED NOT NULL,
  current_price BIGINT UNSIGNED NOT NULL,
  bid_count     INT UNSIGNED NOT NULL DEFAULT 0,
  starts_at     DATETIME(3)  NOT NULL,
  ends_at       DATETIME(3)  NOT NULL,
  status        ENUM('open', 'sold', 'unsold') NOT NULL DEFAULT 'open',
  winner_id     BIGINT UNSIGNED NULL,
  final_price   BIGINT UNSIGNED NULL,
  settled_at    DATETIME(3)  NULL,
  created_at    DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  CONSTRAINT fk_items_seller FOREIGN KEY (seller_id) REFERENCES users (id),
  CONSTRAINT fk_items_winner FOREIGN KEY (winner_id) REFERENCES users (id),
  CONSTRAINT ck_items_price CHECK (current_price >= start_price),
  CONSTRAINT ck_items_window CHECK (ends_at > starts_at),
  CONSTRAINT ck_items_outcome CHECK (
    (status = 'open'   AND winner_id IS NULL     AND final_price IS NULL     AND settled_at IS NULL) OR
    (status = 'sold'   AND winner_id IS NOT NULL AND final_price IS NOT NULL AND settled_at IS NOT NULL) OR
    (status = 'unsold' AND winner_id IS NULL     AND final_price IS NULL     AND settled_at IS NOT NULL AND bid_count = 0)
  ),
  -- listing: status filter + "ending soon"; the settler's scan of ended open items
  KEY ix_items_status_ends (status, ends_at),
  -- listing: status filter + "newest" (id grows with creation time)
  KEY ix_items_status_id (status, id),
  -- listing: status filter + price sorts
  KEY ix_items_status_price (status, current_price),
  -- my listings, newest first
  KEY ix_items_seller (seller_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE bids (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  item_id    BIGINT UNSIGNED NOT NULL,
  bidder_id  BIGINT UNSIGNED NOT NULL,
  amount     BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  CONSTRAINT fk_bids_item   FOREIGN KEY (item_id)   REFERENCES items (id) ON DELETE CASCADE,
  CONSTRAINT fk_bids_bidder FOREIGN KEY (bidder_id) REFERENCES users (id),
  -- highest bid per item (amount, then earlier bid, then lower id) and the bid history
  KEY ix_bids_item_rank (item_id, amount DESC, created_at, id),
  -- my bids: every item I bid on with my highest amount
  KEY ix_bids_bidder_item (bidder_id, item_id, amount)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE purchases (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  item_id    BIGINT UNSIGNED NOT NULL,
  buyer_id   BIGINT UNSIGNED NOT NULL,
  price      BIGINT UNSIGNED NOT NULL,
  settled_at DATETIME(3)     NOT NULL,
  PRIMARY KEY (id),
  -- the last line of defence against settling an item twice
  UNIQUE KEY uq_purchases_item (item_id),
  CONSTRAINT fk_purchases_item  FOREIGN KEY (item_id)  REFERENCES items (id),
  CONSTRAINT fk_purchases_buyer FOREIGN KEY (buyer_id) REFERENCES users (id),
  -- my purchases, newest first
  KEY ix_purchases_buyer (buyer_id, settled_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE refresh_tokens (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  user_id     BIGINT UNSIGNED NOT NULL,
  family_id   CHAR(32)        NOT NULL,
  token_hash  CHAR(64)        NOT NULL,
  expires_at  DATETIME(3)     NOT NULL,
  created_at  DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  rotated_at  DATETIME(3)     NULL,
  revoked_at  DATETIME(3)     NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_refresh_tokens_hash (token_hash),
  KEY ix_refresh_tokens_family (family_id),
  KEY ix_refresh_tokens_user (user_id),
  CONSTRAINT fk_refresh_tokens_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
