-- Scale (issue 18): listing indexes without the redundant `status` prefix, and the n-gram table
-- behind search. Additive only: the indexes they replace are dropped by the contract step 0006.
-- Accepted by MySQL 8.0+ and MariaDB 10.11+.

-- An open item has ends_at > NOW(3), so `status` in front of a listing index only makes every
-- settlement (which changes status) move the row in it. ix_items_status_ends stays: it is the
-- settler's scan of ended open items and the "ending" listing. "latest" walks the primary key.
ALTER TABLE items
  -- both price sorts walk it, price_desc backwards (ties: the higher id first, price_asc the lower)
  ADD KEY ix_items_price_id (current_price, id),
  -- home's category filter with "ending soon"
  ADD KEY ix_items_category_ends (category, ends_at);

-- Positions 1..5,100 in a text (title ≤ 100, description ≤ 5,000 characters): what the n-gram
-- statement joins to cut a text into pieces, a range on the primary key per text.
CREATE TABLE text_positions (
  n SMALLINT UNSIGNED NOT NULL,
  PRIMARY KEY (n)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO text_positions (n)
SELECT 1 + d0.d + 10 * d1.d + 100 * d2.d + 1000 * d3.d
  FROM (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
        UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) AS d0
 CROSS JOIN (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
        UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) AS d1
 CROSS JOIN (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
        UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) AS d2
 CROSS JOIN (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
        UNION ALL SELECT 5) AS d3
 WHERE 1 + d0.d + 10 * d1.d + 100 * d2.d + 1000 * d3.d <= 5100;

-- Every two-character piece of an item's title and description (the last character of each
-- text alone as well), in the texts' own collation, so a gram compares as LIKE compares: case-
-- and accent-insensitive. Search narrows to the items holding the query's grams, then applies
-- LIKE to them (@ssgbay/database item-search.ts writes the rows, with the item).
CREATE TABLE item_ngrams (
  gram    VARCHAR(2)      NOT NULL,
  item_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (gram, item_id),
  KEY ix_item_ngrams_item (item_id),
  CONSTRAINT fk_item_ngrams_item FOREIGN KEY (item_id) REFERENCES items (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Backfill: the same statement item-search.ts runs for new items, over every existing one.
INSERT INTO item_ngrams (gram, item_id)
SELECT SUBSTRING(i.title, p.n, 2), i.id
  FROM items i JOIN text_positions p ON p.n <= CHAR_LENGTH(i.title)
UNION
SELECT SUBSTRING(i.description, p.n, 2), i.id
  FROM items i JOIN text_positions p ON p.n <= CHAR_LENGTH(i.description);
