-- ssgbay:contract-step
-- The listing indexes led by `status`, replaced by 0005's. No release reads through them by
-- name (no FORCE/USE INDEX): the previous release's listing and settlement queries keep working
-- on 0005's indexes, so this step may ship in the same release as 0005.
-- Accepted by MySQL 8.0+ and MariaDB 10.11+.
ALTER TABLE items
  DROP KEY ix_items_status_id,
  DROP KEY ix_items_status_price,
  DROP KEY ix_items_category_status_ends;
