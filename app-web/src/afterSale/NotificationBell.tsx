import { useState } from "react";
import { NavLink } from "react-router";
import { useAfterSaleApi } from "./endpoints";
import { useMyEvents } from "./myEvents";
import styles from "./NotificationBell.module.css";
import { useAfterSaleText } from "./text";

/** The header's link to the notifications page with the live unread count (its own chunk). */
export function NotificationBell() {
  const t = useAfterSaleText();
  const api = useAfterSaleApi();
  const [unread, setUnread] = useState(0);
  useMyEvents(api.myEventsUrl(), { onUnread: setUnread });
  return (
    <NavLink
      to="/notifications"
      className={styles.bell}
      aria-label={
        unread > 0 ? t("notifications.bellUnread", { count: unread }) : t("notifications.bell")
      }
      data-testid="notification-bell"
    >
      <span aria-hidden="true">🔔</span>
      {unread > 0 ? (
        <span className={styles.badge} data-testid="unread-count" aria-hidden="true">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </NavLink>
  );
}

export default NotificationBell;
