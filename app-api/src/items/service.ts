import {
  type ItemDetail,
  type ItemSummary,
  type ListItemsQuery,
  limits,
  type NewItemFields,
} from "@ssgbay/contract";
import type { Pool } from "mysql2/promise";
import { withTransaction } from "../db/transaction.js";
import { HttpError } from "../http/errors.js";
import { normaliseImage } from "../images/normalise.js";
import type { ImageStore } from "../images/storage.js";
import {
  databaseNow,
  deleteItem,
  findItemDetail,
  insertItem,
  listItems,
  lockItemForDelete,
} from "./repository.js";

export interface ItemsService {
  list(query: ListItemsQuery): Promise<{ items: ItemSummary[]; total: number }>;
  detail(id: number): Promise<ItemDetail>;
  create(
    sellerId: number,
    fields: NewItemFields,
    image: Uint8Array | undefined,
  ): Promise<ItemDetail>;
  remove(userId: number, id: number): Promise<void>;
}

const notFound = () => new HttpError("NOT_FOUND", "No such item.");

export function createItemsService(
  pool: Pool,
  images: ImageStore,
  maxImagePixels: number,
): ItemsService {
  async function detail(id: number): Promise<ItemDetail> {
    const item = await findItemDetail(pool, id);
    if (!item) throw notFound();
    return item;
  }

  return {
    list: (query) => listItems(pool, query),
    detail,

    async create(sellerId, fields, image) {
      if (image === undefined) {
        throw new HttpError("VALIDATION_FAILED", "The request is not valid.", [
          { field: "body.image", message: "an image file is required" },
        ]);
      }
      const now = await databaseNow(pool);
      const duration = fields.endsAt.getTime() - now.getTime();
      if (duration < limits.auctionMinDurationMs || duration > limits.auctionMaxDurationMs) {
        throw new HttpError("VALIDATION_FAILED", "The request is not valid.", [
          { field: "body.endsAt", message: "must be between 1 minute and 30 days from now" },
        ]);
      }
      const stored = await normaliseImage(image, maxImagePixels);
      const imageKey = await images.save(stored.bytes, stored.extension);
      try {
        const id = await insertItem(pool, {
          sellerId,
          title: fields.title,
          description: fields.description,
          imageKey,
          startPrice: fields.startPrice,
          startsAt: now,
          endsAt: fields.endsAt,
        });
        return await detail(id);
      } catch (error) {
        await images.remove(imageKey);
        throw error;
      }
    },

    async remove(userId, id) {
      const imageKey = await withTransaction(pool, async (connection) => {
        const item = await lockItemForDelete(connection, id);
        if (!item) throw notFound();
        if (item.sellerId !== userId) {
          throw new HttpError("FORBIDDEN", "Only the seller can delete this item.");
        }
        if (item.bidCount > 0) {
          throw new HttpError("HAS_BIDS", "An item that has bids cannot be deleted.");
        }
        await deleteItem(connection, id);
        return item.imageKey;
      });
      await images.remove(imageKey);
    },
  };
}
