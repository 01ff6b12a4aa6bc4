import {
  type FieldProblem,
  type ItemDetail,
  type ItemSummary,
  type ListItemsQuery,
  limits,
  meetsInPerson,
  type NewItemFields,
} from "@ssgbay/contract";
import type { Pool } from "mysql2/promise";
import { withTransaction } from "../db/transaction.js";
import { HttpError } from "../http/errors.js";
import { normaliseImage } from "../images/normalise.js";
import type { ImageStore } from "../images/storage.js";
import { buyNowInTransaction } from "./buy-now.js";
import {
  databaseNow,
  deleteItem,
  findItemDetail,
  insertItem,
  listItems,
  lockItemForSeller,
  replaceImageOrder,
} from "./repository.js";

export interface ItemsService {
  list(query: ListItemsQuery): Promise<{ items: ItemSummary[]; total: number }>;
  detail(id: number): Promise<ItemDetail>;
  /** `images` in the seller's order: the first is the cover. */
  create(sellerId: number, fields: NewItemFields, images: Uint8Array[]): Promise<ItemDetail>;
  remove(userId: number, id: number): Promise<void>;
  buyNow(buyerId: number, id: number): Promise<ItemDetail>;
  /** `order`: the current photo positions in the new order (see photoOrderBodySchema). */
  reorderPhotos(sellerId: number, id: number, order: number[]): Promise<ItemDetail>;
}

const invalid = (problems: FieldProblem[]) =>
  new HttpError("VALIDATION_FAILED", "The request is not valid.", problems);

/** The rules between fields, which their schema cannot see one at a time. */
function crossFieldProblems(fields: NewItemFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (meetsInPerson(fields.tradeMethod) && fields.tradeArea === undefined) {
    problems.push({ field: "body.tradeArea", message: "is required for a meet-up trade" });
  }
  if (fields.buyNowPrice !== undefined && fields.buyNowPrice <= fields.startPrice) {
    problems.push({ field: "body.buyNowPrice", message: "must be more than the start price" });
  }
  return problems;
}

const notFound = () => new HttpError("NOT_FOUND", "No such item.");

export function createItemsService(
  pool: Pool,
  images: ImageStore,
  maxImagePixels: number,
  /** Called after an item changed outside a bid (bought now), so live viewers hear about it. */
  onChanged: (itemId: number) => void = () => {},
): ItemsService {
  async function detail(id: number): Promise<ItemDetail> {
    const item = await findItemDetail(pool, id);
    if (!item) throw notFound();
    return item;
  }

  return {
    list: (query) => listItems(pool, query),
    detail,

    async create(sellerId, fields, uploads) {
      const first = uploads[0];
      if (first === undefined) {
        throw invalid([{ field: "body.image", message: "an image file is required" }]);
      }
      const problems = crossFieldProblems(fields);
      if (problems.length > 0) throw invalid(problems);
      const now = await databaseNow(pool);
      const duration = fields.endsAt.getTime() - now.getTime();
      if (duration < limits.auctionMinDurationMs || duration > limits.auctionMaxDurationMs) {
        throw invalid([
          { field: "body.endsAt", message: "must be between 1 minute and 30 days from now" },
        ]);
      }
      // every photo is checked and re-encoded before any is stored
      const normalised = [];
      for (const upload of [first, ...uploads.slice(1)]) {
        normalised.push(await normaliseImage(upload, maxImagePixels));
      }
      const stored: string[] = [];
      try {
        for (const image of normalised)
          stored.push(await images.save(image.bytes, image.extension));
        const [cover, ...rest] = stored;
        if (cover === undefined) throw new Error("no image was stored");
        const id = await withTransaction(pool, (connection) =>
          insertItem(connection, {
            sellerId,
            title: fields.title,
            description: fields.description,
            imageKeys: [cover, ...rest],
            startPrice: fields.startPrice,
            startsAt: now,
            endsAt: fields.endsAt,
            category: fields.category,
            condition: fields.condition,
            tradeMethod: fields.tradeMethod,
            tradeArea: meetsInPerson(fields.tradeMethod) ? (fields.tradeArea ?? null) : null,
            buyNowPrice: fields.buyNowPrice ?? null,
          }),
        );
        return await detail(id);
      } catch (error) {
        await Promise.all(stored.map((key) => images.remove(key)));
        throw error;
      }
    },

    async buyNow(buyerId, id) {
      await withTransaction(pool, (connection) => buyNowInTransaction(connection, id, buyerId));
      onChanged(id);
      return detail(id);
    },

    async reorderPhotos(userId, id, order) {
      await withTransaction(pool, async (connection) => {
        const item = await lockItemForSeller(connection, id);
        if (!item) throw notFound();
        if (item.sellerId !== userId) {
          throw new HttpError("FORBIDDEN", "Only the seller can reorder the photos.");
        }
        if (!item.open) throw new HttpError("AUCTION_CLOSED", "This auction has ended.");
        if (item.bidCount > 0) {
          throw new HttpError("HAS_BIDS", "Photos can be reordered only before the first bid.");
        }
        const reordered = order.flatMap((position) => item.imageKeys[position] ?? []);
        const [cover, ...rest] = reordered;
        const everyOnce = new Set(order).size === item.imageKeys.length;
        if (cover === undefined || !everyOnce || reordered.length !== item.imageKeys.length) {
          throw invalid([
            {
              field: "body.order",
              message: `must list each of the item's ${item.imageKeys.length} photos once`,
            },
          ]);
        }
        await replaceImageOrder(connection, id, [cover, ...rest]);
      });
      return detail(id);
    },

    async remove(userId, id) {
      const imageKeys = await withTransaction(pool, async (connection) => {
        const item = await lockItemForSeller(connection, id);
        if (!item) throw notFound();
        if (item.sellerId !== userId) {
          throw new HttpError("FORBIDDEN", "Only the seller can delete this item.");
        }
        if (item.bidCount > 0) {
          throw new HttpError("HAS_BIDS", "An item that has bids cannot be deleted.");
        }
        await deleteItem(connection, id);
        return item.imageKeys;
      });
      await Promise.all(imageKeys.map((key) => images.remove(key)));
    },
  };
}
