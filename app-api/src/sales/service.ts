import {
  afterSaleLimits,
  type Message,
  type MessagePage,
  type PageQuery,
  type Rating,
  type Sale,
} from "@ssgbay/contract";
import type { Pool, PoolConnection } from "mysql2/promise";
import { withTransaction } from "../db/transaction.js";
import { HttpError } from "../http/errors.js";
import {
  insertMessage,
  listMessages,
  lockSender,
  messagesSentInLastMinute,
} from "../messages/repository.js";
import { insertNotification } from "../notifications/repository.js";
import {
  findSaleParties,
  insertRating,
  markHandedOver,
  ratingsOfSale,
  readContact,
  type SaleParties,
} from "./repository.js";

export interface SalesService {
  get(itemId: number, userId: number): Promise<Sale>;
  markHandedOver(itemId: number, userId: number): Promise<Sale>;
  rate(itemId: number, userId: number, rating: { score: number; comment: string }): Promise<Rating>;
  messages(itemId: number, userId: number, page: PageQuery): Promise<MessagePage>;
  send(itemId: number, userId: number, body: string): Promise<Message>;
}

export interface SalesServiceOptions {
  /** Called after a message has committed, so the parties' live streams hear about it. */
  onMessage: () => void;
}

/** Only the buyer and the seller of a sold item get past this; anyone else is refused. */
async function partiesFor(
  db: Pool | PoolConnection,
  itemId: number,
  userId: number,
  options: { lock?: boolean } = {},
): Promise<SaleParties> {
  const parties = await findSaleParties(db, itemId, options);
  if (!parties) throw new HttpError("NOT_FOUND", "This item has not been sold.");
  if (userId !== parties.buyerId && userId !== parties.sellerId) {
    throw new HttpError("FORBIDDEN", "Only the buyer and the seller can see this sale.");
  }
  return parties;
}

const otherParty = (parties: SaleParties, userId: number) =>
  userId === parties.sellerId ? parties.buyerId : parties.sellerId;

export function createSalesService(pool: Pool, options: SalesServiceOptions): SalesService {
  async function view(db: Pool | PoolConnection, parties: SaleParties, userId: number) {
    const counterpartId = otherParty(parties, userId);
    const [counterpart, ratings] = await Promise.all([
      readContact(db, counterpartId),
      ratingsOfSale(db, parties.itemId),
    ]);
    return {
      itemId: parties.itemId,
      title: parties.title,
      role: userId === parties.sellerId ? "seller" : "buyer",
      finalPrice: parties.finalPrice,
      settledAt: parties.settledAt.toISOString(),
      handedOverAt: parties.handedOverAt?.toISOString() ?? null,
      counterpart,
      myRating: ratings.find((rating) => rating.rater.id === userId) ?? null,
      theirRating: ratings.find((rating) => rating.rater.id === counterpartId) ?? null,
    } satisfies Sale;
  }

  return {
    async get(itemId, userId) {
      return view(pool, await partiesFor(pool, itemId, userId), userId);
    },

    async markHandedOver(itemId, userId) {
      await withTransaction(pool, async (db) => {
        const parties = await partiesFor(db, itemId, userId, { lock: true });
        if (userId !== parties.sellerId) {
          throw new HttpError("FORBIDDEN", "Only the seller marks the item handed over.");
        }
        await markHandedOver(db, itemId);
      });
      return view(pool, await partiesFor(pool, itemId, userId), userId);
    },

    async rate(itemId, userId, rating) {
      await withTransaction(pool, async (db) => {
        const parties = await partiesFor(db, itemId, userId);
        if (parties.handedOverAt === null) {
          throw new HttpError("HANDOVER_PENDING", "Rate once the item has been handed over.");
        }
        const inserted = await insertRating(db, {
          itemId,
          raterId: userId,
          rateeId: otherParty(parties, userId),
          ...rating,
        });
        if (!inserted) throw new HttpError("ALREADY_RATED", "You have already rated this sale.");
      });
      const mine = (await ratingsOfSale(pool, itemId)).find((r) => r.rater.id === userId);
      if (!mine) throw new Error("the rating just written is missing");
      return mine;
    },

    async messages(itemId, userId, page) {
      await partiesFor(pool, itemId, userId);
      return listMessages(pool, itemId, page);
    },

    async send(itemId, userId, body) {
      const message = await withTransaction(pool, async (db) => {
        // First, before any read: the count below must see every message committed so far.
        await lockSender(db, userId);
        const parties = await partiesFor(db, itemId, userId);
        if ((await messagesSentInLastMinute(db, userId)) >= afterSaleLimits.messagesPerMinute) {
          throw new HttpError(
            "RATE_LIMITED",
            `At most ${afterSaleLimits.messagesPerMinute} messages a minute. Please wait a moment.`,
          );
        }
        const written = await insertMessage(db, { itemId, senderId: userId, body });
        await insertNotification(db, {
          userId: otherParty(parties, userId),
          kind: "message",
          itemId,
          amount: null,
        });
        return written;
      });
      options.onMessage();
      return message;
    },
  };
}
