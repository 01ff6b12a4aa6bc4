import type { Notification } from "@ssgbay/contract";
import { formatWon } from "../lib/money";
import type { AfterSaleTranslate } from "./text";

/** One line saying what a notification is about, in the reader's language. */
export function notificationText(
  notification: Notification,
  t: AfterSaleTranslate,
  locale: string,
): string {
  const values = {
    title: notification.item.title,
    price: notification.amount === null ? "" : formatWon(notification.amount, locale),
  };
  return t(`notifications.${notification.kind}`, values);
}
