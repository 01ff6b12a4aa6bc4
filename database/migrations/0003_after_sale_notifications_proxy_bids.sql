-- After the sale (handover, messages, ratings), notifications and proxy bids. Additive only.
-- Accepted by MySQL 8.0+ and MariaDB 10.11+.

ALTER TABLE purchases ADD COLUMN handed_over_at DATETIME(3) NULL;

-- One standing maximum per bidder and item; never shown to anyone but its bidder.
CREATE TABLE proxy_bids (
  item_id    BIGINT UNSIGNED NOT NULL,
  bidder_id  BIGINT UNSIGNED NOT NULL,
  max_amount BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(3)     NOT NULL,
  updated_at DATETIME(3)     NOT NULL,
  PRIMARY KEY (item_id, bidder_id),
  CONSTRAINT fk_proxy_bids_item   FOREIGN KEY (item_id)   REFERENCES items (id) ON DELETE CASCADE,
  CONSTRAINT fk_proxy_bids_bidder FOREIGN KEY (bidder_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The thread between the buyer and the seller of a sold item.
CREATE TABLE sale_messages (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  item_id    BIGINT UNSIGNED NOT NULL,
  sender_id  BIGINT UNSIGNED NOT NULL,
  body       VARCHAR(1000)   NOT NULL,
  created_at DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  CONSTRAINT fk_sale_messages_item   FOREIGN KEY (item_id)   REFERENCES items (id),
  CONSTRAINT fk_sale_messages_sender FOREIGN KEY (sender_id) REFERENCES users (id),
  -- one thread, newest first
  KEY ix_sale_messages_item (item_id, id),
  -- the per-sender rate limit
  KEY ix_sale_messages_sender (sender_id, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One rating per party of a sale.
CREATE TABLE sale_ratings (
  item_id    BIGINT UNSIGNED  NOT NULL,
  rater_id   BIGINT UNSIGNED  NOT NULL,
  ratee_id   BIGINT UNSIGNED  NOT NULL,
  score      TINYINT UNSIGNED NOT NULL,
  comment    VARCHAR(300)     NOT NULL,
  created_at DATETIME(3)      NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (item_id, rater_id),
  CONSTRAINT fk_sale_ratings_item  FOREIGN KEY (item_id)  REFERENCES items (id),
  CONSTRAINT fk_sale_ratings_rater FOREIGN KEY (rater_id) REFERENCES users (id),
  CONSTRAINT fk_sale_ratings_ratee FOREIGN KEY (ratee_id) REFERENCES users (id),
  CONSTRAINT ck_sale_ratings_score CHECK (score BETWEEN 1 AND 5),
  -- a profile's ratings, newest first
  KEY ix_sale_ratings_ratee (ratee_id, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE notifications (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  user_id    BIGINT UNSIGNED NOT NULL,
  kind       ENUM('outbid', 'sold', 'unsold', 'won', 'message') NOT NULL,
  item_id    BIGINT UNSIGNED NOT NULL,
  amount     BIGINT UNSIGNED NULL,
  -- set for notifications that may exist once only (`sold:<item>`, `won:<item>`, …):
  -- the last defence of exactly once, as the unique purchase is for settlement
  once_key   VARCHAR(40)     NULL,
  read_at    DATETIME(3)     NULL,
  created_at DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_notifications_once (once_key),
  CONSTRAINT fk_notifications_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_notifications_item FOREIGN KEY (item_id) REFERENCES items (id) ON DELETE CASCADE,
  -- my notifications, newest first, and the live stream's "newer than" poll
  KEY ix_notifications_user (user_id, id),
  KEY ix_notifications_unread (user_id, read_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
