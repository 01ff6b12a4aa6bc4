import { useCallback } from "react";
import { Link } from "react-router";
import { useAfterSaleApi } from "../afterSale/endpoints";
import { OlderPageButton, useIdPages } from "../afterSale/idPages";
import { useMyEvents } from "../afterSale/myEvents";
import { notificationText } from "../afterSale/notificationText";
import { useAfterSaleText } from "../afterSale/text";
import { Alert } from "../components/Alert";
import { PageLoading } from "../components/PageLoading";
import { usePageTitle } from "../hooks/usePageTitle";
import { useI18n } from "../i18n/i18n";
import { errorMessage } from "../lib/errorMessage";
import { formatDateTime } from "../lib/time";
import styles from "./NotificationsPage.module.css";

/** My notifications, newest first; new ones arrive live; opening one marks it read. */
export function Component() {
  const at = useAfterSaleText();
  const { t, locale } = useI18n();
  const api = useAfterSaleApi();
  usePageTitle(at("notifications.title"));
  const fetchPage = useCallback(
    async (before: number | undefined, signal?: AbortSignal) => {
      const page = await api.listNotifications(before ? { before } : {}, signal);
      return { items: page.notifications, nextBefore: page.nextBefore };
    },
    [api],
  );
  const list = useIdPages(fetchPage, false);
  const { items, failure, update: setItems, setFailure } = list;

  useMyEvents(api.myEventsUrl(), {
    onNotification: ({ notification }) => list.add([notification]),
  });

  const markRead = async (ids: number[] | "all") => {
    try {
      await api.markNotificationsRead(ids === "all" ? { all: true } : { ids });
      setItems(
        (shown) =>
          shown?.map((item) =>
            ids === "all" || ids.includes(item.id) ? { ...item, read: true } : item,
          ) ?? null,
      );
    } catch (error) {
      setFailure(error);
    }
  };

  if (!items && !failure) return <PageLoading />;
  return (
    <div className={`container ${styles.page}`}>
      <div className={styles.heading}>
        <h1>{at("notifications.title")}</h1>
        {items?.some((item) => !item.read) ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void markRead("all")}
          >
            {at("notifications.markAll")}
          </button>
        ) : null}
      </div>
      {failure ? <Alert kind="error">{errorMessage(failure, t, locale)}</Alert> : null}
      {items && items.length === 0 ? <p>{at("notifications.empty")}</p> : null}
      <ul className={styles.list} data-testid="notification-list">
        {items?.map((item) => (
          <li key={item.id} className={item.read ? styles.read : styles.unread}>
            <Link
              to={`/items/${item.item.id}`}
              onClick={() => void (item.read || markRead([item.id]))}
            >
              {item.read ? null : <span className={styles.dot}>{at("notifications.unread")}</span>}
              {notificationText(item, at, locale)}
            </Link>
            <time dateTime={item.createdAt}>{formatDateTime(item.createdAt, locale)}</time>
          </li>
        ))}
      </ul>
      <OlderPageButton nextBefore={list.nextBefore} onClick={list.loadOlder}>
        {at("notifications.more")}
      </OlderPageButton>
    </div>
  );
}
