-- Richer listings (issue 17): every photo of an item in order, category, condition, trade method
-- and area, an optional buy-now price, and the watchlist. Additive only: items.image_key stays
-- the cover (position 0), so code that reads one photo keeps working.

CREATE TABLE item_images (
  item_id   BIGINT UNSIGNED  NOT NULL,
  -- 0 is the cover; at most 8 photos (limits.imagesPerItemMax)
  position  TINYINT UNSIGNED NOT NULL,
  image_key VARCHAR(64)      NOT NULL,
  PRIMARY KEY (item_id, position),
  CONSTRAINT fk_item_images_item FOREIGN KEY (item_id) REFERENCES items (id) ON DELETE CASCADE,
  CONSTRAINT ck_item_images_position CHECK (position < 8)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- every existing item's one photo becomes its cover
INSERT INTO item_images (item_id, position, image_key) SELECT id, 0, image_key FROM items;

ALTER TABLE items
  ADD COLUMN category       VARCHAR(20) NOT NULL DEFAULT 'etc',
  ADD COLUMN item_condition ENUM('new', 'like_new', 'used', 'for_parts') NOT NULL DEFAULT 'used',
  ADD COLUMN trade_method   ENUM('meetup', 'delivery', 'both') NOT NULL DEFAULT 'delivery',
  ADD COLUMN trade_area     VARCHAR(40) NULL,
  ADD COLUMN buy_now_price  BIGINT UNSIGNED NULL,
  ADD CONSTRAINT ck_items_trade_area CHECK (trade_method = 'delivery' OR trade_area IS NOT NULL),
  ADD CONSTRAINT ck_items_buy_now CHECK (buy_now_price IS NULL OR buy_now_price > start_price),
  -- home's category filter, with the status filter and "ending soon"
  ADD KEY ix_items_category_status_ends (category, status, ends_at);

CREATE TABLE watchlist (
  user_id    BIGINT UNSIGNED NOT NULL,
  item_id    BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (user_id, item_id),
  -- how many watch an item; who watches an item that is ending
  KEY ix_watchlist_item (item_id),
  CONSTRAINT fk_watchlist_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_watchlist_item FOREIGN KEY (item_id) REFERENCES items (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
